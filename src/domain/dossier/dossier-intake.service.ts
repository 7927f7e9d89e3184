import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { loadDeadlineRules } from '../calendar/deadline-rules.js';
import { DeadlineRulesCache, isStaleDeadlineRules } from '../calendar/deadline-rules-cache.js';
import {
  IdentityVerification,
  needsVerifiedIdentity,
  refusalOf,
  verificationOf,
  type IdentityVerifier,
} from '../citizen/identity-verification.js';
import { DomainError } from '../errors.js';
import { OnlineLevel } from '../procedure/procedure-enums.js';
import { Procedure } from '../procedure/procedure.entity.js';
import type { ProcedureService } from '../procedure/procedure.service.js';
import type { Clock } from '../time/clock.js';
import { localDateOf } from '../time/local-time.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import type { UnitService } from '../unit/unit.service.js';
import { unitRefOf } from '../unit/unit-ref.js';
import { formDataOf } from '../forms/form-data.js';
import type { FormValidator } from '../forms/form-validator.js';
import { validApplicant, type ApplicantInput } from './applicant.js';
import { nextDossierCode } from './dossier-code.js';
import { Channel } from '../vocabulary/dossier-enums.js';
import { PENDING_CODE, type DossierRecorder } from './dossier-recorder.js';
import { Dossier } from './dossier.entity.js';
import { newDossierFields } from './new-dossier.js';
import { initialState, type LifecycleState } from './lifecycle.js';

export interface ReceiveDossierInput {
  procedureCode: string;
  unitCode: string;
  channel: Channel;
  applicant: ApplicantInput;
  /** Free JSON from the client, checked here (an object, of a sane size, valid for the procedure's form). */
  formData?: unknown;
  idempotencyKey?: string | null;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Reads of the deadline rules for one intake: more means the rules change faster than an intake runs. */
const MAX_RULES_ATTEMPTS = 3;

/**
 * Intake (tiếp nhận): a dossier received at a center in person or by post (status RECEIVED, the
 * clock starts), or filed online (status SUBMITTED until an officer accepts it).
 */
export class DossierIntakeService {
  private readonly deadlineRules = new DeadlineRulesCache();

  constructor(
    private readonly orm: MikroORM,
    private readonly units: Pick<UnitService, 'byCode'>,
    private readonly procedures: Pick<ProcedureService, 'byCode'>,
    private readonly recorder: DossierRecorder,
    private readonly clock: Clock,
    private readonly forms: FormValidator | null = null,
    private readonly identity: IdentityVerifier | null = null,
  ) {}

