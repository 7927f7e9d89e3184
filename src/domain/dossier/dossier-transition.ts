import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { loadDeadlineRules } from '../calendar/deadline-rules.js';
import type { Clock } from '../time/clock.js';
import type { LocalDate } from '../time/local-time.js';
import type { DossierTransfer } from './dossier-change.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import type { DossierAction, Outcome } from '../vocabulary/dossier-enums.js';
import { DossierEvent } from './dossier-event.entity.js';
import { lifecycleOf, type DossierRecorder } from './dossier-recorder.js';
import { Dossier } from './dossier.entity.js';
import { applyAction } from './lifecycle.js';

/**
 * Idempotency keys the server writes on behalf of a system (a remote decision) start with this;
 * clients may not send such keys, so that theirs can never collide with the system's.
 */
export const SYSTEM_KEY_PREFIX = 'system:';

/** The idempotency key of the one decision a specialized system records on a dossier. */
export function remoteResultKey(source: string): string {
  return `${SYSTEM_KEY_PREFIX}${source}:result`;
}

/** One lifecycle step of an existing dossier, and who takes it. */
export interface TransitionCommand {
  action: DossierAction;
  outcome?: Outcome | null;
  newDueDate?: LocalDate | null;
  delayReason?: DelayReason | null;
  note?: string | null;
  /** The history event's actor: a staff member's sub, or a system's key. */
  actor: string;
  idempotencyKey?: string | null;
  /** When it happened, if before now (a remote's decision time); a later time counts as now. */
  happenedAt?: Date | null;
  /** TRANSFER / RETURN_TO_RECEIVER: the receiving unit's own supplement flag (see ActionCommand). */
  supplementRequestedByTarget?: boolean;
  /** TRANSFER / RETURN_TO_RECEIVER: where it goes, for the listeners (the connector outbox). */
  transfer?: DossierTransfer | null;
}

/**
 * The part every change of an existing dossier shares, whoever makes it (an officer's action, a
 * specialized system's decision): the row lock that serializes the changes of one dossier, the
 * idempotency look-up, and the step through the lifecycle with the working calendar, recorded
 * (history event and listeners) in the caller's transaction.
 */
export class DossierTransitions {
  constructor(
    private readonly recorder: DossierRecorder,
    private readonly clock: Clock,
  ) {}

  /** The dossier, locked until the transaction ends, with its unit (and parent) and procedure; null when absent. */
  async lock(em: EntityManager, dossierId: number): Promise<Dossier | null> {
    const dossier = await em.findOne(Dossier, { id: dossierId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (dossier) await em.populate(dossier, ['unit.parent', 'procedure']);
    return dossier;
  }

  /** The event an earlier request with this idempotency key recorded, if any. */
  earlier(em: EntityManager, dossier: Dossier, idempotencyKey: string): Promise<DossierEvent | null> {
    return em.findOne(DossierEvent, { dossier, idempotencyKey });
  }

  /** Applies the step to a dossier from `lock` (DomainError when the lifecycle refuses it) and records it. */
  async apply(em: EntityManager, dossier: Dossier, command: TransitionCommand): Promise<void> {
    const procedure = dossier.procedure.getEntity();
    const at = await this.timeOf(em, dossier, command.happenedAt ?? null);
    const transition = applyAction(
      lifecycleOf(dossier),
      { action: command.action, at, outcome: command.outcome, newDueDate: command.newDueDate, delayReason: command.delayReason, supplementRequestedByTarget: command.supplementRequestedByTarget },
      await loadDeadlineRules(em, dossier.unit.getEntity().id, procedure),
    );
    await this.recorder.record(em, { dossier, procedure, unit: dossier.unit.getEntity(), imported: false, transfer: command.transfer ?? null }, {
      action: command.action,
      fromStatus: transition.fromStatus,
      state: transition.state,
      at,
      actor: command.actor,
      note: command.note,
      idempotencyKey: command.idempotencyKey,
    });
  }

  /**
   * Now, or the earlier time it happened, but never before the dossier's last event: history stays
   * in order even if this server's clock is behind the one that wrote that event.
   */
  private async timeOf(em: EntityManager, dossier: Dossier, happenedAt: Date | null): Promise<Date> {
    const now = this.clock.now();
    const at = happenedAt && happenedAt < now ? happenedAt : now;
    const last = await em.findOne(DossierEvent, { dossier }, { orderBy: { seq: 'desc' }, fields: ['at'] });
    return last && last.at > at ? last.at : at;
  }
}
