import { LockMode, type MikroORM } from '@mikro-orm/postgresql';
import type { CalendarService } from '../calendar/calendar.service.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../time/clock.js';
import { DossierAction, DossierStatus, Outcome } from './dossier-enums.js';
import { DossierEvent } from './dossier-event.entity.js';
import { MAX_NOTE_LENGTH } from './dossier-action.service.js';
import { lifecycleOf, type DossierRecorder } from './dossier-recorder.js';
import { Dossier } from './dossier.entity.js';
import { applyAction } from './lifecycle.js';

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

export type RemoteDecisionOutcome = 'RESOLVED' | 'RECORDED' | 'ALREADY_RECORDED';

const RESOLVABLE: ReadonlySet<DossierStatus> = new Set([DossierStatus.RECEIVED, DossierStatus.PROCESSING]);

/**
 * Records what a specialized system decided: the registration number on the dossier, and when the
 * decision is the dossier's, a RESOLVE through the lifecycle (same state machine, calendar and
 * listeners as an officer's action), with the system as actor. Idempotent: polling the same result
 * twice records it once. A decision arriving while the dossier is paused or already resolved keeps
 * the registration number and leaves the lifecycle to the officers.
 */
export class DossierRemoteResultService {
  constructor(
    private readonly orm: MikroORM,
    private readonly calendars: CalendarService,
    private readonly recorder: DossierRecorder,
    private readonly clock: Clock,
  ) {}

  async record(dossierId: number, result: RemoteDecision): Promise<RemoteDecisionOutcome> {
    return this.orm.em.fork().transactional(async (em) => {
      const dossier = await em.findOne(Dossier, { id: dossierId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!dossier) throw new DomainError('NOT_FOUND', ['dossierId'], { code: String(dossierId) });
      const key = `${result.source}:result`;
      if (await em.findOne(DossierEvent, { dossier, idempotencyKey: key }, { fields: ['id'] })) return 'ALREADY_RECORDED';

      const number = result.registrationNumber ?? null;
      const numberIsNew = number !== null && dossier.registrationNumber !== number;
      if (numberIsNew) dossier.registrationNumber = number;
      if (!result.resolvesDossier || !RESOLVABLE.has(dossier.status)) {
        await em.flush();
        return numberIsNew ? 'RECORDED' : 'ALREADY_RECORDED';
      }

      await em.populate(dossier, ['unit.parent', 'procedure']);
      const procedure = dossier.procedure.getEntity();
      const calendar = await this.calendars.workingCalendar(em);
      const lastEvent = await em.findOne(DossierEvent, { dossier }, { orderBy: { seq: 'desc' }, fields: ['at'] });
      const now = this.clock.now();
      let at = result.decidedAt && result.decidedAt < now ? result.decidedAt : now;
      if (lastEvent && lastEvent.at > at) at = lastEvent.at;
      const outcome = result.decision === 'REGISTERED' ? Outcome.APPROVED : Outcome.DENIED;
      const transition = applyAction(lifecycleOf(dossier), { action: DossierAction.RESOLVE, at, outcome }, {
        processingDays: procedure.processingDays,
        calendar,
      });
      await this.recorder.record(em, { dossier, procedure, unit: dossier.unit.getEntity(), imported: false }, {
        action: DossierAction.RESOLVE,
        fromStatus: transition.fromStatus,
        state: transition.state,
        at,
        actor: result.source,
        note: noteOf(result),
        idempotencyKey: key,
      });
      return 'RESOLVED';
    });
  }
}

function noteOf(result: RemoteDecision): string {
  const text = result.decision === 'REGISTERED'
    ? `Đã đăng ký${result.registrationNumber ? `, số ${result.registrationNumber}` : ''}`
    : `Từ chối${result.reason ? `: ${result.reason}` : ''}`;
  return text.slice(0, MAX_NOTE_LENGTH);
}
