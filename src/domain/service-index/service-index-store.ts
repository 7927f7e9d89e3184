/**
 * The service index aggregates (Decision 766): the counters of service-index-counts.ts per day and
 * per month, by unit and channel and by unit and procedure, like the statistics' four tables
 * (Migration20261206300000ServiceIndex), kept exact the way the statistics are (statistics-store.ts):
 * every write happens in the transaction of what it counts, through the PL/pgSQL function
 * service_index_apply (planned once per connection), which takes the statistics' advisory lock
 * of the unit first, so that writers of one unit are ordered the same way in both and cannot
 * deadlock. Dossier events are counted by ServiceIndexListener; payments when a request is marked
 * paid (paymentStore.markPaid) and ratings when one is recorded (satisfactionStore.insertRating),
 * from their own rows by the same SQL expressions the rebuild uses (service-index-rebuild.ts).
 * Groupings by field and procedure read the procedure tables, the others the smaller unit tables.
 * A period is all flows, so a request reads only the months and days of the period itself, never
 * the history before it.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LocalDate } from '../time/local-time.js';
import type { Channel } from '../vocabulary/dossier-enums.js';
import { SATISFIED_STARS, SERVICE_INDEX_COLUMNS, type ServiceIndexCounts } from './service-index-counts.js';

/** Laid out like the statistics' (statistics-store.ts): per unit and channel, and per unit and procedure. */
export const SERVICE_INDEX_TABLES = {
  unit: { daily: 'service_index_unit_daily', monthly: 'service_index_unit_monthly', dimension: 'channel' },
  procedure: { daily: 'service_index_procedure_daily', monthly: 'service_index_procedure_monthly', dimension: 'procedure_id' },
} as const;

export const SERVICE_INDEX_TABLE_NAMES: readonly string[] = Object.values(SERVICE_INDEX_TABLES).flatMap((t) => [t.daily, t.monthly]);

export interface ServiceIndexKey {
  unitId: number;
  procedureId: number;
  channel: Channel;
}

/** The select that adds `counts` to the day's and the month's rows (all counters, in SERVICE_INDEX_COLUMNS order). */
export function serviceIndexApplyQuery(key: ServiceIndexKey, day: LocalDate, counts: Partial<ServiceIndexCounts>): RawBuilder<unknown> {
  const values = SERVICE_INDEX_COLUMNS.map((c) => counts[c] ?? 0);
  return sql`select service_index_apply(${key.unitId}::bigint, ${key.procedureId}::bigint, ${key.channel}::text, ${day}::date, ${values}::bigint[])`;
}

/** SQL counter expressions of a row (columns of SERVICE_INDEX_COLUMNS not named count 0). */
export type CountExpressions = Partial<Record<string, string>>;

/** The counters of one paid payment request `p` (payment_request), counted on its paid_date. */
export const PAYMENT_COUNTS: CountExpressions = {
  paid_online: `(p.method = 'ONLINE')::int`,
  paid_online_amount: `case when p.method = 'ONLINE' then p.amount else 0 end`,
  paid_cash: `(p.method = 'CASH')::int`,
  paid_cash_amount: `case when p.method = 'CASH' then p.amount else 0 end`,
};

/** The counters of one rating `r` (dossier_rating), counted on its rated_date. */
export const RATING_COUNTS: CountExpressions = {
  ratings: '1',
  rating_stars: 'r.stars',
  ratings_satisfied: `(r.stars >= ${SATISFIED_STARS})::int`,
};

/** The counters of one digitized document `g` (digitized_document), counted on its scanned_date. */
export const DOCUMENT_COUNTS: CountExpressions = {
  documents_digitized: '(g.reused_from_id is null)::int',
  documents_reused: '(g.reused_from_id is not null)::int',
};

/** A dossier with digitized documents, counted once on the day it was received. */
export const DIGITIZED_DOSSIER_COUNTS: CountExpressions = { received_digitized: '1' };

/** An electronic result `e` (electronic_result), counted on its issued_date. */
export const RESULT_COUNTS: CountExpressions = { electronic_results: '1' };

/** The local day a dossier `d` was received. */
export const RECEIPT_DAY = `(d.received_at at time zone interval '+07:00')::date`;

/** `expressions` as one select list in SERVICE_INDEX_COLUMNS order, each named after its column. */
export function countColumns(expressions: CountExpressions): string {
  return SERVICE_INDEX_COLUMNS.map((c) => `${expressions[c] ?? '0'} as "${c}"`).join(', ');
}

function countArray(expressions: CountExpressions): string {
  return `array[${SERVICE_INDEX_COLUMNS.map((c) => expressions[c] ?? '0').join(', ')}]::bigint[]`;
}

/** Counts the payment request `id` once it is PAID (in the transaction that marked it paid). */
export async function countPaidRequest(db: Kysely<any>, id: number): Promise<void> {
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, p.paid_date, ${sql.raw(countArray(PAYMENT_COUNTS))})
    from payment_request p join dossier d on d.id = p.dossier_id where p.id = ${id} and p.status = 'PAID'`.execute(db);
}

/**
 * Counts the digitized document `id` (in the transaction that recorded it, under the dossier's row
 * lock), and its dossier as digitized when this is its first document and it was received already
 * (a filing still SUBMITTED is counted when it is accepted: ServiceIndexListener).
 */
export async function countDigitizedDocument(db: Kysely<any>, id: number): Promise<void> {
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, g.scanned_date, ${sql.raw(countArray(DOCUMENT_COUNTS))})
    from digitized_document g join dossier d on d.id = g.dossier_id where g.id = ${id}`.execute(db);
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, ${sql.raw(RECEIPT_DAY)}, ${sql.raw(countArray(DIGITIZED_DOSSIER_COUNTS))})
    from digitized_document g join dossier d on d.id = g.dossier_id
    where g.id = ${id} and d.received_at is not null and not exists (select 1 from digitized_document o where o.dossier_id = g.dossier_id and o.id <> g.id)`.execute(db);
}

/** Counts a filing accepted now as digitized when documents were digitized before its receipt. */
export async function countDigitizedAtReceipt(db: Kysely<any>, dossierId: number): Promise<void> {
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, ${sql.raw(RECEIPT_DAY)}, ${sql.raw(countArray(DIGITIZED_DOSSIER_COUNTS))})
    from dossier d where d.id = ${dossierId} and d.received_at is not null and exists (select 1 from digitized_document g where g.dossier_id = d.id)`.execute(db);
}

/** Counts the electronic result of dossier `dossierId` (in the transaction that issued it). */
export async function countElectronicResult(db: Kysely<any>, dossierId: number): Promise<void> {
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, e.issued_date, ${sql.raw(countArray(RESULT_COUNTS))})
    from electronic_result e join dossier d on d.id = e.dossier_id where e.dossier_id = ${dossierId}`.execute(db);
}

/** Counts the rating of dossier `dossierId` (in the transaction that recorded it). */
export async function countRating(db: Kysely<any>, dossierId: number): Promise<void> {
  await sql`select service_index_apply(d.unit_id, d.procedure_id, d.channel, r.rated_date, ${sql.raw(countArray(RATING_COUNTS))})
    from dossier_rating r join dossier d on d.id = r.dossier_id where r.dossier_id = ${dossierId}`.execute(db);
}
