import { localDateOf, localMinutesOf, type LocalDate } from '../time/local-time.js';
import type { WorkingCalendar } from './working-calendar.js';

/** Receipts at or after 17:00 count from the next working day (DOMAIN.md, "Start day d0"). */
export const START_DAY_CUTOFF_MINUTES = 17 * 60;
/** Same-day procedures received at or after 15:00 are due the next working day. */
export const SAME_DAY_CUTOFF_MINUTES = 15 * 60;

/** d0: the receipt date if it is a working day and the receipt is before 17:00, else the next working day. */
export function startDay(receivedAt: Date, calendar: WorkingCalendar): LocalDate {
  const date = localDateOf(receivedAt);
  const inOfficeHours = localMinutesOf(receivedAt) < START_DAY_CUTOFF_MINUTES;
  return calendar.isWorkingDay(date) && inOfficeHours ? date : calendar.nextWorkingDay(date);
}

/**
 * The statutory due date of a dossier received at `receivedAt` for a procedure taking
 * `processingDays` working days: the N-th working day after d0, or for same-day procedures (N = 0)
 * the receipt date itself when received before 15:00 on a working day, else the next working day.
 */
export function statutoryDueDate(receivedAt: Date, processingDays: number, calendar: WorkingCalendar): LocalDate {
  if (processingDays === 0) {
    const date = localDateOf(receivedAt);
    const beforeCutoff = localMinutesOf(receivedAt) < SAME_DAY_CUTOFF_MINUTES;
    return calendar.isWorkingDay(date) && beforeCutoff ? date : calendar.nextWorkingDay(date);
  }
  return calendar.addWorkingDays(startDay(receivedAt, calendar), processingDays);
}

/**
 * The clock stops while a dossier waits for a supplement or a payment or is suspended: on resume
 * the due date moves forward by the working days d with pauseDate <= d < resumeDate.
 */
export function resumeAfterPause(
  dueDate: LocalDate,
  pauseDate: LocalDate,
  resumeDate: LocalDate,
  calendar: WorkingCalendar,
): { dueDate: LocalDate; pausedWorkingDays: number } {
  const paused = calendar.countWorkingDays(pauseDate, resumeDate);
  return { dueDate: calendar.addWorkingDays(dueDate, paused), pausedWorkingDays: paused };
}
