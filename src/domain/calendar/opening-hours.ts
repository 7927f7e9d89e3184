/**
 * A center's opening hours: working sessions per day of the week. The cut-offs of the deadline
 * rules follow them (a receipt after the day's last session counts from the next working day, and a
 * same-day procedure needs the receipt two hours before it), and working-hour deadlines count
 * only the minutes inside them.
 */

/** A session in minutes from local midnight, [start, end). */
export interface Session {
  start: number;
  end: number;
}

/** Sessions per day of the week, 0 = Sunday ... 6 = Saturday. */
export type WeeklyHours = readonly (readonly Session[])[];

const MORNING: Session = { start: 8 * 60, end: 12 * 60 };
const AFTERNOON: Session = { start: 13 * 60, end: 17 * 60 };
const WEEKDAY: readonly Session[] = [MORNING, AFTERNOON];

/**
 * Monday to Friday 08:00–12:00 and 13:00–17:00: the 17:00 and 15:00 cut-offs of DOMAIN.md. A center
 * with other hours (07:30–11:30, 13:30–17:00 in many provinces; Saturday mornings) sets its own.
 */
export const DEFAULT_OPENING_HOURS: WeeklyHours = [[], WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, WEEKDAY, []];

/** A same-day procedure must be received this long before the day's last session ends. */
export const SAME_DAY_LEAD_MINUTES = 2 * 60;

const HH_MM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_SESSIONS_PER_DAY = 3;

/** Minutes of "HH:MM" (24 h), null when malformed; "24:00" closes a day. */
export function minutesOfClock(text: string): number | null {
  if (text === '24:00') return 24 * 60;
  const m = HH_MM_RE.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function clockOfMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Why these hours cannot be used (null when they can): 7 days of ordered, non-overlapping sessions. */
export function openingHoursProblem(hours: WeeklyHours): string | null {
  if (hours.length !== 7) return 'SEVEN_DAYS_REQUIRED';
  for (const day of hours) {
    if (day.length > MAX_SESSIONS_PER_DAY) return 'TOO_MANY_SESSIONS';
    let previousEnd = -1;
    for (const s of day) {
      if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > 24 * 60 || s.end <= s.start) return 'INVALID_SESSION';
      if (s.start < previousEnd) return 'OVERLAPPING_SESSIONS';
      previousEnd = s.end;
    }
  }
  if ([1, 2, 3, 4, 5].some((d) => hours[d]!.length === 0)) return 'WEEKDAY_CLOSED';
  return null;
}
