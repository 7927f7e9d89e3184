import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { requireCapability } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { DomainError, DomainErrors } from '../errors.js';
import { isLocalDate, yearOf } from '../time/local-time.js';
import { CalendarDay } from './calendar-day.entity.js';
import { WorkingCalendar, type CalendarException } from './working-calendar.js';

/** Holidays and swapped days, kept in the database and editable per year. */
export class CalendarService {
  constructor(private readonly orm: MikroORM) {}

  async year(year: number): Promise<CalendarException[]> {
    assertYear(year);
    const days = await this.orm.em.fork().find(
      CalendarDay,
      { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
      { orderBy: { date: 'asc' } },
    );
    return days.map(({ date, working, name }) => ({ date, working, name }));
  }

  /** Replaces the exceptions of one year (a province administrator does this when a schedule is announced). */
  async setYear(actor: Actor | null, year: number, days: readonly CalendarException[]): Promise<CalendarException[]> {
    requireCapability(actor, 'manageCalendar');
    assertYear(year);
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

    await this.orm.em.fork().transactional(async (em) => {
      await em.nativeDelete(CalendarDay, { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } });
      for (const day of days) em.create(CalendarDay, { date: day.date, working: day.working, name: day.name.trim() });
    });
    return this.year(year);
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

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new DomainError('INVALID_YEAR', ['year']);
  }
}
