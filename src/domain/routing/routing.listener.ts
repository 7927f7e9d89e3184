import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { FINAL_STATUSES } from '../vocabulary/dossier-enums.js';
import { resumeDeadline } from '../calendar/deadline.js';
import { loadDeadlineRules } from '../calendar/deadline-rules.js';
import { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { DossierStepStore } from './dossier-step-store.js';

/**
 * Keeps the open holding period in step with the dossier, in the change's transaction:
 * - when the dossier ends (RETURN_RESULT, WITHDRAW) the step ends: a returned dossier is nobody's
 *   any more, and its last step must neither count as held nor keep running towards an overrun;
 * - when a clock pause ends (a supplement submitted, a fee paid, a suspension lifted) the step's
 *   own due moves like the dossier's, on the holder's calendar: the applicant's time is not the
 *   agency's delay.
 * A dossier that never moved has no step, and nothing happens.
 */
export class RoutingListener implements DossierChangeListener {
  readonly name = 'routing';

  /** Nothing to write for a new dossier: a new dossier is held by the unit that receives it: its first holding period is written at the first routing action. */
  creationParts(): StatementPart[] {
    return [];
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const { event, before, dossier } = change;
    if (before === null || FINAL_STATUSES.has(before.status)) return;
    if (before.pausedAt && !dossier.pausedAt && !FINAL_STATUSES.has(event.toStatus)) return this.movePausedDue(em, change, before.pausedAt);
    if (!FINAL_STATUSES.has(event.toStatus)) return;
    await sql`update dossier_step set ended_at = ${event.at}, ended_by = ${event.actor}, end_action = ${event.action}
      where dossier_id = ${dossier.id} and ended_at is null`.execute(em.getKysely());
    await sql`update dossier set assignee = null where id = ${dossier.id} and assignee is not null`.execute(em.getKysely());
  }

  private async movePausedDue(em: EntityManager, change: DossierChange, pausedAt: Date): Promise<void> {
    const step = await DossierStepStore.current(em, change.dossier.id);
    if (!step?.dueDate) return;
    const { calendar } = await loadDeadlineRules(em, step.holderUnitId, change.procedure);
    const days = { value: 1, unit: ProcessingTimeUnit.WORKING_DAYS };
    const { deadline } = resumeDeadline({ dueDate: step.dueDate, dueAt: step.dueAt }, days, pausedAt, change.event.at, calendar);
    await sql`update dossier_step set due_date = ${deadline.dueDate}::date, due_at = ${deadline.dueAt}
      where dossier_id = ${change.dossier.id} and ended_at is null`.execute(em.getKysely());
  }
}
