import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { DossierChange, DossierChangeListener } from '../dossier/dossier-change.js';
import { FINAL_STATUSES } from '../dossier/dossier-enums.js';

/**
 * Ends the open holding period when the dossier itself ends (RETURN_RESULT, WITHDRAW), in the
 * change's transaction: a returned dossier is nobody's any more, and its last step must neither
 * count as held nor keep running towards an overrun. A dossier that never moved has no step.
 */
export class RoutingListener implements DossierChangeListener {
  readonly name = 'routing';

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const { event, before, dossier } = change;
    if (before === null || !FINAL_STATUSES.has(event.toStatus) || FINAL_STATUSES.has(before.status)) return;
    await sql`update dossier_step set ended_at = ${event.at}, ended_by = ${event.actor}, end_action = ${event.action}
      where dossier_id = ${dossier.id} and ended_at is null`.execute(em.getKysely());
    await sql`update dossier set assignee = null where id = ${dossier.id} and assignee is not null`.execute(em.getKysely());
  }
}
