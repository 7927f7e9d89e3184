/**
 * Local time in Vietnam (Asia/Ho_Chi_Minh).
 *
 * Vietnam has used UTC+07:00 without daylight saving since 1975, so a fixed offset is exact for
 * every date this server deals with and far cheaper than going through Intl on hot paths.
 * Every "date" in the domain (receipt date, due date, statistics periods) is a local calendar date
 * written `YYYY-MM-DD`; instants are JS `Date`s.
 */

/** A calendar date in Asia/Ho_Chi_Minh, `YYYY-MM-DD`. Plain strings compare chronologically. */
export type LocalDate = string;

export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local calendar date of an instant. */
export function localDateOf(instant: Date): LocalDate {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight of an instant (0..1439). */
export function localMinutesOf(instant: Date): number {
  const ms = (instant.getTime() + OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60000);
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isLocalDate(value: string): boolean {
  const m = LOCAL_DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The date `days` calendar days after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of week of a local date: 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Whole calendar days from `from` to `to` (to - from). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The instant local midnight of `date` begins. */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS);
}

/** ISO 8601 with the Vietnamese offset, e.g. `2025-07-01T09:30:00+07:00` (the contract's DateTime output). */
export function formatLocalInstant(instant: Date): string {
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString();
  const millis = local.slice(19, 23);
  return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}+07:00`;
}

/** The year of a local date. */
export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** The month of a local date as `YYYY-MM`. */
export function monthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a < b ? a : b;
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a > b ? a : b;
}
