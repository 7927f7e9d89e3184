import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { IMPORT_ACTOR } from '../../domain/dossier/dossier-import.service.js';
import { DossierEvent } from '../../domain/dossier/dossier-event.entity.js';
import { Dossier } from '../../domain/dossier/dossier.entity.js';
import { SYNC_CHANNEL } from '../outbox/outbox-listener.js';
import { syncEventOf } from '../outbox/sync-event.js';
import { SyncState } from '../outbox/sync-store.js';
import { perChangeKey, type Connector, type ConnectorSettings, type DossierSyncEvent } from '../sdk/index.js';

/** What repair did with the dossiers a remote does not hold, by dossier code (each list sorted). */
export interface RepairOutcome {
  /** Deliveries re-queued: acknowledged ones superseded by new records, DEAD ones back to PENDING, never-recorded ones created. */
  resent: string[];
  /** Nothing to re-send: their deliveries are still on their way (PENDING, RUNNING, RETRYING). */
  awaitingDelivery: string[];
  /** The connector has nothing to deliver for them (e.g. imported legacy dossiers it is set to leave out). */
  notResendable: string[];
}

export interface RepairTarget {
  connector: Connector;
  settings: ConnectorSettings;
  /** Every registered connector key (an actor named like one is a system, not a person). */
  connectorKeys: ReadonlySet<string>;
}

interface ActiveRecord {
  id: string;
  dossier_id: string;
  idempotency_key: string;
  kind: string;
  state: SyncState;
  event: DossierSyncEvent | string;
}

interface NewRecord {
  key: string;
  kind: string;
  event: DossierSyncEvent;
  supersedes: number | null;
}

/**
 * Re-queues the deliveries of dossiers a remote does not hold, inside the caller's transaction.
 * The remote answered 2xx and lost them, so the records say SUCCEEDED: each one is superseded by a
 * new PENDING record with the SAME idempotency key and payload (the original stays, marked
 * superseded, as evidence that the remote acknowledged it). A remote that does hold one of them
 * dedupes on the key, so nothing is ever counted twice. DEAD records go back to PENDING. Changes
 * the outbox never recorded for this connector (it was disabled then) are replayed from the
 * dossier's history through the connector's own rules. Records still on their way are left alone.
 */
export async function requeueMissingDeliveries(
  em: EntityManager,
  target: RepairTarget,
  dossierCodes: readonly string[],
  reportId: number,
): Promise<RepairOutcome> {
  const outcome: RepairOutcome = { resent: [], awaitingDelivery: [], notResendable: [] };
  if (dossierCodes.length === 0) return outcome;
  const db = em.getKysely();
  const key = target.connector.key;
  const { rows: dossiers } = await sql<{ id: string; code: string }>`select id, code from dossier
    where code = any(${[...dossierCodes]}::text[]) order by id`.execute(db);
  const ids = dossiers.map((d) => Number(d.id));
  // Locked: a concurrent reconciliation waits, then finds these superseded and leaves them.
  const { rows: active } = await sql<ActiveRecord>`select id, dossier_id, idempotency_key, kind, state, event from sync_record
    where connector = ${key} and dossier_id = any(${ids}::bigint[]) and superseded_at is null
    order by id for update`.execute(db);
  const wanted = await replayDeliveries(em, target, ids);

  const superseded: number[] = [];
  const revived: number[] = [];
  const created: NewRecord[] = [];
  const activeByDossier = new Map<number, ActiveRecord[]>();
  for (const r of active) {
    const list = activeByDossier.get(Number(r.dossier_id));
    if (list) list.push(r);
    else activeByDossier.set(Number(r.dossier_id), [r]);
  }
  for (const dossier of dossiers) {
    const id = Number(dossier.id);
    const records = activeByDossier.get(id) ?? [];
    const fresh: NewRecord[] = [];
    for (const r of records) {
      if (r.state === SyncState.SUCCEEDED) {
        superseded.push(Number(r.id));
        fresh.push({ key: r.idempotency_key, kind: r.kind, event: eventOf(r), supersedes: Number(r.id) });
      } else if (r.state === SyncState.DEAD) {
        revived.push(Number(r.id));
      }
    }
    const known = new Set(records.map((r) => r.idempotency_key));
    for (const w of wanted.get(id) ?? []) if (!known.has(w.key)) fresh.push({ ...w, supersedes: null });
    // One dossier's deliveries go out in the order of its history (the outbox delivers by id).
    created.push(...fresh.sort((a, b) => a.event.seq - b.event.seq));
    const requeued = fresh.length > 0 || records.some((r) => r.state === SyncState.DEAD);
    if (requeued) outcome.resent.push(dossier.code);
    else if (records.length > 0) outcome.awaitingDelivery.push(dossier.code);
    else outcome.notResendable.push(dossier.code);
  }

  if (superseded.length > 0) {
    await sql`update sync_record set superseded_at = now(), awaiting_result = false, updated_at = now()
      where id = any(${superseded}::bigint[])`.execute(db);
  }
  if (revived.length > 0) {
    await sql`update sync_record set state = 'PENDING', attempts = 0, manual_retries = manual_retries + 1,
      next_attempt_at = now(), reconciliation_report_id = ${reportId}, updated_at = now()
      where id = any(${revived}::bigint[]) and state = 'DEAD'`.execute(db);
  }
  if (created.length > 0) await insertRecords(em, key, created, reportId);
  if (created.length > 0 || revived.length > 0) await sql`select pg_notify(${SYNC_CHANNEL}, ${key})`.execute(db);
  for (const list of Object.values(outcome)) list.sort();
  return outcome;
}

