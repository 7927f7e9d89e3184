import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { DossierStatus, UNFINISHED_STATUSES } from '../vocabulary/dossier-enums.js';
import { AGGREGATE_COLUMNS, AGGREGATE_COUNTERS, type AggregateCounter } from './aggregate-counts.js';
import { rebuildServiceIndex } from '../service-index/service-index-rebuild.js';
import { SERVICE_INDEX_TABLE_NAMES } from '../service-index/service-index-store.js';
import { AGGREGATE_TABLES, COUNTER_COLUMNS, columnList, sumList } from './statistics-store.js';

/**
 * Recomputes every statistics aggregate from the dossier tables: for operators after a bulk load
 * that bypassed the application, for the benchmark's generated data, and for the migration that
 * creates the tables on a database that already holds dossiers.
 *
 * The rules are those of statistics-deltas.ts, written in SQL over every history event joined to
 * the event before it (same dossier, seq - 1: the due date before the event). An event may
 * contribute three rows, picked by k: (1) on its day, a receipt or a finish when its status enters
 * or leaves the unfinished set; (2) the overdue tail taken back, -1 on max(previous due + 1, day),
 * when the dossier was unfinished; (3) the tail put again, +1 on max(due + 1, day), when it still
 * is. Events that stay unfinished with the same due date contribute nothing and are skipped. One
 * pass (parallel scans and hash joins, no sort) builds the finest grain (unit, procedure, channel,
 * day) in a temporary table; the four tables are grouped from it. The online level is the one
 * recorded on the dossier at receipt (dossier.online_level), as the listener counts it, so a
 * procedure that changed level since does not move past receipts.
 *
 * The tables are locked against writers (EXCLUSIVE: readers go on, dossier changes wait) before the
 * computation reads the dossiers, so no change is lost or counted twice; readers see the old
 * figures until the commit. The old rows go with DELETE, not TRUNCATE: TRUNCATE takes an ACCESS
 * EXCLUSIVE lock, which would hold every statistics request until the rebuild commits.
 */
const OPEN = [...UNFINISHED_STATUSES].map((s) => `'${s}'`).join(', ');
const TABLES = Object.values(AGGREGATE_TABLES).flatMap((t) => [t.daily, t.monthly]);
const DELTA_TABLE = 'statistics_rebuild_delta';
/** Vietnam's fixed UTC offset (local-time.ts): a fixed interval converts far faster than a zone name. */
const LOCAL_DAY = `(e.at at time zone interval '+07:00')::date`;

/** Each counter's value in the row of contribution k (see above), over an event `c`. */
function contribution(counter: AggregateCounter): string {
  if (counter === 'overdueDelta') return 'case k when 2 then -1 when 3 then 1 else 0 end';
  const receiving = 'k = 1 and c.is_open';
  const finishing = 'k = 1 and c.was_open';
  const conditions: Record<Exclude<AggregateCounter, 'overdueDelta'>, string> = {
    receivedOnline: `${receiving} and c.channel = 'ONLINE'`,
    receivedInPerson: `${receiving} and c.channel = 'IN_PERSON'`,
    receivedPostal: `${receiving} and c.channel = 'POSTAL'`,
    receivedFull: `${receiving} and c.online_level = 'FULL'`,
    receivedFullOnline: `${receiving} and c.online_level = 'FULL' and c.channel = 'ONLINE'`,
    receivedPartial: `${receiving} and c.online_level = 'PARTIAL'`,
    receivedPartialOnline: `${receiving} and c.online_level = 'PARTIAL' and c.channel = 'ONLINE'`,
    resolvedEarly: `${finishing} and c.finish = 'EARLY'`,
    resolvedOnTime: `${finishing} and c.finish = 'ON_TIME'`,
    resolvedLate: `${finishing} and c.finish = 'LATE'`,
    withdrawn: `${finishing} and c.finish = 'WITHDRAWN'`,
  };
  return `(${conditions[counter]})::int`;
}

