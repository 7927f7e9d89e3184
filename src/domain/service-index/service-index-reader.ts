import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { AGGREGATE_TABLES } from '../statistics/statistics-store.js';
import { AggregateReader, type AggregateKeyBy, type AggregateRequest, type AggregateSchema } from '../statistics/statistics-reader.js';
import { COMMUNE_LEVEL_KINDS } from '../unit/unit-kind.js';
import { SERVICE_INDEX_COLUMNS, type ServiceIndexCounts } from './service-index-counts.js';
import { SERVICE_INDEX_TABLES } from './service-index-store.js';

/** The service index tables, every counter summed. */
const SERVICE_INDEX_SCHEMA: AggregateSchema<keyof ServiceIndexCounts> = {
  tables: SERVICE_INDEX_TABLES,
  columns: SERVICE_INDEX_COLUMNS,
  aggregates: Object.fromEntries(SERVICE_INDEX_COLUMNS.map((c) => [c, `sum(x."${c}")`])),
};

/** Procedures with a dossier received online: counted from the statistics' per-procedure tables. */
const ONLINE_USE_SCHEMA: AggregateSchema<'usedOnline'> = {
  tables: { unit: AGGREGATE_TABLES.procedure, procedure: AGGREGATE_TABLES.procedure },
  columns: ['received_online'],
  aggregates: { usedOnline: `count(distinct x.dimension) filter (where x."received_online" > 0)` },
};

const COMMUNE_KINDS = [...COMMUNE_LEVEL_KINDS].map((k) => `'${k}'`).join(', ');

/** The key of an offering `o`, grouped like the rows (none by channel: a procedure is offered on every channel). */
const OFFERED_KEY: Readonly<Record<Exclude<AggregateKeyBy, 'channel'>, string>> = {
  all: `'ALL'`,
  unit: 'o.unit_code',
  field: 'o.field_code',
  procedure: 'o.procedure_code',
};

export interface OfferedCounts {
  offered: number;
  online: number;
  full: number;
}

/**
 * Reads the service index's counters (service-index-store.ts), the procedures used online, and
 * what the catalogue offers the units of a scope: a unit offers the procedures of its level
 * (PROVINCE for a province or city and the departments under it, COMMUNE for a ward, commune or
 * special zone and theirs), as the catalogue stands now.
 */
export class ServiceIndexReader {
  private readonly counters: AggregateReader<keyof ServiceIndexCounts>;
  private readonly onlineUse: AggregateReader<'usedOnline'>;

  constructor(private readonly orm: MikroORM) {
    this.counters = new AggregateReader(orm, SERVICE_INDEX_SCHEMA);
    this.onlineUse = new AggregateReader(orm, ONLINE_USE_SCHEMA);
  }

  sums(request: AggregateRequest) {
    return this.counters.sums(request);
  }

  usedOnline(request: AggregateRequest) {
    return this.onlineUse.sums(request);
  }

  /** Procedures offered by key, with those offered online (FULL or PARTIAL) and fully online (FULL). */
  async offered(unitIds: readonly number[], keyBy: Exclude<AggregateKeyBy, 'channel'>): Promise<Map<string, OfferedCounts>> {
    // One row per (unit, procedure) offered when grouping by unit; per procedure otherwise (a procedure counts once in a scope).
    const offerings = keyBy === 'unit'
      ? sql`select u.code as unit_code, p.code as procedure_code, p.field_code, p.online_level from units u join procedure p on p.level = u.level`
      : sql`select distinct null::text as unit_code, p.code as procedure_code, p.field_code, p.online_level from procedure p where p.level in (select level from units)`;
    const { rows } = await sql<{ key: string; offered: number; online: number; full: number }>`
      with units as (
        select u.id, u.code, case when u.kind in (${sql.raw(COMMUNE_KINDS)}) or parent.kind in (${sql.raw(COMMUNE_KINDS)}) then 'COMMUNE' else 'PROVINCE' end as level
        from administrative_unit u left join administrative_unit parent on parent.id = u.parent_id
        where u.id = any(${[...unitIds]}::bigint[])
      )
      select ${sql.raw(OFFERED_KEY[keyBy])} as key,
        count(*)::int as offered, count(*) filter (where o.online_level <> 'NONE')::int as online, count(*) filter (where o.online_level = 'FULL')::int as full
      from (${offerings}) o group by 1`.execute(this.orm.em.fork().getKysely());
    return new Map(rows.map((r) => [r.key, { offered: r.offered, online: r.online, full: r.full }]));
  }
}
