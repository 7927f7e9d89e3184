import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener } from '../dossier/dossier-change.js';
import { deltasOfEvent } from './statistics-deltas.js';
import { applyDeltas } from './statistics-store.js';

/**
 * Keeps the statistics aggregates in step with every dossier change, inside the change's own
 * transaction (intake, actions and imports all go through DossierRecorder), so that a statistics
 * request made after a change returns always sees it. See statistics-store.ts.
 */
export class StatisticsListener implements DossierChangeListener {
  readonly name = 'statistics';

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const { dossier, procedure, unit, event, before } = change;
    const deltas = deltasOfEvent({
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      previousDueDate: before?.dueDate ?? null,
      dueDate: event.dueDate,
      previousDueAt: before?.dueAt ?? null,
      at: event.at,
      channel: dossier.channel,
      onlineLevel: dossier.onlineLevel,
    });
    await applyDeltas(em.getKysely(), { unitId: unit.id, procedureId: procedure.id, channel: dossier.channel }, deltas);
  }
}