  /** Receives a dossier and returns its id. The same idempotency key again returns the first dossier. */
  async receive(actor: Actor | null, input: ReceiveDossierInput): Promise<number> {
    const who = requireCapability(actor, 'receiveDossiers');
    const intakeKey = input.idempotencyKey ? scopedKey(who, input.idempotencyKey) : null;
    const requestHash = hashRequest(input);
    if (intakeKey) {
      const replayed = await this.replay(this.orm.em.fork(), intakeKey, requestHash);
      if (replayed !== null) return replayed;
    }

    const em = this.orm.em.fork();
    // The scope first: someone who may not serve this unit learns nothing about their input.
    // Units and procedures come from the process's reference cache (see ReferenceCache): reading
    // them from the database was two of the intake's round trips, for data that changes a few times a year.
    const unit = await this.units.byCode(input.unitCode);
    if (!unit) throw new DomainError('NOT_FOUND', ['input', 'unitCode'], { code: input.unitCode });
    this.authorize(who, input, unit);
    const now = this.clock.now();
    if (unit.validTo && unit.validTo < localDateOf(now)) throw new DomainError('UNIT_NOT_ACTIVE', ['input', 'unitCode']);
    const applicant = validApplicant(input.applicant, ['input', 'applicant']);
    const procedure = await this.procedures.byCode(input.procedureCode);
    if (!procedure) throw new DomainError('NOT_FOUND', ['input', 'procedureCode'], { code: input.procedureCode });
    if (input.channel === Channel.ONLINE && procedure.onlineLevel === OnlineLevel.NONE) {
      throw new DomainError('PROCEDURE_NOT_ONLINE', ['input', 'channel']);
    }
    const formData = formDataOf(input.formData, ['input', 'formData']);
    // Whoever enters form data must enter valid data. An online filing must fill the form; a paper
    // declaration received at the counter or by post may be registered without it.
    if (formData !== null || input.channel === Channel.ONLINE) this.forms?.validate(procedure, formData, ['input', 'formData']);
    const identityVerification = await this.verifyIdentity(input.channel, procedure, applicant.citizenId);

    const day = localDateOf(now);
    const online = input.channel === Channel.ONLINE;
    const data = (code: string, state: LifecycleState) => ({
      ...newDossierFields(em, { code, procedure, unit, channel: input.channel, applicant, formData, filedAt: now }),
      identityVerification,
      identityCheckedAt: identityVerification === IdentityVerification.NOT_REQUIRED ? null : now,
      intakeKey,
      intakeRequestHash: intakeKey ? requestHash : null,
      ...state,
    });
    const change = (state: LifecycleState) => ({ action: null, fromStatus: null, state, at: now, actor: who.sub });
    try {
      // One statement in the common case, with the deadline rules kept in memory: the statement
      // refuses them if they changed since (see DeadlineRulesCache), and they are read again.
      for (let attempt = 1; ; attempt++) {
        const { rules, revision } = await this.deadlineRules.rulesFor(em, unit.id, procedure);
        const state = initialState(online, now, rules);
        const dossier = Object.assign(new Dossier(), data(PENDING_CODE, state));
        try {
          const numbering = { unitId: unit.id, unitCode: unit.code, day, rulesRevision: revision };
          const created = await this.recorder.recordCreation(em, { dossier, procedure, unit }, change(state), numbering);
          if (created) return created.id;
          break;
        } catch (error) {
          if (!isStaleDeadlineRules(error) || attempt >= MAX_RULES_ATTEMPTS) throw error;
          this.deadlineRules.forget();
        }
      }
      // The general path (see recordCreation), in a transaction that reads the rules itself.
      return await em.transactional(async (tx) => {
        const state = initialState(online, now, await loadDeadlineRules(tx, unit.id, procedure));
        const dossier = tx.create(Dossier, data(await nextDossierCode(tx, unit, day), state));
        await this.recorder.record(tx, { dossier, procedure, unit, imported: false }, change(state));
        return dossier.id;
      });
    } catch (error) {
      // Two requests with one idempotency key raced: the loser returns the winner's dossier.
      if (intakeKey && isUniqueViolation(error)) {
        const replayed = await this.replay(this.orm.em.fork(), intakeKey, requestHash);
        if (replayed !== null) return replayed;
      }
      throw error;
    }
  }

  /**
   * Online filings of FULL procedures need a level-2 VNeID account. Asked before the transaction (no
   * lock is held while a remote answers); when VNeID cannot answer, the filing is kept PENDING and
   * verified later: intake never waits on a remote system for longer than its short timeout.
   */
  private async verifyIdentity(channel: Channel, procedure: Procedure, citizenId: string): Promise<IdentityVerification> {
    if (!this.identity || !needsVerifiedIdentity(channel, procedure.onlineLevel)) return IdentityVerification.NOT_REQUIRED;
    const check = await this.identity.check(citizenId);
    const refusal = refusalOf(check);
    if (refusal) throw new DomainError(refusal, ['input', 'applicant', 'citizenId']);
    return verificationOf(check);
  }

  private authorize(who: Actor, input: ReceiveDossierInput, unit: AdministrativeUnit): void {
    if (who.role === Role.CITIZEN) {
      // A citizen files online, for themself (the token's sub is the VNeID-verified citizen id).
      if (input.channel !== Channel.ONLINE) throw new DomainError('FORBIDDEN', ['input', 'channel']);
      if (input.applicant.citizenId !== who.sub) throw new DomainError('FORBIDDEN', ['input', 'applicant', 'citizenId']);
      return;
    }
    requireUnitInScope(who, unitRefOf(unit), ['input', 'unitCode']);
  }

  private async replay(em: EntityManager, intakeKey: string, requestHash: string): Promise<number | null> {
    const existing = await em.findOne(Dossier, { intakeKey }, { fields: ['id', 'intakeRequestHash'] });
    if (!existing) return null;
    if (existing.intakeRequestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', ['input', 'idempotencyKey']);
    }
    return existing.id;
  }
}

/** A unique violation, raised through the ORM or by a plain SQL statement (PostgreSQL 23505). */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException || (error as { code?: string } | null)?.code === '23505';
}

/** Keys are scoped to who sent them, so that one client's key can never return another's dossier. */
function scopedKey(actor: Actor, key: string): string {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new DomainError('INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']);
  }
  return `${actor.role}:${actor.sub}:${key}`;
}

function hashRequest(input: ReceiveDossierInput): string {
  const { idempotencyKey: _key, ...request } = input;
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

/** JSON with object keys sorted, so that equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
