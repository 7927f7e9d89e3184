import { addDays, dayOfWeek, localDateOf, localMinutesOf, startOfLocalDay, type LocalDate } from '../time/local-time.js';
import { DEFAULT_OPENING_HOURS, SAME_DAY_LEAD_MINUTES, type Session, type WeeklyHours } from './opening-hours.js';
import { WorkingCalendar, type CalendarException } from './working-calendar.js';

/** Working sessions are looked for this far ahead before the calendar is declared broken. */
const MAX_SCAN_DAYS = 3 * 366;

/**
 * The calendar of one receiving unit: the national days, the unit's province overlay on them (a
 * local day off, a Saturday worked), and the center's opening hours. Pure and immutable; loaded in
 * the dossier's transaction by deadline-rules.ts.
 *
 * A date is a working day by the national calendar unless the province's overlay says otherwise.
 * Working days are worked in the center's weekday hours (a make-up Saturday in Monday's hours).
 * Hours on a day that is not a working day (a Saturday morning at the counter) are for receiving
 * only: the clock of a deadline runs on working days (DOMAIN.md, "Working day").
 */
export class UnitCalendar {
  readonly days: WorkingCalendar;

  constructor(
    national: Iterable<Pick<CalendarException, 'date' | 'working'>>,
    overlay: Iterable<Pick<CalendarException, 'date' | 'working'>> = [],
    readonly hours: WeeklyHours = DEFAULT_OPENING_HOURS,
  ) {
    // The overlay comes second: for its units, a province's own day wins over the national one.
    this.days = new WorkingCalendar([...national, ...overlay]);
  }

  /** A national calendar with default hours and no overlay. */
  static fromWorkingCalendar(days: WorkingCalendar): UnitCalendar {
    return new UnitCalendar(days.exceptionList());
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.days.isWorkingDay(date);
  }

  /** The sessions the deadline clock runs in on `date` (none on a day off). */
  workingSessions(date: LocalDate): readonly Session[] {
    if (!this.days.isWorkingDay(date)) return [];
    const dow = dayOfWeek(date);
    return dow === 0 || dow === 6 ? this.hours[1]! : this.hours[dow]!;
  }

  /** When the working day `date` closes (the start-day cut-off), in minutes; the weekday's if `date` is off. */
  closingMinutes(date: LocalDate): number {
    const sessions = this.workingSessions(date);
    const day = sessions.length > 0 ? sessions : this.hours[1]!;
    return day[day.length - 1]!.end;
  }

  /** The same-day cut-off of `date`: two hours before it closes (15:00 for a 17:00 close). */
  sameDayCutoffMinutes(date: LocalDate): number {
    return this.closingMinutes(date) - SAME_DAY_LEAD_MINUTES;
  }

  /**
   * The instant counting starts for a receipt at `at`: `at` itself inside a working session, else the
   * start of the next working session.
   */
  nextWorkingInstant(at: Date): Date {
    let date = localDateOf(at);
    let minutes = localMinutesOf(at);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      for (const s of this.workingSessions(date)) {
        if (minutes < s.end) return instantOf(date, Math.max(minutes, s.start));
      }
      date = addDays(date, 1);
      minutes = 0;
    }
    throw new Error(`no working session within ${MAX_SCAN_DAYS} days of ${date}`);
  }

  /** The instant `minutes` working minutes after `at` (counting only inside working sessions). */
  addWorkingMinutes(at: Date, minutes: number): Date {
    let date = localDateOf(at);
    let clock = localMinutesOf(at);
    let left = minutes;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      for (const s of this.workingSessions(date)) {
        if (clock >= s.end) continue;
        const from = Math.max(clock, s.start);
        const available = s.end - from;
        if (left <= available) return instantOf(date, from + left);
        left -= available;
        clock = s.end;
      }
      date = addDays(date, 1);
      clock = 0;
    }
    throw new Error(`working minutes run past ${MAX_SCAN_DAYS} days from ${localDateOf(at)}`);
  }

  /** Working minutes in [from, to). */
  workingMinutesBetween(from: Date, to: Date): number {
    let total = 0;
    const last = localDateOf(to);
    for (let date = localDateOf(from); date <= last; date = addDays(date, 1)) {
      const dayStart = startOfLocalDay(date).getTime();
      for (const s of this.workingSessions(date)) {
        const start = Math.max(dayStart + s.start * 60_000, from.getTime());
        const end = Math.min(dayStart + s.end * 60_000, to.getTime());
        if (end > start) total += Math.floor((end - start) / 60_000);
      }
    }
    return total;
  }

  /**
   * The end of the `n`-th half working day after the one `at` falls in: a receipt inside the morning
   * session is in the morning half, a receipt during lunch or before opening in the next session's
   * half, and after closing in the next working day's morning, which then is not counted (as the
   * receipt day is not counted for whole days). A day's sessions are its halves: the first is the
   * morning, the last the afternoon.
   */
  endOfHalfDays(at: Date, n: number): Date {
    const start = this.nextWorkingInstant(at);
    let date = localDateOf(start);
    const startMinutes = localMinutesOf(start);
    let sessions = this.workingSessions(date);
    let index = sessions.findIndex((s) => startMinutes < s.end);
    for (let left = n; ; ) {
      index++;
      if (index >= sessions.length) {
        date = this.days.nextWorkingDay(date);
        sessions = this.workingSessions(date);
        index = 0;
      }
      if (--left === 0) return instantOf(date, sessions[index]!.end);
    }
  }
}

function instantOf(date: LocalDate, minutes: number): Date {
  return new Date(startOfLocalDay(date).getTime() + minutes * 60_000);
}
