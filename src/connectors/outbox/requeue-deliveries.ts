import { sql, type Kysely } from 'kysely';
import type { DossierSyncEvent } from '../sdk/index.js';
import { SYNC_CHANNEL, unitParentCodeOf } from './outbox-listener.js';

/** A delivery to queue again: the key, kind and payload of the record it supersedes, if any. */
export interface RequeuedDelivery {
  key: string;
  kind: string;
  event: DossierSyncEvent;
  /** The acknowledged record the remote lost; null for a change the outbox never recorded. */
  supersedes: number | null;
}

/**
 * The one way a delivery a remote lost is sent again (reconciliation's repair, and the result poll
 * when a remote no longer knows what it acknowledged), in the caller's transaction: the
 * acknowledged record is marked superseded and kept, as evidence that the remote acknowledged it,
 * and a new PENDING record with the SAME idempotency key and payload takes its place; a remote that
 * does hold it dedupes on the key, so nothing is ever counted twice. Deliveries go in the given
 * order (the outbox delivers one dossier's records by id).
 *
 * Concurrent callers cannot queue one delivery twice: a record another caller superseded first is
 * left to it, and a key already in force is not inserted again. Returns the ids of the dossiers
 * that actually got a new record.
 */
export async function requeueDeliveries(
  db: Kysely<any>,
  connector: string,
  deliveries: readonly RequeuedDelivery[],
  options: { reportId?: number | null; reason?: string | null } = {},
): Promise<Set<number>> {
  const supersedes = deliveries.flatMap((d) => (d.supersedes === null ? [] : [d.supersedes]));
  const superseded = new Set<number>();
  if (supersedes.length > 0) {
    const { rows } = await sql<{ id: string }>`update sync_record set superseded_at = now(), awaiting_result = false, updated_at = now()
      where id = any(${supersedes}::bigint[]) and superseded_at is null returning id`.execute(db);
    for (const r of rows) superseded.add(Number(r.id));
  }
  const queued = deliveries.filter((d) => d.supersedes === null || superseded.has(d.supersedes));
  if (queued.length === 0) return new Set();
  const column = <T>(f: (d: RequeuedDelivery) => T) => queued.map(f);
  const { rows } = await sql<{ dossier_id: string }>`insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code,
      unit_code, unit_parent_code, event, supersedes_id, reconciliation_report_id, last_error)
    select ${connector}, t.kind, t.key, t.dossier_id, t.dossier_code, t.unit_code, t.unit_parent_code, t.event, t.supersedes,
      ${options.reportId ?? null}::bigint, ${options.reason ?? null}::text
    from unnest(${column((d) => d.kind)}::text[], ${column((d) => d.key)}::text[], ${column((d) => d.event.dossierId)}::bigint[],
      ${column((d) => d.event.dossierCode)}::text[], ${column((d) => d.event.unitCode)}::text[],
      ${column((d) => unitParentCodeOf(d.event))}::text[], ${column((d) => JSON.stringify(d.event))}::jsonb[],
      ${column((d) => d.supersedes)}::bigint[])
      with ordinality as t(kind, key, dossier_id, dossier_code, unit_code, unit_parent_code, event, supersedes, n)
    order by t.n
    on conflict (connector, idempotency_key) where superseded_at is null do nothing
    returning dossier_id`.execute(db);
  if (rows.length > 0) await sql`select pg_notify(${SYNC_CHANNEL}, ${connector})`.execute(db);
  return new Set(rows.map((r) => Number(r.dossier_id)));
}
