import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { deltasOfEvent } from './statistics-deltas.js';
import { applyDeltasQuery } from './statistics-store.js';

/**
 * Keeps the statistics aggregates in step with every dossier change, inside the change's own
 * transaction (intake, actions and imports all go through DossierRecorder), so that a statistics
 * request made after a change returns always sees it. See statistics-store.ts.
 */
export class StatisticsListener implements DossierChangeListener {
  readonly name = 'statistics';

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    await deltasQueryOf(change)?.execute(em.getKysely());
  }

  /** Deltas do not depend on the code: the same select, inside the creating statement. */
  creationParts(change: DossierChange): StatementPart[] {
    const query = deltasQueryOf(change);
    return query ? [{ name: 'statistics_deltas', body: query }] : [];
  }
}

function deltasQueryOf(change: DossierChange) {
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
  return applyDeltasQuery({ unitId: unit.id, procedureId: procedure.id, channel: dossier.channel }, deltas);
}
