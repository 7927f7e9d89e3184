import { provinceRefOf } from '../unit/unit-ref.js';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { DomainError, DomainErrors } from '../errors.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { isProvinceLevel } from '../unit/unit-kind.js';
import { ProcedureTimeOverride } from './procedure-time-override.entity.js';
import { nationalProcessingTime, Procedure } from './procedure.entity.js';
import { provinceIdOfUnitId } from '../unit/province-of-unit.js';
import { sql } from 'kysely';
import { isValidProcessingTime, type ProcessingTime, type ProcessingTimeUnit } from './processing-time.js';

export interface ProvinceProcessingTimeInput {
  procedureCode: string;
  /** The province's time; null removes the province's own time (the national one applies again). */
  processingTime: ProcessingTime | null;
  /** The decision that publishes it, e.g. "Quyết định 1234/QĐ-UBND ngày 01/08/2025". */
  source?: string | null;
}

export interface ProvinceProcessingTime extends ProcessingTime {
  procedureCode: string;
  source: string | null;
}

/**
 * The processing times a province publishes for its own units, where they differ from the national
 * ones. Written by the province's administrator (or a system administrator); read by the deadline
 * rules inside each dossier transaction (calendar/deadline-rules.ts), so a change applies to the next
 * receipt without any cache to expire.
 */
export class ProvinceProcessingTimeService {
  constructor(private readonly orm: MikroORM) {}

  async list(provinceCode: string): Promise<ProvinceProcessingTime[]> {
    const em = this.orm.em.fork();
    const province = await this.province(provinceCode);
    const rows = await em.find(ProcedureTimeOverride, { province: province.id }, { populate: ['procedure'] });
    return rows
      .map((r) => ({ procedureCode: r.procedure.unwrap().code, value: r.value, unit: r.unit, source: r.source ?? null }))
      .sort((a, b) => a.procedureCode.localeCompare(b.procedureCode));
  }

  /**
   * Sets (or, with a null time, removes) the province's times, all or nothing; every bad entry is reported.
   * `em`: inside that transaction (a savepoint), e.g. with the procedures a catalogue import writes.
   */
  async set(
    actor: Actor | null,
    provinceCode: string,
    inputs: readonly ProvinceProcessingTimeInput[],
    options: { em?: EntityManager } = {},
  ): Promise<ProvinceProcessingTime[]> {
    const who = requireCapability(actor, 'manageProvinceProcedures');
    const province = await this.province(provinceCode);
    requireUnitInScope(who, provinceRefOf(province.code), ['provinceCode']);
    await (options.em ?? this.orm.em.fork()).transactional(async (em) => {
      const codes = inputs.map((i) => i.procedureCode);
      const procedures = new Map((await em.find(Procedure, { code: { $in: codes } })).map((p) => [p.code, p]));
      const errors: DomainError[] = [];
      const seen = new Set<string>();
      inputs.forEach((input, i) => {
        const path = ['input', String(i)];
        if (seen.has(input.procedureCode)) errors.push(new DomainError('DUPLICATE_CODE', [...path, 'procedureCode'], { code: input.procedureCode }));
        seen.add(input.procedureCode);
        if (!procedures.has(input.procedureCode)) errors.push(new DomainError('NOT_FOUND', [...path, 'procedureCode'], { code: input.procedureCode }));
        if (input.processingTime && !isValidProcessingTime(input.processingTime)) {
          errors.push(new DomainError('INVALID_PROCESSING_TIME', [...path, 'processingTime']));
        }
      });
      if (errors.length > 0) throw new DomainErrors(errors);
      for (const input of inputs) {
        const procedure = procedures.get(input.procedureCode)!;
        await em.nativeDelete(ProcedureTimeOverride, { province: province.id, procedure: procedure.id });
        if (input.processingTime) {
          em.create(ProcedureTimeOverride, {
            province: province.id,
            procedure: procedure.id,
            value: input.processingTime.value,
            unit: input.processingTime.unit,
            source: input.source?.trim() || null,
          });
        }
      }
    });
    return this.list(provinceCode);
  }

  /** The time that applies to dossiers of `unitCode` (its province's own time, else the national one). */
  async effective(procedure: Procedure, unitCode: string): Promise<ProcessingTime> {
    const em = this.orm.em.fork();
    const unit = await em.findOne(AdministrativeUnit, { code: unitCode });
    if (!unit) throw new DomainError('NOT_FOUND', ['unitCode'], { code: unitCode });
    const { rows } = await sql<{ value: number; unit: ProcessingTimeUnit }>`
      select o.value, o.unit from procedure_time_override o
      where o.procedure_id = ${procedure.id} and o.province_id = ${provinceIdOfUnitId(unit.id)}`.execute(em.getKysely());
    return rows[0] ?? nationalProcessingTime(procedure);
  }

  private async province(code: string): Promise<AdministrativeUnit> {
    const unit = await this.orm.em.fork().findOne(AdministrativeUnit, { code });
    if (!unit) throw new DomainError('NOT_FOUND', ['provinceCode'], { code });
    if (!isProvinceLevel(unit.kind)) throw new DomainError('NOT_A_PROVINCE', ['provinceCode'], { code });
    return unit;
  }
}
