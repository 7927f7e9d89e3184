/**
 * A procedure's statutory processing time with its unit. The national database publishes times in
 * working days, but also "nửa ngày làm việc", "trong 4 giờ làm việc", "trong ngày" and in calendar
 * days ("30 ngày"); a deadline computed as whole working days from those is wrong, so the unit is
 * kept and each unit has its own deadline rule (calendar/deadline.ts).
 */
export enum ProcessingTimeUnit {
  /** N working days after the start day (DOMAIN.md, "Calendar and deadlines"). */
  WORKING_DAYS = 'WORKING_DAYS',
  /** N half working days (a morning or an afternoon session); 3 = "1,5 ngày làm việc". */
  HALF_WORKING_DAYS = 'HALF_WORKING_DAYS',
  /** N working hours counted inside the receiving center's opening hours: due at a time. */
  WORKING_HOURS = 'WORKING_HOURS',
  /** "Trong ngày": due the receipt day when received before the same-day cut-off. Value 0. */
  SAME_DAY = 'SAME_DAY',
  /** N calendar days; a deadline falling on a day off moves to the next working day. */
  CALENDAR_DAYS = 'CALENDAR_DAYS',
}

export interface ProcessingTime {
  value: number;
  unit: ProcessingTimeUnit;
}

/** Longest accepted value per unit: anything beyond a year is a data-entry mistake. */
const MAX_VALUE: Readonly<Record<ProcessingTimeUnit, number>> = {
  WORKING_DAYS: 365,
  HALF_WORKING_DAYS: 730,
  WORKING_HOURS: 8 * 365,
  SAME_DAY: 0,
  CALENDAR_DAYS: 730,
};

/** Working hours in a standard day, for the whole-day figure only (real hours follow the center's opening hours). */
const HOURS_PER_WORKING_DAY = 8;

/** True when the value is a whole number in the unit's range (SAME_DAY takes exactly 0). */
export function isValidProcessingTime(time: ProcessingTime): boolean {
  if (!Object.values(ProcessingTimeUnit).includes(time.unit)) return false;
  if (!Number.isInteger(time.value)) return false;
  const min = time.unit === ProcessingTimeUnit.SAME_DAY ? 0 : 1;
  return time.value >= min && time.value <= MAX_VALUE[time.unit];
}

/** The time as the contract's `processingDays` had it: whole working days, 0 = same day (rounded up). */
export function wholeWorkingDaysOf(time: ProcessingTime): number {
  switch (time.unit) {
    case ProcessingTimeUnit.SAME_DAY:
      return 0;
    case ProcessingTimeUnit.HALF_WORKING_DAYS:
      return Math.ceil(time.value / 2);
    case ProcessingTimeUnit.WORKING_HOURS:
      return Math.ceil(time.value / HOURS_PER_WORKING_DAY);
    default:
      return time.value;
  }
}

/** The time a bare `processingDays` stands for (0 = same day, otherwise working days). */
export function processingTimeOfDays(processingDays: number): ProcessingTime {
  return processingDays === 0
    ? { value: 0, unit: ProcessingTimeUnit.SAME_DAY }
    : { value: processingDays, unit: ProcessingTimeUnit.WORKING_DAYS };
}

/** Vietnamese wording as published on receipts and lists, e.g. "1,5 ngày làm việc", "4 giờ làm việc". */
export function describeProcessingTime(time: ProcessingTime): string {
  switch (time.unit) {
    case ProcessingTimeUnit.SAME_DAY:
      return 'Trong ngày';
    case ProcessingTimeUnit.WORKING_DAYS:
      return `${time.value} ngày làm việc`;
    case ProcessingTimeUnit.HALF_WORKING_DAYS:
      return time.value === 1 ? 'Nửa ngày làm việc' : `${String(time.value / 2).replace('.', ',')} ngày làm việc`;
    case ProcessingTimeUnit.WORKING_HOURS:
      return `${time.value} giờ làm việc`;
    case ProcessingTimeUnit.CALENDAR_DAYS:
      return `${time.value} ngày`;
  }
}
