import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import { requireCapability } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { ReferenceCache } from '../catalog/reference-cache.js';
import { DomainError, DomainErrors } from '../errors.js';
import { pageFrom, type Page, type PageRequest } from '../paging.js';
import { escapeLike, foldForSearch } from '../text/search-text.js';
import type { FormSchemaChecker } from '../forms/e-forms.js';
import type { UpsertResult } from '../unit/unit.service.js';
import { Field } from './field.entity.js';
import { OnlineLevel, ProcedureLevel } from './procedure-enums.js';
import { Procedure, type RequiredDocument } from './procedure.entity.js';
import {
  isValidProcessingTime,
  processingTimeOfDays,
  wholeWorkingDaysOf,
  type ProcessingTime,
} from './processing-time.js';

export interface ProcedureInput {
  code: string;
  name: string;
  fieldCode: string;
  fieldName: string;
  level: ProcedureLevel;
  /** Whole working days (0 = same day); give this or `processingTime`, which wins when both are given. */
  processingDays?: number | null;
  /** The statutory time with its unit (half days, hours, calendar days ...). */
  processingTime?: ProcessingTime | null;
  onlineLevel: OnlineLevel;
  feeVnd?: number;
  requiredDocuments?: RequiredDocument[] | null;
  connector?: string | null;
  /** The e-form (JSON Schema 2020-12 with UI hints); absent keeps the current one, null removes it. */
  formSchema?: unknown;
}

export interface ProcedureFilter {
  search?: string | null;
  fieldCode?: string | null;
  level?: ProcedureLevel | null;
  onlineLevel?: OnlineLevel | null;
}

/** National procedure codes look like `1.001193`. */
const PROCEDURE_CODE_RE = /^\d\.\d{6}$/;
const FIELD_CODE_RE = /^[A-Z][A-Z0-9_]{1,39}$/;
const CONNECTOR_KEY_RE = /^[a-z][a-z0-9-]{1,39}$/;
/** Statutory times beyond a year are data-entry mistakes. */
const MAX_PROCESSING_DAYS = 365;

/** The time an input gives: `processingTime` when present, else the whole days of `processingDays`. */
export function inputProcessingTime(input: Pick<ProcedureInput, 'processingDays' | 'processingTime'>): ProcessingTime | null {
  if (input.processingTime) return input.processingTime;
  return input.processingDays == null ? null : processingTimeOfDays(input.processingDays);
}

/** The procedure catalogue (thủ tục hành chính); look-ups are cached (see ReferenceCache). */
export class ProcedureService {
  private readonly byCodeCache: ReferenceCache<string, Procedure>;
  private readonly byIdCache: ReferenceCache<number, Procedure>;
  private readonly fieldCache: ReferenceCache<string, Field>;

  /** `forms` checks e-form definitions on the way in (null: stored as given, for tools that trust their input). */
  constructor(
    private readonly orm: MikroORM,
    private readonly forms: FormSchemaChecker | null = null,
    cacheTtlMs = 30_000,
  ) {
    this.byCodeCache = new ReferenceCache(cacheTtlMs);
    this.byIdCache = new ReferenceCache(cacheTtlMs);
    this.fieldCache = new ReferenceCache(cacheTtlMs);
  }

  async byCode(code: string): Promise<Procedure | null> {
    return this.byCodeCache.get(code, (c) => this.orm.em.fork().findOne(Procedure, { code: c }));
  }

  async byIds(ids: readonly number[]): Promise<Procedure[]> {
    return this.byIdCache.findMany(ids, (missing) => this.orm.em.fork().find(Procedure, { id: { $in: missing } }), (p) => p.id);
  }

  async fieldsByCodes(codes: readonly string[]): Promise<Field[]> {
    return this.fieldCache.findMany(codes, (missing) => this.orm.em.fork().find(Field, { code: { $in: missing } }), (f) => f.code);
  }

  /** Procedures ordered by code; `search` matches code or name ignoring case and diacritics. */
  async list(filter: ProcedureFilter, page: PageRequest<string>): Promise<Page<Procedure>> {
    const where: FilterQuery<Procedure> = {};
    const folded = filter.search ? foldForSearch(filter.search) : '';
    if (folded) where.searchText = { $like: `%${escapeLike(folded)}%` };
    if (filter.fieldCode) where.field = { code: filter.fieldCode };
    if (filter.level) where.level = filter.level;
    if (filter.onlineLevel) where.onlineLevel = filter.onlineLevel;
    const rows = await this.orm.em.fork().find(
      Procedure,
      page.after ? { $and: [where, { code: { $gt: page.after } }] } : where,
      { orderBy: { code: 'asc' }, limit: page.first + 1 },
    );
    return pageFrom(rows, page.first, () => this.orm.em.fork().count(Procedure, where));
  }

