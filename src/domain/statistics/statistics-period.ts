import { DomainError } from '../errors.js';
import { addDays, isLocalDate, monthOf, type LocalDate } from '../time/local-time.js';

/** The longest period one statistics request may cover (five calendar years). */
export const MAX_PERIOD_YEARS = 5;

/** Checks a statistics period [from, to] (inclusive local dates): real dates, in order, at most five years. */
export function validatePeriod(from: LocalDate, to: LocalDate): void {
  if (!isLocalDate(from)) throw new DomainError('INVALID_DATE', ['from']);
  if (!isLocalDate(to)) throw new DomainError('INVALID_DATE', ['to']);
  if (to < from) throw new DomainError('INVALID_PERIOD', ['to'], { reason: 'PERIOD_END_BEFORE_START' });
  if (to >= addYears(from, MAX_PERIOD_YEARS)) {
    throw new DomainError('INVALID_PERIOD', ['to'], { reason: 'PERIOD_TOO_LONG', maxYears: MAX_PERIOD_YEARS });
  }
}

/** The same day `years` later (29 February becomes 28 February in a common year). */
export function addYears(date: LocalDate, years: number): LocalDate {
  const year = String(Number(date.slice(0, 4)) + years).padStart(4, '0');
  const shifted = `${year}${date.slice(4)}`;
  return isLocalDate(shifted) ? shifted : `${year}-02-28`;
}

/** First day of the month of `date`. */
export function monthStart(date: LocalDate): LocalDate {
  return `${monthOf(date)}-01`;
}

/** First day of the month after the month of `date`. */
export function nextMonthStart(date: LocalDate): LocalDate {
  return addDays(monthStart(date), 32).slice(0, 8) + '01';
}

/** Last day of the month of `date`. */
function monthEnd(date: LocalDate): LocalDate {
  return addDays(nextMonthStart(date), -1);
}

/**
 * Which side of the period an aggregate range counts for: `before` (days before `from`: only the
 * stocks carried into the period are read from them) or `in` (the period's own days).
 */
export type RangePart = 'before' | 'in';

/**
 * A contiguous range of aggregate rows: monthly rows (bounds are month starts) or daily rows.
 * A null `from` is open (the beginning of the data).
 */
export interface AggregateRange {
  granularity: 'daily' | 'monthly';
  part: RangePart;
  from: LocalDate | null;
  to: LocalDate;
}

/**
 * The fewest aggregate rows that cover every day up to `to`: whole months from the monthly rollup
 * and the ragged ends from the daily rows, split at `from`. With `dailyInPeriod` the period's own
 * days come from daily rows only (grouping by day needs them one by one).
 */
export function aggregateRanges(from: LocalDate, to: LocalDate, dailyInPeriod: boolean): AggregateRange[] {
  const ranges: AggregateRange[] = [];
  const first = monthStart(from);
  ranges.push({ granularity: 'monthly', part: 'before', from: null, to: addDays(first, -1).slice(0, 8) + '01' });
  if (from > first) ranges.push({ granularity: 'daily', part: 'before', from: first, to: addDays(from, -1) });

  const firstFull = from === first ? from : nextMonthStart(from);
  const lastFullEnd = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
  if (dailyInPeriod || firstFull > lastFullEnd) {
    ranges.push({ granularity: 'daily', part: 'in', from, to });
    return ranges;
  }
  if (from < firstFull) ranges.push({ granularity: 'daily', part: 'in', from, to: addDays(firstFull, -1) });
  ranges.push({ granularity: 'monthly', part: 'in', from: firstFull, to: monthStart(lastFullEnd) });
  if (lastFullEnd < to) ranges.push({ granularity: 'daily', part: 'in', from: addDays(lastFullEnd, 1), to });
  return ranges;
}

/** Every day of [from, to], in order. */
export function daysOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Every month (`YYYY-MM`) that [from, to] touches, in order. */
export function monthsOf(from: LocalDate, to: LocalDate): string[] {
  const months: string[] = [];
  for (let m = monthStart(from); m <= to; m = nextMonthStart(m)) months.push(monthOf(m));
  return months;
}
