import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { serviceIndexDeltaOf } from './service-index-deltas.js';
import { DossierStatus } from '../vocabulary/dossier-enums.js';
import { countDigitizedAtReceipt, serviceIndexApplyQuery } from './service-index-store.js';

/**
 * Keeps the service index in step with every dossier change (resolutions with their times and
 * lateness reasons, apologies), in the change's own transaction, imports included, so that a
 * backdated import lands on its past days. See service-index-store.ts.
 */
export class ServiceIndexListener implements DossierChangeListener {
  readonly name = 'service-index';

  /** A new dossier is never resolved nor apologised for: nothing to write at creation. */
  creationParts(): StatementPart[] {
    return [];
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const { dossier, procedure, unit, event, before } = change;
    // An online filing digitized while SUBMITTED counts as a digitized dossier once it is received.
    if (event.fromStatus === DossierStatus.SUBMITTED && event.toStatus === DossierStatus.RECEIVED) {
      await countDigitizedAtReceipt(em.getKysely(), dossier.id);
    }
    const delta = serviceIndexDeltaOf({
      action: event.action,
      at: event.at,
      receivedAt: dossier.receivedAt,
      previousDueDate: before?.dueDate ?? null,
      previousDueAt: before?.dueAt ?? null,
      delayReason: dossier.delayReason,
      resolutionWorkingDays: dossier.resolutionWorkingDays,
    });
    if (!delta) return;
    await serviceIndexApplyQuery({ unitId: unit.id, procedureId: procedure.id, channel: dossier.channel }, delta.day, delta.counts).execute(em.getKysely());
  }
}
