import { UniqueConstraintViolationException, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { loadDeadlineRules, type DeadlineRules } from '../calendar/deadline-rules.js';
import { DomainError, DomainErrors, isDomainError } from '../errors.js';
import { formDataOf } from '../forms/form-data.js';
import { Procedure } from '../procedure/procedure.entity.js';
import type { Clock } from '../time/clock.js';
import { localDateOf, type LocalDate } from '../time/local-time.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { LegacyUnitMapping } from '../unit/legacy-unit-mapping.entity.js';
import { unitRefOf } from '../unit/unit-ref.js';
import { validApplicant, type ApplicantInput } from './applicant.js';
import { validateActionArguments } from './dossier-action.service.js';
import { nextDossierCode } from './dossier-code.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import { Channel, DossierAction, Outcome } from '../vocabulary/dossier-enums.js';
import type { FormValidator } from '../forms/form-validator.js';
import type { DossierRecorder } from './dossier-recorder.js';
import { Dossier } from './dossier.entity.js';
import { newDossierFields } from './new-dossier.js';
import { applyAction, initialState } from './lifecycle.js';

export interface ImportedActionInput {
  action: DossierAction;
  at: Date;
  note?: string | null;
  outcome?: Outcome | null;
  newDueDate?: LocalDate | null;
  delayReason?: DelayReason | null;
}

export interface ImportDossierInput {
  code?: string | null;
  procedureCode: string;
  unitCode: string;
  channel: Channel;
  applicant: ApplicantInput;
  submittedAt?: Date | null;
  receivedAt?: Date | null;
  /** The e-form data the legacy system kept; checked against the procedure's form like a live intake. */
  formData?: unknown;
  history: ImportedActionInput[];
}

export interface ImportFailure {
  index: number;
  code: string | null;
  errors: DomainError[];
}

export interface ImportResult {
  imported: number;
  skipped: number;
  failures: ImportFailure[];
}

export const MAX_IMPORT_BATCH = 1000;
export const IMPORT_ACTOR = 'import';
const LEGACY_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._\/-]{0,63}$/;
/** Tolerance for clocks of legacy systems slightly ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

/**
 * Imports historic dossiers from legacy systems (centers merged in 2025 bring their records). Each
 * history entry goes through the same state machine and calendar as a live action. Each dossier is
 * atomic: a bad one is reported by index and leaves nothing behind; the others are imported; a code
 * that is already present is skipped.
 */
export class DossierImportService {
  constructor(
    private readonly orm: MikroORM,
    private readonly recorder: DossierRecorder,
    private readonly clock: Clock,
    private readonly forms: FormValidator | null = null,
  ) {}

  async import(actor: Actor | null, inputs: readonly ImportDossierInput[]): Promise<ImportResult> {
    const who = requireCapability(actor, 'importDossiers');
    if (inputs.length > MAX_IMPORT_BATCH) {
      throw new DomainError('TOO_MANY_ITEMS', ['input'], { max: MAX_IMPORT_BATCH });
    }
    const em = this.orm.em.fork();
    const procedures = await loadByCode(em, Procedure, inputs.map((i) => i.procedureCode));
    const units = await loadByCode(em, AdministrativeUnit, inputs.map((i) => i.unitCode), ['parent']);
    const legacyUnits = await loadLegacyUnits(em, inputs.map((i) => i.unitCode).filter((code) => !units.has(code)));
    // Deadline rules per unit and procedure, read once for the batch like the catalogue rows.
    const rules = new Map<string, Promise<DeadlineRules>>();
    const rulesFor = (unit: AdministrativeUnit, procedure: Procedure): Promise<DeadlineRules> => {
      const key = `${unit.id}:${procedure.id}`;
      if (!rules.has(key)) rules.set(key, loadDeadlineRules(em, unit.id, procedure));
      return rules.get(key)!;
    };

    const result: ImportResult = { imported: 0, skipped: 0, failures: [] };
    for (const [index, input] of inputs.entries()) {
      try {
        const outcome = await this.importOne(who, input, procedures, units, legacyUnits, rulesFor);
        if (outcome === 'imported') result.imported++;
        else result.skipped++;
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const errors = error instanceof DomainErrors ? [...error.errors] : [error];
        result.failures.push({ index, code: input.code ?? null, errors });
      }
    }
    return result;
  }

