import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import type { Logger } from '../../logger.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { isProvinceLevel } from '../unit/unit-kind.js';
import { provinceRefOf, unitRefOf } from '../unit/unit-ref.js';
import { recomputeDeadlines } from './deadline-recompute.js';
import { DEFAULT_OPENING_HOURS, openingHoursProblem, type WeeklyHours } from './opening-hours.js';
import type { Actor } from '../access/actor.js';
import { DomainError, DomainErrors } from '../errors.js';
import { isLocalDate, yearOf, type LocalDate } from '../time/local-time.js';
import { CalendarDay } from './calendar-day.entity.js';
import { WorkingCalendar, type CalendarException } from './working-calendar.js';

/** Holidays and swapped days, kept in the database and editable per year. */
export class CalendarService {
  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Pick<Logger, 'info' | 'warn'> | null = null,
  ) {}

  async year(year: number): Promise<CalendarException[]> {
    assertYear(year);
    const days = await this.orm.em.fork().find(
      CalendarDay,
      { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
      { orderBy: { date: 'asc' } },
    );
    return days.map(({ date, working, name }) => ({ date, working, name }));
  }

  /**
   * Replaces the national exceptions of one year (a system administrator does this when the
   * government announces a schedule), then recomputes the deadlines the change touches.
   */
  async setYear(actor: Actor | null, year: number, days: readonly CalendarException[]): Promise<CalendarException[]> {
    requireCapability(actor, 'manageCalendar');
    assertYear(year);
    assertDays(year, days);
    await this.orm.em.fork().transactional(async (em) => {
      // Read and deleted in one statement, outside the identity map: a day set again is a new row.
      const { rows: before } = await sql<CalendarException>`delete from calendar_day
        where date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date returning date::text as date, working, name`.execute(em.getKysely());
      for (const day of days) em.create(CalendarDay, { date: day.date, working: day.working, name: day.name.trim() });
      await recordChange(em, { provinceId: null, dates: changedDates(before, days), reason: 'setCalendar' });
    });
    await this.recomputePending();
    return this.year(year);
  }

  /** A province's own days of a year (its overlay on the national calendar). */
  async provinceYear(provinceCode: string, year: number): Promise<CalendarException[]> {
    assertYear(year);
    const province = await this.province(provinceCode);
    const { rows } = await sql<CalendarException>`select date::text as date, working, name from province_calendar_day
      where province_id = ${province.id} and date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date order by date`.execute(
      this.orm.em.getKysely(),
    );
    return rows;
  }

  /**
   * Replaces a province's own days of a year: a local day off, a Saturday worked at its centers.
   * Only that province's administrator (or a system administrator) may; it applies to the
   * province's units only, and the deadlines it touches are recomputed.
   */
  async setProvinceYear(actor: Actor | null, provinceCode: string, year: number, days: readonly CalendarException[]): Promise<CalendarException[]> {
    const who = requireCapability(actor, 'manageProvinceCalendar');
    assertYear(year);
    const province = await this.province(provinceCode);
    requireUnitInScope(who, provinceRefOf(province.code), ['provinceCode']);
    assertDays(year, days);
    await this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const { rows: before } = await sql<CalendarException>`delete from province_calendar_day where province_id = ${province.id}
        and date between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date returning date::text as date, working, name`.execute(db);
      for (const day of days) {
        await sql`insert into province_calendar_day (province_id, date, working, name)
          values (${province.id}, ${day.date}::date, ${day.working}, ${day.name.trim()})`.execute(db);
      }
      await recordChange(em, { provinceId: province.id, dates: changedDates(before, days), reason: 'setProvinceCalendar' });
    });
    await this.recomputePending();
    return this.provinceYear(provinceCode, year);
  }

  /** The opening hours of a center: its own, else those of the nearest unit above it, else the default. */
  async openingHours(unitCode: string): Promise<{ hours: WeeklyHours; inheritedFrom: string | null }> {
    const unit = await this.unit(unitCode);
    const { rows } = await sql<{ code: string; hours: WeeklyHours }>`
      with recursive up as (
        select id, parent_id, code, 0 as depth from administrative_unit where id = ${unit.id}
        union all
        select u.id, u.parent_id, u.code, up.depth + 1 from administrative_unit u join up on u.id = up.parent_id)
      select up.code, h.hours from up join unit_opening_hours h on h.unit_id = up.id order by up.depth limit 1`.execute(this.orm.em.getKysely());
    const found = rows[0];
    if (!found) return { hours: DEFAULT_OPENING_HOURS, inheritedFrom: null };
    return { hours: found.hours, inheritedFrom: found.code === unitCode ? null : found.code };
  }

  /**
   * Sets (null: removes) a center's opening hours; units under it without their own follow them.
   * They apply to receipts from now on: a dossier received under the old hours was received under
   * the cut-offs then posted, so its deadline is not moved.
   */
  async setOpeningHours(actor: Actor | null, unitCode: string, hours: WeeklyHours | null): Promise<{ hours: WeeklyHours; inheritedFrom: string | null }> {
    const who = requireCapability(actor, 'manageProvinceCalendar');
    const unit = await this.unit(unitCode);
    requireUnitInScope(who, unitRefOf(unit), ['unitCode']);
    const problem = hours ? openingHoursProblem(hours) : null;
    if (problem) throw new DomainError('INVALID_OPENING_HOURS', ['hours'], { reason: problem });
    await this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      await sql`delete from unit_opening_hours where unit_id = ${unit.id}`.execute(db);
      if (hours) await sql`insert into unit_opening_hours (unit_id, hours) values (${unit.id}, ${JSON.stringify(hours)}::jsonb)`.execute(db);
    });
    return this.openingHours(unitCode);
  }

  /**
   * Recomputes the deadlines touched by every calendar change not recomputed yet (those of this
   * process, and those a migration or a crashed process left): at start and after each change. Each
   * changed date is its own row, so only the dossiers whose deadline window spans that date are read.
   */
  async recomputePending(): Promise<number> {
    const em = this.orm.em.fork();
    const { rows } = await sql<{ id: number; province_id: number | null; from_date: string; to_date: string }>`
      select id, province_id, from_date::text as from_date, to_date::text as to_date
      from calendar_change where recomputed_at is null order by id`.execute(em.getKysely());
    let changed = 0;
    for (const change of rows) {
      const unitIds = change.province_id === null ? null : await descendantUnitIds(em, change.province_id);
      const result = await recomputeDeadlines(this.orm, { unitIds, from: change.from_date, to: change.to_date });
      await sql`update calendar_change set recomputed_at = now() where id = ${change.id}`.execute(em.getKysely());
      if (result.skipped.length > 0) this.logger?.warn({ change: change.id, dossierIds: result.skipped.slice(0, 20) }, 'deadlines not recomputed: history refused by the current rules');
      if (result.changed > 0) this.logger?.info({ change: change.id, examined: result.examined, changed: result.changed }, 'deadlines recomputed after a calendar change');
      changed += result.changed;
    }
    return changed;
  }

  private async province(code: string): Promise<AdministrativeUnit> {
    const unit = await this.unit(code, ['provinceCode']);
    if (!isProvinceLevel(unit.kind)) throw new DomainError('NOT_A_PROVINCE', ['provinceCode'], { code });
    return unit;
  }

  private async unit(code: string, field: string[] = ['unitCode']): Promise<AdministrativeUnit> {
    const unit = await this.orm.em.fork().findOne(AdministrativeUnit, { code }, { populate: ['parent'] });
    if (!unit) throw new DomainError('NOT_FOUND', field, { code });
    return unit;
  }

  /**
   * The working calendar as the database has it now, read inside the caller's transaction so that
   * a deadline is always computed with the calendar it is stored against. The table is small
   * (a few dozen rows a year).
   */
  async workingCalendar(em: EntityManager): Promise<WorkingCalendar> {
    const { rows } = await sql<{ date: string; working: boolean }>`select date::text as date, working from calendar_day`.execute(
      em.getKysely(),
    );
    return new WorkingCalendar(rows);
  }
}

