import { sql, type Kysely } from 'kysely';
import type { DossierChange } from '../../domain/dossier/dossier-change.js';
import { unitRefOf } from '../../domain/unit/unit-ref.js';
import type { DossierSyncEvent } from '../sdk/index.js';

/** Actors that are not people: the import, the system itself, and connectors (given at construction). */
const SYSTEM_ACTORS = new Set(['import', 'system']);

/**
 * Projects a dossier change to what connectors see and the outbox stores: the facts an adapter
 * maps, never personal data. The applicant acting on their own dossier is CITIZEN without an id.
 */
export function syncEventOf(
  change: DossierChange,
  connectorKeys: ReadonlySet<string>,
  feePaidBy: DossierSyncEvent['feePaidBy'] = null,
): DossierSyncEvent {
  const { dossier, procedure, unit, event } = change;
  const ref = unitRefOf(unit);
  const actor = event.actor;
  const kind = actor === null || SYSTEM_ACTORS.has(actor) || connectorKeys.has(actor)
    ? 'SYSTEM'
    : actor === dossier.applicantCitizenId
      ? 'CITIZEN'
      : 'STAFF';
  return {
    dossierId: dossier.id,
    dossierCode: dossier.code,
    unitCode: ref.code,
    provinceCode: ref.provinceCode,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    procedureOnlineLevel: procedure.onlineLevel,
    procedureConnector: procedure.connector ?? null,
    procedureFeeVnd: procedure.feeVnd,
    fieldCode: procedure.field.unwrap().code,
    channel: dossier.channel,
    seq: event.seq,
    action: event.action,
    fromStatus: event.fromStatus,
    status: event.toStatus,
    outcome: dossier.outcome,
    at: event.at.toISOString(),
    submittedAt: dossier.submittedAt?.toISOString() ?? null,
    receivedAt: dossier.receivedAt?.toISOString() ?? null,
    actor: { kind, id: kind === 'STAFF' ? actor : kind === 'SYSTEM' ? actor : null },
    imported: change.imported,
    unitName: unit.name,
    dueDate: dossier.dueDate,
    extendedDueDate: dossier.extendedDueDate,
    applicantHasPhone: dossier.applicantPhone !== null,
    ...(change.transfer ? { transfer: change.transfer } : {}),
    feePaidBy,
  };
}

/** A paid payment request of a dossier: how and when (payment_request, docs/payments.md). */
export interface FeePayment {
  method: 'ONLINE' | 'CASH';
  paidAt: Date;
}

/**
 * The paid payment requests of these dossiers, oldest first. A dossier without a fee has none, so
 * callers ask only for dossiers whose procedure has one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function feePaymentsOf(db: Kysely<any>, dossierIds: readonly number[]): Promise<Map<number, FeePayment[]>> {
  const byDossier = new Map<number, FeePayment[]>();
  if (dossierIds.length === 0) return byDossier;
  const { rows } = await sql<{ dossier_id: string; method: FeePayment['method']; paid_at: Date | string }>`
    select dossier_id, method, paid_at from payment_request
    where dossier_id = any(${dossierIds.map(String)}::bigint[]) and status = 'PAID'
    order by paid_at, id`.execute(db);
  for (const row of rows) {
    const id = Number(row.dossier_id);
    const list = byDossier.get(id) ?? [];
    list.push({ method: row.method, paidAt: new Date(row.paid_at) });
    byDossier.set(id, list);
  }
  return byDossier;
}

/** How the fee stood paid at an instant: the method of the latest payment made by then, null when none. */
export function feePaidByAt(payments: readonly FeePayment[] | undefined, at: Date): FeePayment['method'] | null {
  let method: FeePayment['method'] | null = null;
  for (const payment of payments ?? []) if (payment.paidAt.getTime() <= at.getTime()) method = payment.method;
  return method;
}