  private async importOne(
    who: Actor,
    input: ImportDossierInput,
    procedures: Map<string, Procedure>,
    units: Map<string, AdministrativeUnit>,
    legacyUnits: Map<string, AdministrativeUnit>,
    rulesFor: (unit: AdministrativeUnit, procedure: Procedure) => Promise<DeadlineRules>,
  ): Promise<'imported' | 'skipped'> {
    // The scope first: someone who may not import into this unit learns nothing about their input.
    // A current unit wins over an old code mapped elsewhere (23737 is today's Xã Ia Mơ and also the
    // old code of Xã Ia Mơ Nông, now in Xã Ia Ly): legacy systems of merged units are the exception.
    const legacyUnitCode = units.has(input.unitCode) ? null : legacyUnits.has(input.unitCode) ? input.unitCode : null;
    const unit = units.get(input.unitCode) ?? legacyUnits.get(input.unitCode);
    if (!unit) throw new DomainError('NOT_FOUND', ['unitCode'], { code: input.unitCode });
    requireUnitInScope(who, unitRefOf(unit), ['unitCode']);
    if (input.code != null && !LEGACY_CODE_RE.test(input.code)) throw new DomainError('INVALID_DOSSIER_CODE', ['code']);
    const applicant = validApplicant(input.applicant, ['applicant']);
    const procedure = procedures.get(input.procedureCode);
    if (!procedure) throw new DomainError('NOT_FOUND', ['procedureCode'], { code: input.procedureCode });
    const filedAt = this.checkTimeline(input);
    const formData = formDataOf(input.formData, ['formData']);
    if (formData !== null) this.forms?.validate(procedure, formData, ['formData']);
    const ctx = await rulesFor(unit, procedure);

    try {
      return await this.orm.em.fork().transactional(async (em) => {
        if (input.code && (await em.count(Dossier, { code: input.code })) > 0) return 'skipped';
        let state = initialState(input.channel === Channel.ONLINE, filedAt, ctx);
        const code = input.code ?? (await nextDossierCode(em, unit, localDateOf(filedAt)));
        const dossier = em.create(Dossier, {
          // Catalogue rows were loaded once for the batch; the transaction links to them by id.
          ...newDossierFields(em, { code, procedure, unit, channel: input.channel, applicant, formData, filedAt }),
          legacyUnitCode,
          ...state,
        });
        const target = { dossier, procedure, unit, imported: true };
        await this.recorder.record(em, target, { action: null, fromStatus: null, state, at: filedAt, actor: IMPORT_ACTOR });
        for (const [i, entry] of input.history.entries()) {
          const path = ['history', String(i)];
          validateActionArguments(entry, path);
          const transition = withPath(path, () => applyAction(state, entry, ctx));
          await this.recorder.record(em, target, {
            action: entry.action,
            fromStatus: transition.fromStatus,
            state: transition.state,
            at: entry.at,
            actor: IMPORT_ACTOR,
            note: entry.note,
          });
          state = transition.state;
        }
        return 'imported';
      });
    } catch (error) {
      // The same legacy code imported concurrently by another request: it is present now.
      if (input.code && error instanceof UniqueConstraintViolationException) return 'skipped';
      throw error;
    }
  }

  /** Channel-specific start instant, then history in chronological order and never in the future. */
  private checkTimeline(input: ImportDossierInput): Date {
    const online = input.channel === Channel.ONLINE;
    const start = online ? input.submittedAt : input.receivedAt;
    const startField = online ? 'submittedAt' : 'receivedAt';
    const otherField = online ? 'receivedAt' : 'submittedAt';
    if (!start) throw new DomainError('FIELD_REQUIRED', [startField], { channel: input.channel });
    if (input[otherField]) throw new DomainError('FIELD_NOT_ALLOWED', [otherField], { channel: input.channel });
    const latest = this.clock.now().getTime() + FUTURE_SKEW_MS;
    if (start.getTime() > latest) throw new DomainError('TIME_IN_FUTURE', [startField]);
    let previous = start;
    input.history.forEach((entry, i) => {
      if (entry.at < previous) throw new DomainError('HISTORY_OUT_OF_ORDER', ['history', String(i), 'at']);
      if (entry.at.getTime() > latest) throw new DomainError('TIME_IN_FUTURE', ['history', String(i), 'at']);
      previous = entry.at;
    });
    return start;
  }
}

/**
 * The units that took over the old commune codes among `codes` (legacy mapping of the reference
 * import), by old code: a legacy system of a merged commune still files under its old code.
 */
async function loadLegacyUnits(em: EntityManager, codes: string[]): Promise<Map<string, AdministrativeUnit>> {
  const oldCodes = [...new Set(codes)].filter((code) => /^\d{5}$/.test(code));
  if (oldCodes.length === 0) return new Map();
  const rows = await em.find(LegacyUnitMapping, { oldCode: { $in: oldCodes } }, { populate: ['newUnit', 'newUnit.parent'] });
  return new Map(rows.map((m) => [m.oldCode!, m.newUnit.getEntity()]));
}

/** Re-throws a lifecycle error with the path of the history entry that caused it. */
function withPath<T>(path: string[], fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError(error.code, [...path, ...(error.field?.slice(1) ?? [])], error.params);
    throw error;
  }
}

async function loadByCode<T extends { code: string }>(
  em: EntityManager,
  entity: new () => T,
  codes: string[],
  populate: string[] = [],
): Promise<Map<string, T>> {
  const rows = (await em.find(entity as never, { code: { $in: [...new Set(codes)] } } as never, {
    populate: populate as never,
  })) as T[];
  return new Map(rows.map((r) => [r.code, r]));
}