function assertDays(year: number, days: readonly CalendarException[]): void {
  const errors: DomainError[] = [];
  const seen = new Set<string>();
  days.forEach((day, i) => {
    const field = ['days', String(i)];
    if (!isLocalDate(day.date) || yearOf(day.date) !== year) {
      errors.push(new DomainError('DATE_NOT_IN_YEAR', [...field, 'date'], { year }));
    } else if (seen.has(day.date)) {
      errors.push(new DomainError('DUPLICATE_DATE', [...field, 'date'], { date: day.date }));
    }
    if (day.name.trim() === '') errors.push(new DomainError('NAME_REQUIRED', [...field, 'name']));
    seen.add(day.date);
  });
  if (errors.length > 0) throw new DomainErrors(errors);
}

/**
 * Notes the dates whose working status a change altered, in the change's own transaction, so that
 * the recompute they call for is never lost: if this process stops before recomputing, the next
 * start does it. A renamed day alters nothing and recomputes nothing.
 */
async function recordChange(
  em: EntityManager,
  change: { provinceId: number | null; dates: LocalDate[]; reason: string },
): Promise<void> {
  for (const date of change.dates) {
    await sql`insert into calendar_change (province_id, from_date, to_date, reason)
      values (${change.provinceId}, ${date}::date, ${date}::date, ${change.reason})`.execute(em.getKysely());
  }
}

/** The dates whose working status differs between two sets of exceptions (a missing date keeps the default). */
function changedDates(
  before: readonly Pick<CalendarException, 'date' | 'working'>[],
  after: readonly Pick<CalendarException, 'date' | 'working'>[],
): LocalDate[] {
  const old = new Map(before.map((d) => [d.date, d.working]));
  const now = new Map(after.map((d) => [d.date, d.working]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((date) => old.get(date) !== now.get(date)).sort();
}

/** The unit and every unit below it (departments and branches may sit two levels down). */
async function descendantUnitIds(em: EntityManager, rootId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`with recursive down as (
      select id from administrative_unit where id = ${rootId}
      union all select u.id from administrative_unit u join down on u.parent_id = down.id)
    select id from down`.execute(em.getKysely());
  return rows.map((r) => Number(r.id));
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new DomainError('INVALID_YEAR', ['year']);
  }
}
