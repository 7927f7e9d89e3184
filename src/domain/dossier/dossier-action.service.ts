import type { MikroORM } from '@mikro-orm/postgresql';
import { requireActor } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { IdentityVerification, type IdentityVerifier } from '../citizen/identity-verification.js';
import { DomainError } from '../errors.js';
import { isLocalDate, type LocalDate } from '../time/local-time.js';
import { DelayReason } from '../vocabulary/delay-reason.js';
import { DossierAction, Outcome, ROUTING_ACTIONS } from '../vocabulary/dossier-enums.js';
import { lockForAction } from './dossier-action-guard.js';
import { SYSTEM_KEY_PREFIX, type DossierTransitions } from './dossier-transition.js';

export interface DossierActionInput {
  dossierId: number;
  action: DossierAction;
  note?: string | null;
  outcome?: Outcome | null;
  newDueDate?: LocalDate | null;
  delayReason?: DelayReason | null;
  idempotencyKey?: string | null;
}

/** The actions that may record why a dossier is late: the apology, and a late resolution. */
const DELAY_REASON_ACTIONS: ReadonlySet<DossierAction> = new Set([DossierAction.EXTEND_DEADLINE, DossierAction.RESOLVE]);

export const MAX_NOTE_LENGTH = 2000;

/** Checks the parts of an action that do not depend on the dossier (shared with imports). */
export function validateActionArguments(
  input: { action: DossierAction; note?: string | null; outcome?: Outcome | null; newDueDate?: LocalDate | null; delayReason?: DelayReason | null },
  path: readonly string[],
): void {
  if (input.note && input.note.length > MAX_NOTE_LENGTH) throw new DomainError('NOTE_TOO_LONG', [...path, 'note']);
  // Transfers and assignments are taken by DossierRoutingService (they need a target), never imported.
  if (ROUTING_ACTIONS.has(input.action)) throw new DomainError('ROUTING_ACTION_NOT_ALLOWED', [...path, 'action'], { action: input.action });
  if (input.outcome && input.action !== DossierAction.RESOLVE) {
    throw new DomainError('OUTCOME_NOT_ALLOWED', [...path, 'outcome']);
  }
  if (input.newDueDate) {
    if (input.action !== DossierAction.EXTEND_DEADLINE) throw new DomainError('NEW_DUE_DATE_NOT_ALLOWED', [...path, 'newDueDate']);
    if (!isLocalDate(input.newDueDate)) throw new DomainError('INVALID_DATE', [...path, 'newDueDate']);
  }
  if (input.delayReason && !DELAY_REASON_ACTIONS.has(input.action)) {
    throw new DomainError('DELAY_REASON_NOT_ALLOWED', [...path, 'delayReason']);
  }
}

/** Moves a dossier through its lifecycle (DOMAIN.md, "Lifecycle"), one action at a time. */
export class DossierActionService {
  constructor(
    private readonly orm: MikroORM,
    private readonly transitions: DossierTransitions,
    /** VNeID, when enabled: only then can a PENDING check still be settled, so only then does it hold ACCEPT back. */
    private readonly identity: IdentityVerifier | null = null,
  ) {}

  /** Applies the action and returns the dossier id. The same idempotency key again changes nothing. */
  async act(actor: Actor | null, input: DossierActionInput): Promise<number> {
    const who = requireActor(actor);
    validateActionArguments(input, ['input']);
    if (input.idempotencyKey?.startsWith(SYSTEM_KEY_PREFIX)) throw new DomainError('INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']);
    return this.orm.em.fork().transactional(async (em) => {
      const { dossier, repeated } = await lockForAction(em, this.transitions, who, input);
      if (repeated) return dossier.id;

      // Online filing of FULL procedures needs level 2 (DOMAIN.md): a filing is accepted only once
      // VNeID confirmed it, never while the check is still PENDING.
      if (input.action === DossierAction.ACCEPT) {
        requireIdentitySettled(dossier.identityVerification, this.identity !== null);
        // Receipt of an online filing: it counts under the procedure's level as it is now.
        dossier.onlineLevel = dossier.procedure.getEntity().onlineLevel;
      }
      await this.transitions.apply(em, dossier, {
        action: input.action,
        outcome: input.outcome,
        newDueDate: input.newDueDate,
        delayReason: input.delayReason,
        note: input.note,
        actor: who.sub,
        idempotencyKey: input.idempotencyKey,
      });
      return dossier.id;
    });
  }
}

/**
 * Refuses ACCEPT of a filing whose applicant VNeID found without a level-2 account, or has not
 * answered for yet. With VNeID switched off the installation verifies no one (intake records
 * NOT_REQUIRED), and a filing left PENDING before that is accepted like those.
 */
function requireIdentitySettled(state: IdentityVerification, verifying: boolean): void {
  if (state === IdentityVerification.FAILED) throw new DomainError('VNEID_LEVEL_TOO_LOW', ['input', 'action']);
  if (state === IdentityVerification.PENDING && verifying) throw new DomainError('IDENTITY_NOT_VERIFIED', ['input', 'action']);
}
