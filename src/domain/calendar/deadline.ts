import { ProcessingTimeUnit, type ProcessingTime } from '../procedure/processing-time.js';
import { addDays, daysBetween, localDateOf, localMinutesOf, type LocalDate } from '../time/local-time.js';
import { UnitCalendar } from './unit-calendar.js';
import type { WorkingCalendar } from './working-calendar.js';

/**
 * When a dossier is due: a date for every unit of time, and for the units counted within the day
 * (working hours, half days) also the instant, by which the result must be ready.
 */
export interface Deadline {
  dueDate: LocalDate;
  dueAt: Date | null;
}

/** Old call sites and tests give a national WorkingCalendar: it stands for default hours and no overlay. */
type AnyCalendar = UnitCalendar | WorkingCalendar;

function unitCalendarOf(calendar: AnyCalendar): UnitCalendar {
  return calendar instanceof UnitCalendar ? calendar : UnitCalendar.fromWorkingCalendar(calendar);
}

/** d0: the receipt date if it is a working day and the receipt is before the center closes, else the next working day. */
export function startDay(receivedAt: Date, anyCalendar: AnyCalendar): LocalDate {
  const calendar = unitCalendarOf(anyCalendar);
  const date = localDateOf(receivedAt);
  const inOfficeHours = localMinutesOf(receivedAt) < calendar.closingMinutes(date);
  return calendar.isWorkingDay(date) && inOfficeHours ? date : calendar.days.nextWorkingDay(date);
}

/** The first working day on or after `date`. */
function onOrAfterWorkingDay(date: LocalDate, calendar: UnitCalendar): LocalDate {
  return calendar.isWorkingDay(date) ? date : calendar.days.nextWorkingDay(date);
}

/** Each unit's rule (DOMAIN.md "Calendar and deadlines", extended to the units the national database uses). */
export function statutoryDeadline(receivedAt: Date, time: ProcessingTime, anyCalendar: AnyCalendar): Deadline {
  const calendar = unitCalendarOf(anyCalendar);
  switch (time.unit) {
    case ProcessingTimeUnit.SAME_DAY: {
      const date = localDateOf(receivedAt);
      const beforeCutoff = localMinutesOf(receivedAt) < calendar.sameDayCutoffMinutes(date);
      return { dueDate: calendar.isWorkingDay(date) && beforeCutoff ? date : calendar.days.nextWorkingDay(date), dueAt: null };
    }
    case ProcessingTimeUnit.WORKING_DAYS:
      return { dueDate: calendar.days.addWorkingDays(startDay(receivedAt, calendar), time.value), dueAt: null };
    case ProcessingTimeUnit.CALENDAR_DAYS:
      // Counted from the day after the receipt; a period ending on a day off ends on the next working day.
      return { dueDate: onOrAfterWorkingDay(addDays(localDateOf(receivedAt), time.value), calendar), dueAt: null };
    case ProcessingTimeUnit.WORKING_HOURS:
      return atInstant(calendar.addWorkingMinutes(calendar.nextWorkingInstant(receivedAt), time.value * 60));
    case ProcessingTimeUnit.HALF_WORKING_DAYS:
      return atInstant(calendar.endOfHalfDays(receivedAt, time.value));
  }
}

function atInstant(dueAt: Date): Deadline {
  return { dueDate: localDateOf(dueAt), dueAt };
}

/**
 * The clock stops while a dossier waits for a supplement or a payment or is suspended. On resume a
 * day-counted deadline moves forward by the working days d with pauseDate <= d < resumeDate (calendar
 * days for a calendar-day time, then onto a working day); a deadline counted within the day moves by
 * the working minutes the pause lasted. `pausedWorkingDays` counts working days for every unit.
 */
export function resumeDeadline(
  deadline: Deadline,
  time: ProcessingTime,
  pausedAt: Date,
  resumedAt: Date,
  anyCalendar: AnyCalendar,
): { deadline: Deadline; pausedWorkingDays: number } {
  const calendar = unitCalendarOf(anyCalendar);
  const pauseDate = localDateOf(pausedAt);
  const resumeDate = localDateOf(resumedAt);
  const pausedWorkingDays = calendar.days.countWorkingDays(pauseDate, resumeDate);
  if (deadline.dueAt) {
    const minutes = calendar.workingMinutesBetween(pausedAt, resumedAt);
    return { deadline: minutes === 0 ? deadline : atInstant(calendar.addWorkingMinutes(deadline.dueAt, minutes)), pausedWorkingDays };
  }
  if (time.unit === ProcessingTimeUnit.CALENDAR_DAYS) {
    const days = Math.max(0, daysBetween(pauseDate, resumeDate));
    return { deadline: { dueDate: onOrAfterWorkingDay(addDays(deadline.dueDate, days), calendar), dueAt: null }, pausedWorkingDays };
  }
  return { deadline: { dueDate: calendar.days.addWorkingDays(deadline.dueDate, pausedWorkingDays), dueAt: null }, pausedWorkingDays };
}
