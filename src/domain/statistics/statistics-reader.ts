import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { AGGREGATE_COLUMNS, AGGREGATE_COUNTERS, type AggregateCounts } from './aggregate-counts.js';
import type { AggregateRange, RangePart } from './statistics-period.js';
import { AGGREGATE_TABLES, type AggregateSource } from './statistics-store.js';

/** What the rows are grouped by: a dimension (with its display name) and optionally a sub-period. */
export type AggregateKeyBy = 'all' | 'unit' | 'channel' | 'procedure' | 'field';
export type AggregateSubBy = 'none' | 'day' | 'month';

export interface AggregateRequest {
  unitIds: readonly number[];
  ranges: readonly AggregateRange[];
  keyBy: AggregateKeyBy;
  subBy: AggregateSubBy;
}

/** Summed counters of one group over one part of the ranges. */
export interface AggregateSum<C = AggregateCounts> {
  part: RangePart;
  /** The sub-period (`YYYY-MM-DD` or `YYYY-MM`) of an `in` sum when grouping by time; '' otherwise. */
  sub: string;
  key: string;
  /** Display name of the key (unit, procedure or field name); null for channels and totals. */
  name: string | null;
  counts: C;
}

/** Aggregate tables (daily rows and their monthly rollup) keyed by unit, a dimension and a bucket (day or month). */
export interface AggregateTables {
  daily: string;
  monthly: string;
  /** The column the rows are keyed by besides the unit: `channel` or `procedure_id`. */
  dimension: string;
}

/**
 * Which tables a reader sums and what it computes of them: `columns` are read from the tables
 * (constants, spliced into SQL), and each output of `aggregates` is an SQL aggregate over the
 * union `x` (columns unit_id, dimension, bucket and `columns`).
 */
export interface AggregateSchema<K extends string> {
  tables: Readonly<Record<AggregateSource, AggregateTables>>;
  columns: readonly string[];
  aggregates: Readonly<Record<K, string>>;
}

const SOURCE_OF: Readonly<Record<AggregateKeyBy, AggregateSource>> = {
  all: 'unit',
  unit: 'unit',
  channel: 'unit',
  procedure: 'procedure',
  field: 'procedure',
};

/** Key, name and joins of each grouping, over the union `x` (columns unit_id, dimension, bucket, counters). */
const KEYS: Readonly<Record<AggregateKeyBy, { key: string; name: string; joins: string }>> = {
  all: { key: `'ALL'`, name: 'null::text', joins: '' },
  unit: { key: 'u.code', name: 'u.name', joins: 'join administrative_unit u on u.id = x.unit_id' },
  channel: { key: 'x.dimension', name: 'null::text', joins: '' },
  procedure: { key: 'p.code', name: 'p.name', joins: 'join procedure p on p.id = x.dimension' },
  field: { key: 'f.code', name: 'f.name', joins: 'join procedure p on p.id = x.dimension join field f on f.code = p.field_code' },
};

/** The sub-period of a row (grouped as a date, worded once per group). */
const SUBS: Readonly<Record<AggregateSubBy, { group: string; text: string }>> = {
  none: { group: 'null::date', text: `''` },
  day: { group: 'x.bucket', text: `to_char(g.sub_date, 'YYYY-MM-DD')` },
  month: { group: `date_trunc('month', x.bucket)::date`, text: `to_char(g.sub_date, 'YYYY-MM')` },
};

/**
 * Reads aggregates of per-day counter tables (statistics-store.ts for the design): one statement, a
 * union of index range scans (one per range, on the tables' primary keys), grouped by key and
 * sub-period. The statistics read their four tables through it, the service index its own.
 */
export class AggregateReader<K extends string> {
  constructor(
    private readonly orm: MikroORM,
    private readonly schema: AggregateSchema<K>,
  ) {}

  async sums(request: AggregateRequest): Promise<AggregateSum<Record<K, number>>[]> {
    const tables = this.schema.tables[SOURCE_OF[request.keyBy]];
    const columns = this.schema.columns.map((c) => `"${c}"`).join(', ');
    const parts = request.ranges.map((range) => {
      const table = range.granularity === 'daily' ? tables.daily : tables.monthly;
      const bucket = range.granularity === 'daily' ? 'day' : 'month';
      const lower = range.from === null ? sql`` : sql`and ${sql.ref(bucket)} >= ${range.from}::date`;
      return sql`select ${range.part}::text as part, unit_id, ${sql.ref(tables.dimension)} as dimension, ${sql.ref(bucket)} as bucket,
        ${sql.raw(columns)} from ${sql.table(table)}
        where unit_id = any(${[...request.unitIds]}::bigint[]) ${lower} and ${sql.ref(bucket)} <= ${range.to}::date`;
    });
    const { key, name, joins } = KEYS[request.keyBy];
    const sub = SUBS[request.subBy];
    const outputs = Object.keys(this.schema.aggregates) as K[];
    const aggregates = outputs.map((k) => sql.raw(`(${this.schema.aggregates[k]})::bigint as "${k}"`));
    const { rows } = await sql<Record<string, string | null>>`select g.*, coalesce(${sql.raw(sub.text)}, '') as sub from (
        select x.part, ${sql.raw(`case when x.part = 'in' then ${sub.group} end`)} as sub_date, ${sql.raw(key)} as key, ${sql.raw(name)} as name,
          ${sql.join(aggregates)}
        from (${sql.join(parts, sql` union all `)}) x ${sql.raw(joins)}
        group by 1, 2, 3, 4) g`.execute(this.orm.em.fork().getKysely());
    return rows.map((r) => ({
      part: r.part as RangePart,
      sub: r.sub!,
      key: r.key!,
      name: r.name,
      counts: Object.fromEntries(outputs.map((k) => [k, Number(r[k])])) as Record<K, number>,
    }));
  }
}

/** The statistics' schema: the four tables of statistics-store.ts, every counter summed. */
export const STATISTICS_SCHEMA: AggregateSchema<keyof AggregateCounts> = {
  tables: AGGREGATE_TABLES,
  columns: AGGREGATE_COUNTERS.map((c) => AGGREGATE_COLUMNS[c]),
  aggregates: Object.fromEntries(AGGREGATE_COUNTERS.map((c) => [c, `sum(x."${AGGREGATE_COLUMNS[c]}")`])) as Record<keyof AggregateCounts, string>,
};
