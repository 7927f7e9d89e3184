import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { nationalProcessingTime, type Procedure } from '../procedure/procedure.entity.js';
import type { ProcessingTime, ProcessingTimeUnit } from '../procedure/processing-time.js';
import { provinceIdOfUnitId } from '../unit/province-of-unit.js';
import { DEFAULT_OPENING_HOURS, type WeeklyHours } from './opening-hours.js';
import { UnitCalendar } from './unit-calendar.js';

/** What a deadline at one unit for one procedure is computed from. */
export interface DeadlineRules {
  /** The province's own time where it published one, else the national time. */
  time: ProcessingTime;
  calendar: UnitCalendar;
}

interface RulesRow {
  national: { date: string; working: boolean }[] | null;
  overlay: { date: string; working: boolean }[] | null;
  hours: WeeklyHours | null;
  override: { value: number; unit: ProcessingTimeUnit } | null;
  revision: string;
}

/** What the database holds for a deadline at one unit: the rules without the procedure's national time. */
export interface StoredDeadlineRules {
  calendar: UnitCalendar;
  /** The province's own time for the procedure, if it published one. */
  override: ProcessingTime | null;
  /** deadline_rules_revision when read (Migration20261207000000DeadlineRulesRevision). */
  revision: number;
}

/**
 * Reads, in the caller's transaction and in one round trip, everything a deadline at `unitId`
 * depends on: the national days, the overlay of the unit's province, the opening hours of the
 * unit (or of the nearest unit above it that set them) and the province's own time for the
 * procedure. Read in the transaction, so a deadline is always stored with the calendar it was
 * computed against; the tables are small (a few dozen rows a year). Intake, which runs no
 * transaction, keeps them in memory instead (DeadlineRulesCache) and checks their revision.
 */
export async function loadDeadlineRules(em: EntityManager, unitId: number, procedure: Procedure): Promise<DeadlineRules> {
  const stored = await readDeadlineRules(em, unitId, procedure.id);
  return rulesOf(stored, procedure);
}

/** The rules of a procedure at a unit from what the database holds. */
export function rulesOf(stored: Pick<StoredDeadlineRules, 'calendar' | 'override'>, procedure: Procedure): DeadlineRules {
  return { time: stored.override ?? nationalProcessingTime(procedure), calendar: stored.calendar };
}

export async function readDeadlineRules(em: EntityManager, unitId: number, procedureId: number): Promise<StoredDeadlineRules> {
  const province = provinceIdOfUnitId(unitId);
  const { rows } = await sql<RulesRow>`
    select
      (select json_agg(json_build_object('date', date::text, 'working', working)) from calendar_day) as national,
      (select json_agg(json_build_object('date', date::text, 'working', working))
         from province_calendar_day where province_id = ${province}) as overlay,
      (with recursive up as (
          select id, parent_id, 0 as depth from administrative_unit where id = ${unitId}
          union all
          select u.id, u.parent_id, up.depth + 1 from administrative_unit u join up on u.id = up.parent_id)
        select h.hours from up join unit_opening_hours h on h.unit_id = up.id order by up.depth limit 1) as hours,
      (select json_build_object('value', value, 'unit', unit) from procedure_time_override
         where province_id = ${province} and procedure_id = ${procedureId}) as override,
      (select revision::text from deadline_rules_revision) as revision`.execute(em.getKysely());
  const row = rows[0]!;
  return {
    calendar: new UnitCalendar(row.national ?? [], row.overlay ?? [], row.hours ?? DEFAULT_OPENING_HOURS),
    override: row.override,
    revision: Number(row.revision),
  };
}
