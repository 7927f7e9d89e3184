import { sql, type Kysely } from 'kysely';
import { DelayReason } from '../vocabulary/delay-reason.js';
import { LATE_COLUMNS, SERVICE_INDEX_COLUMNS } from './service-index-counts.js';
import {
  countColumns, DIGITIZED_DOSSIER_COUNTS, DOCUMENT_COUNTS, PAYMENT_COUNTS, RATING_COUNTS, RECEIPT_DAY, RESULT_COUNTS, SERVICE_INDEX_TABLE_NAMES, SERVICE_INDEX_TABLES, type CountExpressions,
} from './service-index-store.js';

/**
 * Recomputes the service index aggregates from the dossier, payment, rating and digitization tables, with the
 * rules of service-index-deltas.ts written in SQL (and the payment and rating expressions of
 * service-index-store.ts themselves): after a bulk load that bypassed the application, with
 * `npm run statistics:rebuild`, which rebuilds the statistics in the same transaction.
 *
 * A RESOLVE is judged against the due date recorded by the event before it (as the statistics
 * are); the dossier's delay reason and resolution time are its final ones, which are those it had
 * at RESOLVE (both are written at RESOLVE at the latest: lifecycle.ts). Locked like the
 * statistics' rebuild (EXCLUSIVE: readers go on, writers wait), old rows deleted, not truncated.
 */
const LOCAL_DAY = `(e.at at time zone interval '+07:00')::date`;
const LATE = `(before.due_date is null or (before.due_at is not null and e.at > before.due_at) or ${LOCAL_DAY} > before.due_date)`;
const RESOLVE = `e.action = 'RESOLVE'`;

/** The counters of one dossier event `e` (RESOLVE or EXTEND_DEADLINE) of dossier `d`. */
const EVENT_COUNTS: CountExpressions = {
  resolutions: `(${RESOLVE})::int`,
  resolution_calendar_days: `case when ${RESOLVE} then ${LOCAL_DAY} - (d.received_at at time zone interval '+07:00')::date else 0 end`,
  resolutions_timed: `(${RESOLVE} and d.resolution_working_days is not null)::int`,
  resolution_working_days: `case when ${RESOLVE} then coalesce(d.resolution_working_days, 0) else 0 end`,
  ...Object.fromEntries(Object.values(DelayReason).map((r) => [LATE_COLUMNS[r], `coalesce(${RESOLVE} and ${LATE} and d.delay_reason = '${r}', false)::int`])),
  [LATE_COLUMNS.UNRECORDED]: `(${RESOLVE} and ${LATE} and d.delay_reason is null)::int`,
  apologies: `(e.action = 'EXTEND_DEADLINE')::int`,
};

const DELTA_TABLE = 'service_index_rebuild_delta';
const sums = SERVICE_INDEX_COLUMNS.map((c) => `sum("${c}")`).join(', ');
const nonZero = SERVICE_INDEX_COLUMNS.map((c) => `sum("${c}") <> 0`).join(' or ');
const columns = SERVICE_INDEX_COLUMNS.map((c) => `"${c}"`).join(', ');

/** The SQL statements of a rebuild, in order, to run in one transaction (constants only). */
export function serviceIndexRebuildStatements(): string[] {
  const statements = [
    `lock table ${SERVICE_INDEX_TABLE_NAMES.map((t) => `"${t}"`).join(', ')} in exclusive mode`,
    `create temporary table ${DELTA_TABLE} on commit drop as
     select unit_id, procedure_id, channel, day, ${SERVICE_INDEX_COLUMNS.map((c) => `sum("${c}")::bigint as "${c}"`).join(', ')}
     from (
       select d.unit_id, d.procedure_id, d.channel, ${LOCAL_DAY} as day, ${countColumns(EVENT_COUNTS)}
       from dossier_event e
       join dossier d on d.id = e.dossier_id
       left join dossier_event before on ${RESOLVE} and before.dossier_id = e.dossier_id and before.seq = e.seq - 1
       where e.action in ('RESOLVE', 'EXTEND_DEADLINE') and d.received_at is not null
       union all
       select d.unit_id, d.procedure_id, d.channel, p.paid_date, ${countColumns(PAYMENT_COUNTS)}
       from payment_request p join dossier d on d.id = p.dossier_id where p.status = 'PAID'
       union all
       select d.unit_id, d.procedure_id, d.channel, r.rated_date, ${countColumns(RATING_COUNTS)}
       from dossier_rating r join dossier d on d.id = r.dossier_id
       union all
       select d.unit_id, d.procedure_id, d.channel, g.scanned_date, ${countColumns(DOCUMENT_COUNTS)}
       from digitized_document g join dossier d on d.id = g.dossier_id
       union all
       select d.unit_id, d.procedure_id, d.channel, ${RECEIPT_DAY}, ${countColumns(DIGITIZED_DOSSIER_COUNTS)}
       from dossier d where d.received_at is not null and exists (select 1 from digitized_document g where g.dossier_id = d.id)
       union all
       select d.unit_id, d.procedure_id, d.channel, e.issued_date, ${countColumns(RESULT_COUNTS)}
       from electronic_result e join dossier d on d.id = e.dossier_id
     ) x
     group by unit_id, procedure_id, channel, day having ${nonZero}`,
    ...SERVICE_INDEX_TABLE_NAMES.map((t) => `delete from "${t}"`),
  ];
  for (const tables of Object.values(SERVICE_INDEX_TABLES)) {
    for (const [bucket, table] of [['day', tables.daily], ['month', tables.monthly]] as const) {
      const bucketExpression = bucket === 'day' ? 'day' : `date_trunc('month', day)::date`;
      statements.push(`insert into "${table}" (unit_id, ${tables.dimension}, "${bucket}", ${columns})
     select unit_id, ${tables.dimension}, ${bucketExpression}, ${sums} from ${DELTA_TABLE}
     group by unit_id, ${tables.dimension}, ${bucketExpression}`);
    }
  }
  statements.push(`drop table ${DELTA_TABLE}`);
  return statements;
}

/** Rebuilds the service index in the caller's transaction (statistics-rebuild.ts calls it in its own). */
export async function rebuildServiceIndex(db: Kysely<any>): Promise<void> {
  for (const statement of serviceIndexRebuildStatements()) await sql.raw(statement).execute(db);
}
