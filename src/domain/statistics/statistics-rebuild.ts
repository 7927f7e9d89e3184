import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { DossierStatus, UNFINISHED_STATUSES } from '../dossier/dossier-enums.js';
import { VN_TIME_ZONE } from '../time/local-time.js';
import { AGGREGATE_COLUMNS, AGGREGATE_COUNTERS, type AggregateCounter } from './aggregate-counts.js';
import { AGGREGATE_TABLES, COUNTER_COLUMNS, columnList, sumList } from './statistics-store.js';

/**
 * Recomputes every statistics aggregate from the dossier tables: for operators after a bulk load
 * that bypassed the application, for the benchmark's generated data, and for the migration that
 * creates the tables on a database that already holds dossiers.
 *
 * The rules are those of statistics-deltas.ts, written in SQL over each dossier's history in
 * order: an event whose status leaves or enters the unfinished set is a receipt or a finish;
 * `lag(due_date)` is the due date before the event; the overdue tail is taken back on
 * max(previous due + 1, day) and put again on max(due + 1, day). One pass over dossier_event builds
 * the finest grain (unit, procedure, channel, day) in a temporary table; the four tables are
 * grouped from it. The procedure's online level is read from the catalogue as it is now (the
 * listener records the level at receipt; they differ only for dossiers received before a
 * procedure changed level).
 *
 * The tables are locked against writers (EXCLUSIVE: readers go on, dossier changes wait) before the
 * computation reads the dossiers, so no change is lost or counted twice; readers see the old
 * figures until the commit.
 */
const OPEN = [...UNFINISHED_STATUSES].map((s) => `'${s}'`).join(', ');
const TABLES = Object.values(AGGREGATE_TABLES).flatMap((t) => [t.daily, t.monthly]);
const DELTA_TABLE = 'statistics_rebuild_delta';

const counter = (expression: string) => `(${expression})::int`;

/** The SQL statements of a rebuild, in order, to run in one transaction (constants only: no parameters). */
export function rebuildStatements(): string[] {
  const finishing = "was_open and not is_open";
  const receiving = "is_open and not was_open";
  const flow: Record<AggregateCounter, string> = {
    receivedOnline: counter(`${receiving} and channel = 'ONLINE'`),
    receivedInPerson: counter(`${receiving} and channel = 'IN_PERSON'`),
    receivedPostal: counter(`${receiving} and channel = 'POSTAL'`),
    receivedFull: counter(`${receiving} and online_level = 'FULL'`),
    receivedFullOnline: counter(`${receiving} and online_level = 'FULL' and channel = 'ONLINE'`),
    receivedPartial: counter(`${receiving} and online_level = 'PARTIAL'`),
    receivedPartialOnline: counter(`${receiving} and online_level = 'PARTIAL' and channel = 'ONLINE'`),
    resolvedEarly: counter(`${finishing} and finish = 'EARLY'`),
    resolvedOnTime: counter(`${finishing} and finish = 'ON_TIME'`),
    resolvedLate: counter(`${finishing} and finish = 'LATE'`),
    withdrawn: counter(`${finishing} and finish = 'WITHDRAWN'`),
    overdueDelta: '0',
  };
  const flows = AGGREGATE_COUNTERS.map((c) => `${flow[c]} as "${AGGREGATE_COLUMNS[c]}"`).join(', ');
  const overdueOnly = (day: string, delta: number) =>
    [day, ...AGGREGATE_COUNTERS.map((c) => (c === 'overdueDelta' ? String(delta) : '0'))].join(', ');
  const nonZero = COUNTER_COLUMNS.map((c) => `sum("${c}") <> 0`).join(' or ');
  const keys = 'unit_id, procedure_id, channel';

  const statements = [
    `lock table ${TABLES.map((t) => `"${t}"`).join(', ')} in exclusive mode`,
    `create temporary table ${DELTA_TABLE} on commit drop as
     with event as (
       select e.dossier_id, e.to_status, e.due_date,
         lag(e.due_date) over (partition by e.dossier_id order by e.seq) as previous_due_date,
         coalesce(e.from_status in (${OPEN}), false) as was_open,
         e.to_status in (${OPEN}) as is_open,
         (e.at at time zone '${VN_TIME_ZONE}')::date as day
       from dossier_event e
     ), change as (
       select d.unit_id, d.procedure_id, d.channel, p.online_level, ev.was_open, ev.is_open, ev.day, ev.due_date, ev.previous_due_date,
         case when ev.to_status = '${DossierStatus.WITHDRAWN}' then 'WITHDRAWN'
              when ev.day < ev.previous_due_date then 'EARLY'
              when ev.day = ev.previous_due_date then 'ON_TIME'
              else 'LATE' end as finish
       from event ev join dossier d on d.id = ev.dossier_id join procedure p on p.id = d.procedure_id
       where ev.was_open or ev.is_open
     ), delta as (
       select ${keys}, day, ${flows} from change where was_open <> is_open
       union all
       select ${keys}, ${overdueOnly('greatest(previous_due_date + 1, day)', -1)} from change where was_open
       union all
       select ${keys}, ${overdueOnly('greatest(due_date + 1, day)', 1)} from change where is_open
     )
     select ${keys}, day, ${COUNTER_COLUMNS.map((c) => `sum("${c}")::int as "${c}"`).join(', ')}
     from delta group by ${keys}, day having ${nonZero}`,
    ...TABLES.map((t) => `truncate table "${t}"`),
  ];
  for (const [source, tables] of Object.entries(AGGREGATE_TABLES)) {
    const dimension = source === 'unit' ? 'channel' : 'procedure_id';
    for (const [bucket, table] of [['day', tables.daily], ['month', tables.monthly]] as const) {
      const bucketExpression = bucket === 'day' ? 'day' : `date_trunc('month', day)::date`;
      statements.push(`insert into "${table}" (unit_id, ${dimension}, "${bucket}", ${columnList()})
        select unit_id, ${dimension}, ${bucketExpression}, ${sumList()} from ${DELTA_TABLE}
        group by unit_id, ${dimension}, ${bucketExpression} having ${nonZero}`);
    }
  }
  statements.push(`drop table ${DELTA_TABLE}`);
  return statements;
}

export interface RebuildResult {
  /** Rows written per table. */
  rows: Record<string, number>;
  ms: number;
}

/**
 * Rebuilds the aggregates in one transaction. `workMem` raises PostgreSQL's work_mem for this
 * transaction only (a rebuild sorts and hashes every event once).
 */
export async function rebuildStatistics(orm: MikroORM, options: { workMem?: string } = {}): Promise<RebuildResult> {
  const started = Date.now();
  return orm.em.fork().transactional(async (em) => {
    const db = em.getKysely();
    if (options.workMem) await sql`select set_config('work_mem', ${options.workMem}, true)`.execute(db);
    for (const statement of rebuildStatements()) await sql.raw(statement).execute(db);
    const rows: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows: counted } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      rows[table] = Number(counted[0]!.n);
    }
    return { rows, ms: Date.now() - started };
  });
}