async function insertRecords(em: EntityManager, connector: string, records: readonly NewRecord[], reportId: number): Promise<void> {
  const column = <T>(f: (r: NewRecord) => T) => records.map(f);
  await sql`insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code,
      event, supersedes_id, reconciliation_report_id)
    select ${connector}, t.kind, t.key, t.dossier_id, t.dossier_code, t.unit_code, t.unit_parent_code, t.event, t.supersedes, ${reportId}
    from unnest(${column((r) => r.kind)}::text[], ${column((r) => r.key)}::text[], ${column((r) => r.event.dossierId)}::bigint[],
      ${column((r) => r.event.dossierCode)}::text[], ${column((r) => r.event.unitCode)}::text[],
      ${column((r) => (r.event.provinceCode === r.event.unitCode ? null : r.event.provinceCode))}::text[],
      ${column((r) => JSON.stringify(r.event))}::jsonb[], ${column((r) => r.supersedes)}::bigint[])
      with ordinality as t(kind, key, dossier_id, dossier_code, unit_code, unit_parent_code, event, supersedes, n)
    order by t.n
    on conflict (connector, idempotency_key) where superseded_at is null do nothing`.execute(em.getKysely());
}

/**
 * The deliveries the outbox would have recorded for this connector, from each dossier's history:
 * the same projection (syncEventOf), the same rules (handles, idempotencyKey, kindOf), the first
 * change of each key kept, as the outbox's "on conflict do nothing" keeps it.
 */
async function replayDeliveries(em: EntityManager, target: RepairTarget, ids: readonly number[]): Promise<Map<number, Omit<NewRecord, 'supersedes'>[]>> {
  const byDossier = new Map<number, Omit<NewRecord, 'supersedes'>[]>();
  if (ids.length === 0 || !target.settings.enabled) return byDossier;
  for (let i = 0; i < ids.length; i += REPLAY_BATCH) await replayBatch(em, target, ids.slice(i, i + REPLAY_BATCH), byDossier);
  return byDossier;
}

/** Dossiers replayed per query: bounded, since a remote that lost a whole week leaves many. */
const REPLAY_BATCH = 2000;

async function replayBatch(em: EntityManager, target: RepairTarget, ids: readonly number[], byDossier: Map<number, Omit<NewRecord, 'supersedes'>[]>): Promise<void> {
  const { connector, settings } = target;
  const dossiers = await em.find(Dossier, { id: { $in: [...ids] } }, { populate: ['procedure', 'unit', 'unit.parent'] });
  const loaded = new Map(dossiers.map((d) => [d.id, d]));
  const events = await em.find(DossierEvent, { dossier: { $in: [...ids] } }, { orderBy: { dossier: 'asc', seq: 'asc' } });
  for (const event of events) {
    const dossier = loaded.get(event.dossier.id);
    if (!dossier) continue;
    const change = {
      dossier,
      procedure: dossier.procedure.unwrap(),
      unit: dossier.unit.unwrap(),
      event,
      before: null,
      imported: event.actor === IMPORT_ACTOR,
    };
    const syncEvent = syncEventOf(change, target.connectorKeys);
    if (!connector.handles(syncEvent, settings)) continue;
    const list = byDossier.get(dossier.id) ?? [];
    const key = connector.idempotencyKey?.(syncEvent) ?? perChangeKey(syncEvent);
    if (list.some((w) => w.key === key)) continue;
    list.push({ key, kind: connector.kindOf?.(syncEvent) ?? 'dossier.status', event: syncEvent });
    byDossier.set(dossier.id, list);
  }
}

function eventOf(record: ActiveRecord): DossierSyncEvent {
  return typeof record.event === 'string' ? (JSON.parse(record.event) as DossierSyncEvent) : record.event;
}
