import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import { requireActionAllowed, requireActor } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { IdentityVerification } from '../citizen/identity-verification.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../time/clock.js';
import { isLocalDate, type LocalDate } from '../time/local-time.js';
import { unitRefOf } from '../unit/unit-ref.js';
import { DossierAction, Outcome } from './dossier-enums.js';
import { DossierEvent } from './dossier-event.entity.js';
import { lifecycleOf, type DossierRecorder } from './dossier-recorder.js';
import { Dossier } from './dossier.entity.js';
import { applyAction } from './lifecycle.js';

export interface DossierActionInput {
  dossierId: number;
  action: DossierAction;
  note?: string | null;
  outcome?: Outcome | null;
  newDueDate?: LocalDate | null;
  idempotencyKey?: string | null;
}

export const MAX_NOTE_LENGTH = 2000;

/** Checks the parts of an action that do not depend on the dossier (shared with imports). */
export function validateActionArguments(
  input: { action: DossierAction; note?: string | null; outcome?: Outcome | null; newDueDate?: LocalDate | null },
  path: readonly string[],
): void {
  if (input.note && input.note.length > MAX_NOTE_LENGTH) throw new DomainError('NOTE_TOO_LONG', [...path, 'note']);
  if (input.outcome && input.action !== DossierAction.RESOLVE) {
    throw new DomainError('OUTCOME_NOT_ALLOWED', [...path, 'outcome']);
  }
  if (input.newDueDate) {
    if (input.action !== DossierAction.EXTEND_DEADLINE) throw new DomainError('NEW_DUE_DATE_NOT_ALLOWED', [...path, 'newDueDate']);
    if (!isLocalDate(input.newDueDate)) throw new DomainError('INVALID_DATE', [...path, 'newDueDate']);
  }
}

/** Moves a dossier through its lifecycle (DOMAIN.md, "Lifecycle"), one action at a time. */
export class DossierActionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly calendars: CalendarService,
    private readonly recorder: DossierRecorder,
    private readonly clock: Clock,
  ) {}

  /** Applies the action and returns the dossier id. The same idempotency key again changes nothing. */
  async act(actor: Actor | null, input: DossierActionInput): Promise<number> {
    const who = requireActor(actor);
    validateActionArguments(input, ['input']);
    return this.orm.em.fork().transactional(async (em) => {
      // The row lock serializes concurrent actions on one dossier.
      const dossier = await em.findOne(
        Dossier,
        { id: input.dossierId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!dossier) throw new DomainError('NOT_FOUND', ['input', 'dossierId']);
      await em.populate(dossier, ['unit.parent', 'procedure']);
      const unit = dossier.unit.getEntity();
      const procedure = dossier.procedure.getEntity();
      requireActionAllowed(who, input.action, { unit: unitRefOf(unit), applicantCitizenId: dossier.applicantCitizenId });

      if (input.idempotencyKey) {
        const earlier = await em.findOne(DossierEvent, { dossier, idempotencyKey: input.idempotencyKey });
        if (earlier) {
          if (earlier.action !== input.action) throw new DomainError('IDEMPOTENCY_KEY_REUSED', ['input', 'idempotencyKey']);
          return dossier.id;
        }
      }

      // A filing whose applicant VNeID later found without a level-2 account cannot be accepted.
      if (input.action === DossierAction.ACCEPT && dossier.identityVerification === IdentityVerification.FAILED) {
        throw new DomainError('VNEID_LEVEL_TOO_LOW', ['input', 'action']);
      }
      const calendar = await this.calendars.workingCalendar(em);
      const lastEvent = await em.findOne(DossierEvent, { dossier }, { orderBy: { seq: 'desc' }, fields: ['at'] });
      // History stays in order even if this server's clock is behind the one that wrote the last event.
      const now = this.clock.now();
      const at = lastEvent && lastEvent.at > now ? lastEvent.at : now;
      const transition = applyAction(
        lifecycleOf(dossier),
        { action: input.action, at, outcome: input.outcome, newDueDate: input.newDueDate },
        { processingDays: procedure.processingDays, calendar },
      );
      // Receipt of an online filing: it counts under the procedure's level as it is now.
      if (input.action === DossierAction.ACCEPT) dossier.onlineLevel = procedure.onlineLevel;
      await this.recorder.record(em, { dossier, procedure, unit, imported: false }, {
        action: input.action,
        fromStatus: transition.fromStatus,
        state: transition.state,
        at,
        actor: who.sub,
        note: input.note,
        idempotencyKey: input.idempotencyKey,
      });
      return dossier.id;
    });
  }
}
