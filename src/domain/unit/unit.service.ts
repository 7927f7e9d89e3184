import type { FilterQuery, MikroORM } from '@mikro-orm/postgresql';
import { coversUnit, requireCapability, type UnitRef } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { ReferenceCache } from '../catalog/reference-cache.js';
import { DomainError, DomainErrors } from '../errors.js';
import { pageFrom, type Page, type PageRequest } from '../paging.js';
import { escapeLike, foldForSearch } from '../text/search-text.js';
import { isLocalDate, type LocalDate } from '../time/local-time.js';
import { AdministrativeUnit } from './administrative-unit.entity.js';
import { LegacyUnitMapping } from './legacy-unit-mapping.entity.js';
import { isValidUnitCode } from './unit-code.js';
import { isCenterOwn, isCommuneLevel, isProvinceLevel, UnitKind } from './unit-kind.js';
import { unitRefOf } from './unit-ref.js';

export interface UnitInput {
  code: string;
  name: string;
  kind: UnitKind;
  parentCode?: string | null;
  validFrom?: LocalDate | null;
  validTo?: LocalDate | null;
  successorCode?: string | null;
}

export interface UpsertResult {
  created: number;
  updated: number;
}

/** One unit of a subtree, as the callers that report over units need it. */
export interface SubtreeUnit {
  id: number;
  code: string;
  name: string;
  validFrom: LocalDate | null;
  validTo: LocalDate | null;
}

/**
 * A unit and every unit its scope covers (itself, its communes for a province, and the departments
 * and branches under either): the one
 * look-up behind dossier lists, statistics and reconciliation, cached like the rest of the catalogue.
 */
export interface UnitSubtree {
  unit: UnitRef;
  /** The unit itself first, then the units under it by code. */
  units: SubtreeUnit[];
  /** The ids of `units`, in the same order. */
  ids: number[];
  /** The codes of `units`, in the same order. */
  codes: string[];
}

/** Administrative units: look-ups (cached, see ReferenceCache), listing and the catalogue upsert. */
export class UnitService {
  private readonly byCodeCache: ReferenceCache<string, AdministrativeUnit>;
  private readonly byIdCache: ReferenceCache<number, AdministrativeUnit>;
  private readonly subtreeCache: ReferenceCache<string, UnitSubtree>;

  constructor(
    private readonly orm: MikroORM,
    cacheTtlMs = 30_000,
  ) {
    this.byCodeCache = new ReferenceCache(cacheTtlMs);
    this.byIdCache = new ReferenceCache(cacheTtlMs);
    this.subtreeCache = new ReferenceCache(cacheTtlMs);
  }

  /** With its parent loaded, so that the scope check (unitRefOf) needs no further read. */
  async byCode(code: string): Promise<AdministrativeUnit | null> {
    return this.byCodeCache.get(code, (c) => this.orm.em.fork().findOne(AdministrativeUnit, { code: c }, { populate: ['parent'] }));
  }

  async byIds(ids: readonly number[]): Promise<AdministrativeUnit[]> {
    return this.byIdCache.findMany(ids, (missing) => this.orm.em.fork().find(AdministrativeUnit, { id: { $in: missing } }), (u) => u.id);
  }

  /** The mapping of an old commune code (before 1 July 2025) to the unit that took it over; null when unknown. */
  async legacyMapping(oldCode: string): Promise<LegacyUnitMapping | null> {
    if (!/^\d{5}$/.test(oldCode)) return null;
    return this.orm.em.fork().findOne(LegacyUnitMapping, { oldCode }, { populate: ['newUnit'] });
  }

  /** The unit with this code and the units its scope covers; null when no such unit exists. */
  async subtree(code: string): Promise<UnitSubtree | null> {
    return this.subtreeCache.get(code, async (c) => {
      const em = this.orm.em.fork();
      const root = await em.findOne(AdministrativeUnit, { code: c }, { populate: ['parent'] });
      if (!root) return null;
      // Two levels at most: province -> commune -> a commune's own department or branch.
      const children = await em.find(
        AdministrativeUnit,
        { $or: [{ parent: root.id }, { parent: { parent: root.id } }] },
        { orderBy: { code: 'asc' } },
      );
      const units = [root, ...children].map((u): SubtreeUnit => ({
        id: u.id, code: u.code, name: u.name, validFrom: u.validFrom ?? null, validTo: u.validTo ?? null,
      }));
      return { unit: unitRefOf(root), units, ids: units.map((u) => u.id), codes: units.map((u) => u.code) };
    });
  }

