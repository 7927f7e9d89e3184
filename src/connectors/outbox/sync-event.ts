import type { DossierChange } from '../../domain/dossier/dossier-change.js';
import { unitRefOf } from '../../domain/unit/unit-ref.js';
import type { DossierSyncEvent } from '../sdk/index.js';

/** Actors that are not people: the import, the system itself, and connectors (given at construction). */
const SYSTEM_ACTORS = new Set(['import', 'system']);

/**
 * Projects a dossier change to what connectors see and the outbox stores: the facts an adapter
 * maps, never personal data. The applicant acting on their own dossier is CITIZEN without an id.
 */
export function syncEventOf(change: DossierChange, connectorKeys: ReadonlySet<string>): DossierSyncEvent {
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
  };
}
