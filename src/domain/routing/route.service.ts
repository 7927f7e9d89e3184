import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { coversUnit, requireCapability } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { DomainError, DomainErrors } from '../errors.js';
import { Procedure } from '../procedure/procedure.entity.js';
import { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { isProvinceLevel } from '../unit/unit-kind.js';
import { unitRefOf } from '../unit/unit-ref.js';
import { RouteRole } from './route-role.js';

export interface RouteStepInput {
  role: RouteRole;
  /** The unit that holds the dossier at this step; null: the center that received it. */
  unitCode?: string | null;
  name?: string | null;
  /** This step's share of the deadline, in working days; null: no share of its own. */
  days?: number | null;
}

export interface RouteStep {
  position: number;
  role: RouteRole;
  unitId: number | null;
  unitCode: string | null;
  name: string | null;
  days: number | null;
}

export const MAX_ROUTE_STEPS = 20;

/**
 * A province's route for a procedure (docs/routing.md) and the officers of its units: what a
 * transfer is checked against. A route is set whole (all or nothing, every problem reported).
 */
export class RouteService {
  constructor(
    private readonly orm: MikroORM,
    /** Keys of the registered connectors that take transferred dossiers (Connector.takesTransfers). */
    private readonly transferConnectors: ReadonlySet<string> = new Set(),
  ) {}

  /** The connector of a unit that works in another system, or null (transfers to it stay local). */
  async unitConnector(unitCode: string): Promise<string | null> {
    const { rows } = await sql<{ connector: string | null }>`select connector from administrative_unit where code = ${unitCode}`.execute(this.orm.em.fork().getKysely());
    if (!rows[0]) throw new DomainError('NOT_FOUND', ['unitCode'], { code: unitCode });
    return rows[0].connector;
  }

  /**
   * Says that an agency works in another system: a dossier transferred to it is then delivered by
   * that connector through the outbox (docs/routing.md). Null: it works in this one. PROVINCE_ADMIN
   * of its province, or SYSTEM_ADMIN.
   */
  async setUnitConnector(actor: Actor | null, unitCode: string, connector: string | null): Promise<string | null> {
    const who = requireCapability(actor, 'manageConnectors');
    if (who.role === Role.INTEGRATOR) throw new DomainError('FORBIDDEN');
    if (connector !== null && !this.transferConnectors.has(connector)) throw new DomainError('INVALID_CONNECTOR_KEY', ['connector']);
    return this.orm.em.fork().transactional(async (em) => {
      const unit = await this.unitInScope(em, who, unitCode);
      await sql`update administrative_unit set connector = ${connector} where id = ${unit.id}`.execute(em.getKysely());
      return connector;
    });
  }

  /** The route's steps in order; empty when the province set none. */
  async route(provinceCode: string, procedureCode: string, em: EntityManager = this.orm.em.fork()): Promise<RouteStep[]> {
    const { rows } = await sql<{ position: number; role: RouteRole; unit_id: string | null; unit_code: string | null; name: string | null; days: number | null }>`
      select r.position, r.role, r.unit_id, u.code as unit_code, r.name, r.days
      from procedure_route_step r left join administrative_unit u on u.id = r.unit_id
      where r.province_id = (select id from administrative_unit where code = ${provinceCode})
        and r.procedure_id = (select id from procedure where code = ${procedureCode})
      order by r.position`.execute(em.getKysely());
    return rows.map((r) => ({ position: r.position, role: r.role, unitId: r.unit_id === null ? null : Number(r.unit_id), unitCode: r.unit_code, name: r.name, days: r.days }));
  }

  /** Replaces the route (an empty list removes it); that province's PROVINCE_ADMIN or a SYSTEM_ADMIN. */
  async setRoute(actor: Actor | null, provinceCode: string, procedureCode: string, steps: readonly RouteStepInput[]): Promise<RouteStep[]> {
    const who = requireCapability(actor, 'manageProvinceProcedures');
    return this.orm.em.fork().transactional(async (em) => {
      const province = await em.findOne(AdministrativeUnit, { code: provinceCode });
      if (!province) throw new DomainError('NOT_FOUND', ['provinceCode'], { code: provinceCode });
      if (!isProvinceLevel(province.kind)) throw new DomainError('NOT_A_PROVINCE', ['provinceCode'], { code: provinceCode });
      if (!coversUnit(who, unitRefOf(province))) throw new DomainError('FORBIDDEN', ['provinceCode']);
      const procedure = await em.findOne(Procedure, { code: procedureCode });
      if (!procedure) throw new DomainError('NOT_FOUND', ['procedureCode'], { code: procedureCode });
      if (steps.length > MAX_ROUTE_STEPS) throw new DomainError('TOO_MANY_ITEMS', ['steps'], { max: String(MAX_ROUTE_STEPS) });

      const codes = [...new Set(steps.map((s) => s.unitCode).filter((c): c is string => Boolean(c)))];
      const units = new Map((await em.find(AdministrativeUnit, { code: { $in: codes } })).map((u) => [u.code, u]));
      const errors: DomainError[] = [];
      steps.forEach((step, i) => {
        const at = (key: string) => ['steps', String(i), key];
        if (step.unitCode) {
          const unit = units.get(step.unitCode);
          if (!unit) errors.push(new DomainError('NOT_FOUND', at('unitCode'), { code: step.unitCode }));
          else if (unit.provinceCode !== province.code) errors.push(new DomainError('UNIT_NOT_IN_PROVINCE', at('unitCode'), { code: step.unitCode }));
        } else if (step.role === RouteRole.PROCESS) {
          errors.push(new DomainError('ROUTE_UNIT_REQUIRED', at('unitCode')));
        }
        if (step.days != null && (!Number.isInteger(step.days) || step.days < 0 || step.days > 365)) {
          errors.push(new DomainError('INVALID_PROCESSING_DAYS', at('days')));
        }
        if (step.name && step.name.length > 200) errors.push(new DomainError('NAME_TOO_LONG', at('name')));
      });
      if (steps.length > 0 && !steps.some((s) => s.role === RouteRole.PROCESS)) errors.push(new DomainError('ROUTE_NEEDS_PROCESS_STEP', ['steps']));
      // The shares divide the citizen's deadline: together they may not promise more than it.
      const total = steps.reduce((sum, s) => sum + (s.days ?? 0), 0);
      if (procedure.processingTimeUnit === ProcessingTimeUnit.WORKING_DAYS && total > procedure.processingTimeValue) {
        errors.push(new DomainError('ROUTE_SHARES_EXCEED_DEADLINE', ['steps'], { days: String(procedure.processingTimeValue) }));
      }
      if (errors.length > 0) throw new DomainErrors(errors);

      await sql`delete from procedure_route_step where province_id = ${province.id} and procedure_id = ${procedure.id}`.execute(em.getKysely());
      if (steps.length > 0) {
        const rows = steps.map((s, i) => sql`(${province.id}, ${procedure.id}, ${i + 1}, ${s.role}, ${s.unitCode ? units.get(s.unitCode)!.id : null}::bigint,
          ${s.name?.trim() || null}, ${s.days ?? null}::integer)`);
        await sql`insert into procedure_route_step (province_id, procedure_id, position, role, unit_id, name, days) values ${sql.join(rows)}`.execute(em.getKysely());
      }
      return this.route(province.code, procedure.code, em);
    });
  }

  /** The officers (token subs) of a unit, by sub. */
  async officers(actor: Actor | null, unitCode: string): Promise<string[]> {
    const who = requireCapability(actor, 'readDossiers');
    const em = this.orm.em.fork();
    const unit = await this.unitInScope(em, who, unitCode);
    const { rows } = await sql<{ sub: string }>`select sub from unit_officer where unit_id = ${unit.id} order by sub`.execute(em.getKysely());
    return rows.map((r) => r.sub);
  }

  /** Replaces the officers of a unit (the ones a dossier it holds may be assigned to); PROVINCE_ADMIN or SYSTEM_ADMIN. */
  async setOfficers(actor: Actor | null, unitCode: string, subs: readonly string[]): Promise<string[]> {
    const who = requireCapability(actor, 'manageUnits');
    const clean = [...new Set(subs.map((s) => s.trim()))];
    clean.forEach((s, i) => {
      if (s === '' || s.length > 200) throw new DomainError('BAD_USER_INPUT', ['subs', String(i)]);
    });
    if (clean.length > 1000) throw new DomainError('TOO_MANY_ITEMS', ['subs'], { max: '1000' });
    return this.orm.em.fork().transactional(async (em) => {
      const unit = await this.unitInScope(em, who, unitCode);
      await sql`delete from unit_officer where unit_id = ${unit.id}`.execute(em.getKysely());
      if (clean.length > 0) {
        await sql`insert into unit_officer (unit_id, sub) select ${unit.id}, unnest(${clean}::text[])`.execute(em.getKysely());
      }
      return [...clean].sort();
    });
  }

  private async unitInScope(em: EntityManager, who: Actor, unitCode: string): Promise<AdministrativeUnit> {
    const unit = await em.findOne(AdministrativeUnit, { code: unitCode }, { populate: ['parent'] });
    if (!unit) throw new DomainError('NOT_FOUND', ['unitCode'], { code: unitCode });
    if (!coversUnit(who, unitRefOf(unit))) throw new DomainError('FORBIDDEN', ['unitCode']);
    return unit;
  }
}
