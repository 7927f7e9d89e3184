import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { IMPORT_ACTOR } from '../../domain/dossier/dossier-import.service.js';
import { DossierEvent } from '../../domain/dossier/dossier-event.entity.js';
import { Dossier } from '../../domain/dossier/dossier.entity.js';
import { outboxEntryOf, SYNC_CHANNEL } from '../outbox/outbox-listener.js';
import { requeueDeliveries, type RequeuedDelivery } from '../outbox/requeue-deliveries.js';
import { feePaidByAt, feePaymentsOf, syncEventOf } from '../outbox/sync-event.js';
import { SyncState } from '../outbox/sync-store.js';
import type { Connector, ConnectorSettings, DossierSyncEvent } from '../sdk/index.js';

/** What repair did with the dossiers a remote does not hold, by dossier code (each list sorted). */
export interface RepairOutcome {
  /** Deliveries re-queued: acknowledged ones superseded by new records, DEAD ones back to PENDING, never-recorded ones created. */
  resent: string[];
  /** Nothing to re-send: their deliveries are still on their way (PENDING, RUNNING, RETRYING). */
  awaitingDelivery: string[];
  /** The connector has nothing to deliver for them (e.g. imported legacy dossiers it is set to leave out). */
  notResendable: string[];
}

interface RepairTarget {
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

type WantedDelivery = Omit<RequeuedDelivery, 'supersedes'>;

/**
 * Re-queues the deliveries of dossiers a remote does not hold, inside the caller's transaction.
 * The remote answered 2xx and lost them, so the records say SUCCEEDED: each one is superseded by a
 * new PENDING record with the same key and payload (requeueDeliveries, the outbox's one way of
 * sending a lost delivery again). DEAD records go back to PENDING. Changes the outbox never
 * recorded for this connector (it was disabled then) are replayed from the dossier's history
 * through the connector's own rules. Records still on their way are left alone.
 *
 * `resent` lists the dossiers for which a record was actually re-queued here: when a concurrent
 * run re-queued one first, this run finds its key in force and reports the dossier as awaiting
 * delivery instead, so only one report claims it (and schedules a follow-up for it).
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

  const revived: number[] = [];
  const requeued: RequeuedDelivery[] = [];
  const activeByDossier = new Map<number, ActiveRecord[]>();
  for (const r of active) {
    const list = activeByDossier.get(Number(r.dossier_id));
    if (list) list.push(r);
    else activeByDossier.set(Number(r.dossier_id), [r]);
  }
  for (const id of ids) {
    const records = activeByDossier.get(id) ?? [];
    const fresh: RequeuedDelivery[] = [];
    for (const r of records) {
      if (r.state === SyncState.SUCCEEDED) fresh.push({ key: r.idempotency_key, kind: r.kind, event: eventOf(r), supersedes: Number(r.id) });
      else if (r.state === SyncState.DEAD) revived.push(Number(r.id));
    }
    const known = new Set(records.map((r) => r.idempotency_key));
    for (const w of wanted.get(id) ?? []) if (!known.has(w.key)) fresh.push({ ...w, supersedes: null });
    // One dossier's deliveries go out in the order of its history (the outbox delivers by id).
    requeued.push(...fresh.sort((a, b) => a.event.seq - b.event.seq));
  }

  const resent = await requeueDeliveries(db, key, requeued, { reportId });
  if (revived.length > 0) {
    const { rows } = await sql<{ dossier_id: string }>`update sync_record set state = 'PENDING', attempts = 0,
        manual_retries = manual_retries + 1, next_attempt_at = now(), reconciliation_report_id = ${reportId}, updated_at = now()
      where id = any(${revived}::bigint[]) and state = 'DEAD' returning dossier_id`.execute(db);
    for (const r of rows) resent.add(Number(r.dossier_id));
    if (rows.length > 0) await sql`select pg_notify(${SYNC_CHANNEL}, ${key})`.execute(db);
  }
  const wantsSomething = (id: number) => activeByDossier.has(id) || (wanted.get(id)?.length ?? 0) > 0;
  for (const dossier of dossiers) {
    const id = Number(dossier.id);
    // Not re-queued here but with a record in force: on its way (ours, or a concurrent run's).
    const list = resent.has(id) ? outcome.resent : wantsSomething(id) ? outcome.awaitingDelivery : outcome.notResendable;
    list.push(dossier.code);
  }
  for (const list of Object.values(outcome)) list.sort();
  return outcome;
}

/**
 * The deliveries the outbox would have recorded for this connector, from each dossier's history:
 * the same projection (syncEventOf), the same rule (outboxEntryOf), the first change of each key
 * kept, as the outbox's "on conflict do nothing" keeps it. Each replayed change carries the due
 * date its event recorded, as the live outbox would have sent it; the other facts of the dossier
 * (outcome, extended due date, receipt instant) and of its procedure and unit are as they are now,
 * the history does not keep them per change.
 */
async function replayDeliveries(em: EntityManager, target: RepairTarget, ids: readonly number[]): Promise<Map<number, WantedDelivery[]>> {
  const byDossier = new Map<number, WantedDelivery[]>();
  if (ids.length === 0 || !target.settings.enabled) return byDossier;
  for (let i = 0; i < ids.length; i += REPLAY_BATCH) await replayBatch(em, target, ids.slice(i, i + REPLAY_BATCH), byDossier);
  return byDossier;
}

/** Dossiers replayed per query: bounded, since a remote that lost a whole week leaves many. */
const REPLAY_BATCH = 2000;

async function replayBatch(em: EntityManager, target: RepairTarget, ids: readonly number[], byDossier: Map<number, WantedDelivery[]>): Promise<void> {
  const { connector, settings } = target;
  const dossiers = await em.find(Dossier, { id: { $in: [...ids] } }, { populate: ['procedure', 'unit', 'unit.parent'] });
  const loaded = new Map(dossiers.map((d) => [d.id, d]));
  const events = await em.find(DossierEvent, { dossier: { $in: [...ids] } }, { orderBy: { dossier: 'asc', seq: 'asc' } });
  const withFee = dossiers.filter((d) => d.procedure.unwrap().feeVnd > 0).map((d) => d.id);
  const payments = await feePaymentsOf(em.getKysely(), withFee);
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
    const feePaidBy = feePaidByAt(payments.get(dossier.id), event.at);
    const syncEvent = { ...syncEventOf(change, target.connectorKeys, feePaidBy), dueDate: event.dueDate };
    const entry = outboxEntryOf(connector, settings, syncEvent);
    if (!entry) continue;
    const list = byDossier.get(dossier.id) ?? [];
    if (list.some((w) => w.key === entry.key)) continue;
    list.push({ ...entry, event: syncEvent });
    byDossier.set(dossier.id, list);
  }
}

function eventOf(record: ActiveRecord): DossierSyncEvent {
  return typeof record.event === 'string' ? (JSON.parse(record.event) as DossierSyncEvent) : record.event;
}