/** The SQL statements of a rebuild, in order, to run in one transaction (constants only: no parameters). */
export function rebuildStatements(): string[] {
  const nonZero = (prefix: string) => COUNTER_COLUMNS.map((c) => `sum(${prefix}"${c}") <> 0`).join(' or ');
  const statements = [
    `lock table ${TABLES.map((t) => `"${t}"`).join(', ')} in exclusive mode`,
    `create temporary table ${DELTA_TABLE} on commit drop as
     select x.unit_id, x.procedure_id, x.channel, x.day, ${COUNTER_COLUMNS.map((c) => `sum(x."${c}")::int as "${c}"`).join(', ')}
     from (
       select c.unit_id, c.procedure_id, c.channel,
         case k when 1 then c.day when 2 then greatest(c.previous_due_date + 1, c.day) else greatest(c.due_date + 1, c.day) end as day,
         ${AGGREGATE_COUNTERS.map((counter) => `${contribution(counter)} as "${AGGREGATE_COLUMNS[counter]}"`).join(',\n         ')}
       from (
         select d.unit_id, d.procedure_id, d.channel, d.online_level, e.due_date, before.due_date as previous_due_date,
           coalesce(e.from_status in (${OPEN}), false) as was_open,
           e.to_status in (${OPEN}) as is_open,
           ${LOCAL_DAY} as day,
           case when e.to_status = '${DossierStatus.WITHDRAWN}' then 'WITHDRAWN' when e.at > before.due_at then 'LATE'
                when ${LOCAL_DAY} < before.due_date then 'EARLY'
                when ${LOCAL_DAY} = before.due_date then 'ON_TIME' else 'LATE' end as finish
         from dossier_event e
         left join dossier_event before on e.from_status in (${OPEN}) and before.dossier_id = e.dossier_id and before.seq = e.seq - 1
         join dossier d on d.id = e.dossier_id
         where e.from_status in (${OPEN}) or e.to_status in (${OPEN})
       ) c
       cross join (values (1), (2), (3)) as contributions(k)
       where case k when 1 then c.was_open <> c.is_open when 2 then c.was_open else c.is_open end
         and not (c.was_open and c.is_open and c.due_date is not distinct from c.previous_due_date)
     ) x
     group by x.unit_id, x.procedure_id, x.channel, x.day having ${nonZero('x.')}`,
    ...TABLES.map((t) => `delete from "${t}"`),
  ];
  for (const [source, tables] of Object.entries(AGGREGATE_TABLES)) {
    const dimension = source === 'unit' ? 'channel' : 'procedure_id';
    for (const [bucket, table] of [['day', tables.daily], ['month', tables.monthly]] as const) {
      const bucketExpression = bucket === 'day' ? 'day' : `date_trunc('month', day)::date`;
      statements.push(`insert into "${table}" (unit_id, ${dimension}, "${bucket}", ${columnList()})
        select unit_id, ${dimension}, ${bucketExpression}, ${sumList()} from ${DELTA_TABLE}
        group by unit_id, ${dimension}, ${bucketExpression} having ${nonZero('')}`);
    }
  }
  statements.push(`drop table ${DELTA_TABLE}`);
  return statements;
}

interface RebuildResult {
  /** Rows written per table. */
  rows: Record<string, number>;
  ms: number;
}

/**
 * Rebuilds the aggregates in one transaction: the statistics' and the service index's. `workMem` raises PostgreSQL's work_mem for this
 * transaction only (a rebuild sorts and hashes every event once).
 */
export async function rebuildStatistics(orm: MikroORM, options: { workMem?: string } = {}): Promise<RebuildResult> {
  const started = Date.now();
  return orm.em.fork().transactional(async (em) => {
    const db = em.getKysely();
    if (options.workMem) await sql`select set_config('work_mem', ${options.workMem}, true)`.execute(db);
    for (const statement of rebuildStatements()) await sql.raw(statement).execute(db);
    // The service index (Decision 766) is derived from the same tables: rebuilt in the same transaction.
    await rebuildServiceIndex(db);
    const rows: Record<string, number> = {};
    for (const table of [...TABLES, ...SERVICE_INDEX_TABLE_NAMES]) {
      const { rows: counted } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      rows[table] = Number(counted[0]!.n);
    }
    return { rows, ms: Date.now() - started };
  });
}
