import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener } from './dossier-change.js';
import { DossierAction, DossierStatus } from './dossier-enums.js';
import { DossierEvent } from './dossier-event.entity.js';
import type { Dossier } from './dossier.entity.js';
import type { LifecycleState } from './lifecycle.js';

export interface RecordedChange {
  action: DossierAction | null;
  fromStatus: DossierStatus | null;
  state: LifecycleState;
  at: Date;
  actor: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** Copies the lifecycle columns of a dossier (the state machine works on copies, never on entities). */
export function lifecycleOf(d: Dossier): LifecycleState {
  return {
    status: d.status,
    outcome: d.outcome,
    submittedAt: d.submittedAt,
    receivedAt: d.receivedAt,
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    processingTimeValue: d.processingTimeValue,
    processingTimeUnit: d.processingTimeUnit,
    extendedDueDate: d.extendedDueDate,
    finishedAt: d.finishedAt,
    resolvedAt: d.resolvedAt,
    returnedAt: d.returnedAt,
    pausedAt: d.pausedAt,
    pausedWorkingDays: d.pausedWorkingDays,
    supplementRequested: d.supplementRequested,
  };
}

/**
 * The one place where a dossier changes: applies the new lifecycle state, appends the history
 * event, flushes, and lets every listener (statistics, connector outbox) record its part in the
 * same transaction.
 */
export class DossierRecorder {
  constructor(private readonly listeners: readonly DossierChangeListener[]) {}

  async record(
    em: EntityManager,
    target: Omit<DossierChange, 'event' | 'before'>,
    change: RecordedChange,
  ): Promise<DossierEvent> {
    const { dossier } = target;
    const before = change.fromStatus === null ? null : lifecycleOf(dossier);
    em.assign(dossier, change.state);
    dossier.eventCount += 1;
    const event = em.create(DossierEvent, {
      dossier,
      seq: dossier.eventCount,
      action: change.action,
      fromStatus: change.fromStatus,
      toStatus: change.state.status,
      at: change.at,
      actor: change.actor,
      note: change.note ?? null,
      dueDate: change.state.dueDate,
      dueAt: change.state.dueAt,
      idempotencyKey: change.idempotencyKey ?? null,
    });
    await em.flush();
    for (const listener of this.listeners) {
      await listener.onDossierChange(em, { ...target, event, before });
    }
    return event;
  }
}
