import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { DossierAction, Outcome } from '../vocabulary/dossier-enums.js';
import { MAX_NOTE_LENGTH } from './dossier-action.service.js';
import { remoteResultKey, type DossierTransitions } from './dossier-transition.js';
import { allowedActions, isPaused } from './lifecycle.js';

/** A decision a specialized system took on a dossier (civil status, household business registration). */
export interface RemoteDecision {
  /** The system's key: the actor of the history event. */
  source: string;
  decision: 'REGISTERED' | 'REJECTED';
  registrationNumber?: string | null;
  reason?: string | null;
  /** When the remote decided; bounded by the dossier's last event and now. */
  decidedAt?: Date | null;
  /** The decision is the dossier's: RESOLVE it (APPROVED when registered, DENIED when rejected). */
  resolvesDossier: boolean;
}

/**
 * RESOLVED: the decision resolved the dossier. RECORDED: only its registration number was new.
 * DEFERRED: the dossier is paused (supplement, payment, suspension), so the decision cannot resolve
 * it now: ask again later. ALREADY_RECORDED: nothing new.
 */
export type RemoteDecisionOutcome = 'RESOLVED' | 'RECORDED' | 'DEFERRED' | 'ALREADY_RECORDED';

/**
 * Records what a specialized system decided: the registration number on the dossier, and when the
 * decision is the dossier's, a RESOLVE through the lifecycle (same state machine, calendar and
 * listeners as an officer's action), with the system as actor. Idempotent: polling the same result
 * twice records it once. A decision arriving while the dossier is paused keeps the registration
 * number and is DEFERRED (the caller asks again once the clock runs); one arriving when the
 * dossier is already resolved or closed keeps the number and leaves the lifecycle to the officers.
 */
export class DossierRemoteResultService {
  constructor(
    private readonly orm: MikroORM,
    private readonly transitions: DossierTransitions,
  ) {}

  async record(dossierId: number, result: RemoteDecision): Promise<RemoteDecisionOutcome> {
    return this.orm.em.fork().transactional(async (em) => {
      const dossier = await this.transitions.lock(em, dossierId);
      if (!dossier) throw new DomainError('NOT_FOUND', ['dossierId'], { code: String(dossierId) });
      const key = remoteResultKey(result.source);
      if (await this.transitions.earlier(em, dossier, key)) return 'ALREADY_RECORDED';

      const number = result.registrationNumber ?? null;
      const numberIsNew = number !== null && dossier.registrationNumber !== number;
      if (numberIsNew) dossier.registrationNumber = number;
      if (result.resolvesDossier && allowedActions(dossier.status).includes(DossierAction.RESOLVE)) {
        await this.transitions.apply(em, dossier, {
          action: DossierAction.RESOLVE,
          outcome: result.decision === 'REGISTERED' ? Outcome.APPROVED : Outcome.DENIED,
          note: noteOf(result),
          actor: result.source,
          idempotencyKey: key,
          happenedAt: result.decidedAt,
        });
        return 'RESOLVED';
      }
      await em.flush();
      if (result.resolvesDossier && isPaused(dossier.status)) return 'DEFERRED';
      return numberIsNew ? 'RECORDED' : 'ALREADY_RECORDED';
    });
  }
}

function noteOf(result: RemoteDecision): string {
  const text = result.decision === 'REGISTERED'
    ? `Đã đăng ký${result.registrationNumber ? `, số ${result.registrationNumber}` : ''}`
    : `Từ chối${result.reason ? `: ${result.reason}` : ''}`;
  return text.slice(0, MAX_NOTE_LENGTH);
}