  /**
   * Creates or updates procedures by code, all or nothing (every problem reported by index).
   * `em`: inside that transaction (a savepoint), for a use case that writes more with it (catalogue import).
   */
  async upsert(actor: Actor | null, inputs: readonly ProcedureInput[], options: { em?: EntityManager } = {}): Promise<UpsertResult> {
    requireCapability(actor, 'manageProcedures');
    const errors = inputs.flatMap((input, i) => [
      ...validate(input, i),
      ...(input.formSchema != null && this.forms ? this.forms.schemaProblems(input.formSchema, ['input', String(i), 'formSchema']) : []),
    ]);
    const codes = inputs.map((p) => p.code);
    const duplicates = codes.filter((c, i) => codes.indexOf(c) !== i);
    duplicates.forEach((code) =>
      errors.push(new DomainError('DUPLICATE_CODE', ['input', String(codes.lastIndexOf(code)), 'code'], { code })),
    );
    if (errors.length > 0) throw new DomainErrors(errors);

    const result = await (options.em ?? this.orm.em.fork()).transactional(async (em) => {
      const existing = new Map((await em.find(Procedure, { code: { $in: codes } })).map((p) => [p.code, p]));
      const fields = new Map(
        (await em.find(Field, { code: { $in: inputs.map((p) => p.fieldCode) } })).map((f) => [f.code, f]),
      );
      let created = 0;
      let updated = 0;
      for (const input of inputs) {
        let field = fields.get(input.fieldCode);
        if (!field) {
          field = em.create(Field, { code: input.fieldCode, name: input.fieldName.trim() });
          fields.set(field.code, field);
        } else {
          field.name = input.fieldName.trim();
        }
        const time = inputProcessingTime(input)!;
        const values = {
          name: input.name.trim(),
          field,
          level: input.level,
          processingDays: wholeWorkingDaysOf(time),
          processingTimeValue: time.value,
          processingTimeUnit: time.unit,
          onlineLevel: input.onlineLevel,
          feeVnd: input.feeVnd ?? 0,
          requiredDocuments: (input.requiredDocuments ?? []).map((d) => ({
            name: d.name.trim(),
            copies: d.copies,
            mandatory: d.mandatory,
          })),
          connector: input.connector ?? null,
          searchText: foldForSearch(`${input.code} ${input.name}`),
          ...(input.formSchema !== undefined ? { formSchema: input.formSchema as Record<string, unknown> | null } : {}),
        };
        const current = existing.get(input.code);
        if (current) {
          em.assign(current, values);
          updated++;
        } else {
          em.create(Procedure, { code: input.code, ...values });
          created++;
        }
      }
      return { created, updated };
    });
    this.forgetCached();
    return result;
  }

  /** Drops this process's cached look-ups after a catalogue change (other processes wait out the TTL). */
  forgetCached(): void {
    this.byCodeCache.clear();
    this.byIdCache.clear();
    this.fieldCache.clear();
  }
}

function validate(input: ProcedureInput, index: number): DomainError[] {
  const errors: DomainError[] = [];
  const problem = (code: string, ...path: string[]) => errors.push(new DomainError(code, ['input', String(index), ...path]));
  if (!PROCEDURE_CODE_RE.test(input.code)) problem('INVALID_PROCEDURE_CODE', 'code');
  if (input.name.trim() === '') problem('NAME_REQUIRED', 'name');
  if (!FIELD_CODE_RE.test(input.fieldCode)) problem('INVALID_FIELD_CODE', 'fieldCode');
  if (input.fieldName.trim() === '') problem('NAME_REQUIRED', 'fieldName');
  if (input.processingTime) {
    if (!isValidProcessingTime(input.processingTime)) problem('INVALID_PROCESSING_TIME', 'processingTime');
  } else if (input.processingDays == null) {
    problem('PROCESSING_TIME_REQUIRED', 'processingTime');
  } else if (!Number.isInteger(input.processingDays) || input.processingDays < 0 || input.processingDays > MAX_PROCESSING_DAYS) {
    problem('INVALID_PROCESSING_DAYS', 'processingDays');
  }
  if (input.feeVnd !== undefined && (!Number.isInteger(input.feeVnd) || input.feeVnd < 0)) problem('INVALID_FEE', 'feeVnd');
  if (input.connector && !CONNECTOR_KEY_RE.test(input.connector)) problem('INVALID_CONNECTOR_KEY', 'connector');
  (input.requiredDocuments ?? []).forEach((doc, i) => {
    if (doc.name.trim() === '') problem('NAME_REQUIRED', 'requiredDocuments', String(i), 'name');
    if (!Number.isInteger(doc.copies) || doc.copies < 1) problem('INVALID_COPIES', 'requiredDocuments', String(i), 'copies');
  });
  return errors;
}