  /** Units ordered by code; under a parent when `parentCode` is given; `search` folds case and diacritics. */
  async list(
    filter: { parentCode?: string | null; search?: string | null },
    page: PageRequest<string>,
  ): Promise<Page<AdministrativeUnit>> {
    const em = this.orm.em.fork();
    const where: FilterQuery<AdministrativeUnit> = {};
    if (filter.parentCode) {
      const parent = await em.findOne(AdministrativeUnit, { code: filter.parentCode });
      if (!parent) throw new DomainError('NOT_FOUND', ['parentCode'], { code: filter.parentCode });
      where.parent = parent.id;
    }
    const folded = filter.search ? foldForSearch(filter.search) : '';
    if (folded) where.searchText = { $like: `%${escapeLike(folded)}%` };
    const rows = await em.find(
      AdministrativeUnit,
      page.after ? { $and: [where, { code: { $gt: page.after } }] } : where,
      { orderBy: { code: 'asc' }, limit: page.first + 1 },
    );
    return pageFrom(rows, page.first, () => this.orm.em.fork().count(AdministrativeUnit, where));
  }

  /**
   * Creates or updates units by code, all or nothing: every problem is reported (with the index of
   * the offending input) and nothing is written unless all are valid. Parents come before children,
   * within the input or already in the database.
   */
  async upsert(actor: Actor | null, inputs: readonly UnitInput[]): Promise<UpsertResult> {
    const who = requireCapability(actor, 'manageUnits');
    const result = await this.orm.em.fork().transactional(async (em) => {
      const codes = new Set(inputs.flatMap((u) => [u.code, u.parentCode ?? '', u.successorCode ?? '']).filter(Boolean));
      const existing = new Map<string, AdministrativeUnit>(
        (await em.find(AdministrativeUnit, { code: { $in: [...codes] } }, { populate: ['parent'] })).map((u) => [u.code, u]),
      );
      const errors: DomainError[] = [];
      const seen = new Set<string>();
      let created = 0;
      let updated = 0;

      inputs.forEach((input, i) => {
        const problem = (code: string, key: string, params: Record<string, string> = {}) =>
          errors.push(new DomainError(code, ['input', String(i), key], params));
        const provinceLevel = isProvinceLevel(input.kind);
        const centerOwn = isCenterOwn(input.kind);
        if (centerOwn && !input.parentCode) return problem('UNIT_PARENT_REQUIRED', 'parentCode');
        if (!isValidUnitCode(input.code, input.kind, input.parentCode)) {
          problem('INVALID_UNIT_CODE', 'code', { kind: input.kind });
          return;
        }
        if (seen.has(input.code)) return problem('DUPLICATE_CODE', 'code', { code: input.code });
        seen.add(input.code);
        if (input.name.trim() === '') return problem('NAME_REQUIRED', 'name');
        if (provinceLevel && input.parentCode) return problem('PROVINCE_HAS_NO_PARENT', 'parentCode');
        const parent = input.parentCode ? existing.get(input.parentCode) : undefined;
        if (!provinceLevel) {
          if (!input.parentCode) return problem('PARENT_REQUIRED', 'parentCode');
          if (!parent) return problem('NOT_FOUND', 'parentCode', { code: input.parentCode });
          if (centerOwn ? !isProvinceLevel(parent.kind) && !isCommuneLevel(parent.kind) : !isProvinceLevel(parent.kind)) {
            return problem(centerOwn ? 'PARENT_NOT_PROVINCE_OR_COMMUNE' : 'PARENT_NOT_PROVINCE', 'parentCode');
          }
        }
        for (const key of ['validFrom', 'validTo'] as const) {
          const value = input[key];
          if (value && !isLocalDate(value)) return problem('INVALID_DATE', key);
        }
        if (input.validFrom && input.validTo && input.validTo < input.validFrom) return problem('INVALID_VALIDITY', 'validTo');
        const successor = input.successorCode ? existing.get(input.successorCode) : undefined;
        if (input.successorCode && !successor) return problem('NOT_FOUND', 'successorCode', { code: input.successorCode });
        // A province administrator manages the units of its own province, not the province itself.
        const provinceCode = parent ? parent.provinceCode : input.code;
        const target = { code: input.code, parentCode: input.parentCode ?? null, provinceCode };
        if (who.role !== Role.SYSTEM_ADMIN && (target.code === who.unitCode || !coversUnit(who, target))) {
          return problem('FORBIDDEN', 'code');
        }

        const values = {
          name: input.name.trim(),
          kind: input.kind,
          parent: parent ?? null,
          provinceCode,
          validFrom: input.validFrom ?? null,
          validTo: input.validTo ?? null,
          successor: successor ?? null,
          searchText: foldForSearch(`${input.code} ${input.name}`),
        };
        const current = existing.get(input.code);
        if (current) {
          em.assign(current, values);
          updated++;
        } else {
          existing.set(input.code, em.create(AdministrativeUnit, { code: input.code, ...values }));
          created++;
        }
      });

      if (errors.length > 0) throw new DomainErrors(errors);
      return { created, updated };
    });
    this.forgetCached();
    return result;
  }

  private forgetCached(): void {
    this.byCodeCache.clear();
    this.byIdCache.clear();
    this.subtreeCache.clear();
  }
}
