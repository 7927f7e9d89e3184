import { addDays, dayOfWeek, type LocalDate } from '../time/local-time.js';

/** A day that differs from the "Monday to Friday is a working day" default. */
export interface CalendarException {
  date: LocalDate;
  working: boolean;
  name: string;
}

/**
 * Working-day arithmetic: Monday to Friday work, except for the exceptions it was given
 * (holidays, compensatory days off, Tết breaks, and Saturdays worked in exchange for a swap).
 * Immutable and pure; load it from the database with `CalendarService`.
 */
export class WorkingCalendar {
  private readonly exceptions: ReadonlyMap<LocalDate, boolean>;

  constructor(exceptions: Iterable<Pick<CalendarException, 'date' | 'working'>>) {
    const map = new Map<LocalDate, boolean>();
    for (const e of exceptions) map.set(e.date, e.working);
    this.exceptions = map;
  }

  /** The exceptions it was built from (later ones having replaced earlier ones of the same date). */
  exceptionList(): Pick<CalendarException, 'date' | 'working'>[] {
    return [...this.exceptions].map(([date, working]) => ({ date, working }));
  }

  isWorkingDay(date: LocalDate): boolean {
    const exception = this.exceptions.get(date);
    if (exception !== undefined) return exception;
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The `n`-th working day after `date` (n = 0 returns `date` itself). */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    let current = date;
    for (let left = n; left > 0; ) {
      current = addDays(current, 1);
      if (this.isWorkingDay(current)) left--;
    }
    return current;
  }

  /** How many working days d satisfy from <= d < toExclusive. */
  countWorkingDays(from: LocalDate, toExclusive: LocalDate): number {
    let count = 0;
    for (let d = from; d < toExclusive; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) count++;
    }
    return count;
  }
}
