import { resumeDeadline, statutoryDeadline } from '../../../src/domain/calendar/deadline.js';
import { DEFAULT_OPENING_HOURS, openingHoursProblem, type WeeklyHours } from '../../../src/domain/calendar/opening-hours.js';
import { UnitCalendar } from '../../../src/domain/calendar/unit-calendar.js';
import { VIETNAM_CALENDAR_2025_2027 } from '../../../src/domain/calendar/vietnam-holidays.js';
import { ProcessingTimeUnit as U, type ProcessingTime } from '../../../src/domain/procedure/processing-time.js';
import { resolutionTimeliness, timelinessOf } from '../../../src/domain/dossier/timeliness.js';
import { DossierStatus, Timeliness } from '../../../src/domain/vocabulary/dossier-enums.js';

const at = (local: string) => new Date(`${local}+07:00`);
const national = new UnitCalendar(VIETNAM_CALENDAR_2025_2027);
const t = (value: number, unit: U): ProcessingTime => ({ value, unit });

/** 07:30-11:30 and 13:30-17:00 on weekdays, and Saturday 07:30-11:30 for receiving. */
const SOUTHERN_HOURS: WeeklyHours = [
  [],
  ...Array.from({ length: 5 }, () => [{ start: 450, end: 690 }, { start: 810, end: 1020 }]),
  [{ start: 450, end: 690 }],
];

describe('the corrected 2025-2026 national calendar', () => {
  test.each([
    // Issue 11: 2/1/2026 is off and Saturday 10/1 worked, so a 3-day dossier of 31/12/2025 is due 7/1.
    ['2025-12-31T10:00:00', 3, '2026-01-07'],
    // 15/2/2025 was not a make-up day: a dossier of Friday 14/2/2025 is due on the 3rd weekday after.
    ['2025-02-14T10:00:00', 1, '2025-02-17'],
    // 31/8/2026 off with 1-2/9; Saturday 22/8 worked.
    ['2026-08-21T10:00:00', 1, '2026-08-22'],
    ['2026-08-28T10:00:00', 1, '2026-09-03'],
  ])('received %s, %i working days -> %s', (received, days, due) => {
    expect(statutoryDeadline(at(received), t(days, U.WORKING_DAYS), national)).toEqual({ dueDate: due, dueAt: null });
  });
});

describe('processing time units', () => {
  test.each<[string, string, ProcessingTime, string, string | null]>([
    ['same day before 15:00', '2026-03-02T14:59:00', t(0, U.SAME_DAY), '2026-03-02', null],
    ['same day at 15:00: next working day', '2026-03-02T15:00:00', t(0, U.SAME_DAY), '2026-03-03', null],
    ['working days', '2026-02-13T10:00:00', t(3, U.WORKING_DAYS), '2026-02-25', null],
    ['calendar days: from the day after receipt', '2026-03-02T10:00:00', t(10, U.CALENDAR_DAYS), '2026-03-12', null],
    ['calendar days ending on a Sunday move to Monday', '2026-03-02T10:00:00', t(13, U.CALENDAR_DAYS), '2026-03-16', null],
    ['calendar days ending in the Tết break move past it', '2026-02-04T10:00:00', t(12, U.CALENDAR_DAYS), '2026-02-23', null],
    ['4 working hours from 10:00: 2 h before noon, 2 h after 13:00', '2026-03-02T10:00:00', t(4, U.WORKING_HOURS), '2026-03-02', '2026-03-02T15:00:00'],
    ['4 working hours from 16:00 run into the next morning', '2026-03-02T16:00:00', t(4, U.WORKING_HOURS), '2026-03-03', '2026-03-03T11:00:00'],
    ['working hours received at lunch start at 13:00', '2026-03-02T12:30:00', t(2, U.WORKING_HOURS), '2026-03-02', '2026-03-02T15:00:00'],
    ['working hours received Friday evening skip the weekend', '2026-03-06T18:00:00', t(8, U.WORKING_HOURS), '2026-03-09', '2026-03-09T17:00:00'],
    ['working hours skip a holiday (30/4, 1/5 2026)', '2026-04-29T16:00:00', t(3, U.WORKING_HOURS), '2026-05-04', '2026-05-04T10:00:00'],
    ['half a working day received in the morning: end of the afternoon', '2026-03-02T09:00:00', t(1, U.HALF_WORKING_DAYS), '2026-03-02', '2026-03-02T17:00:00'],
    ['half a working day received in the afternoon: next noon', '2026-03-02T14:00:00', t(1, U.HALF_WORKING_DAYS), '2026-03-03', '2026-03-03T12:00:00'],
    ['1,5 working days received in the morning', '2026-03-02T09:00:00', t(3, U.HALF_WORKING_DAYS), '2026-03-03', '2026-03-03T17:00:00'],
    ['half days received after closing count from the next morning', '2026-03-02T17:30:00', t(2, U.HALF_WORKING_DAYS), '2026-03-04', '2026-03-04T12:00:00'],
  ])('%s', (_name, received, time, dueDate, dueAt) => {
    expect(statutoryDeadline(at(received), time, national)).toEqual({ dueDate, dueAt: dueAt ? at(dueAt) : null });
  });

  test('pauses: a day-counted deadline moves by working days, one within the day by working minutes', () => {
    const hours = statutoryDeadline(at('2026-03-02T10:00:00'), t(4, U.WORKING_HOURS), national);
    const resumed = resumeDeadline(hours, t(4, U.WORKING_HOURS), at('2026-03-02T11:00:00'), at('2026-03-03T09:00:00'), national);
    // 11:00-12:00 and 13:00-17:00 Monday, 08:00-09:00 Tuesday: 6 working hours after 15:00 Monday: 17:00, then Tuesday 08:00-12:00.
    expect(resumed).toEqual({ deadline: { dueDate: '2026-03-03', dueAt: at('2026-03-03T12:00:00') }, pausedWorkingDays: 1 });
    const calendarDays = statutoryDeadline(at('2026-03-02T10:00:00'), t(10, U.CALENDAR_DAYS), national);
    expect(resumeDeadline(calendarDays, t(10, U.CALENDAR_DAYS), at('2026-03-04T10:00:00'), at('2026-03-07T10:00:00'), national))
      .toEqual({ deadline: { dueDate: '2026-03-16', dueAt: null }, pausedWorkingDays: 3 });
  });

  test('a deadline at a time is late once that time has passed, even on the due date', () => {
    const dueAt = at('2026-03-02T15:00:00');
    expect(resolutionTimeliness(at('2026-03-02T14:59:00'), '2026-03-02', dueAt)).toBe(Timeliness.ON_TIME);
    expect(resolutionTimeliness(at('2026-03-02T15:01:00'), '2026-03-02', dueAt)).toBe(Timeliness.LATE);
    const open = { status: DossierStatus.PROCESSING, dueDate: '2026-03-02', dueAt, resolvedAt: null };
    expect(timelinessOf(open, '2026-03-02', at('2026-03-02T14:00:00'))).toBe(Timeliness.IN_PROGRESS_ON_TIME);
    expect(timelinessOf(open, '2026-03-02', at('2026-03-02T16:00:00'))).toBe(Timeliness.IN_PROGRESS_OVERDUE);
  });
});

describe('a center\'s opening hours and its province\'s overlay', () => {
  const southern = new UnitCalendar(VIETNAM_CALENDAR_2025_2027, [], SOUTHERN_HOURS);

  test('the cut-offs follow the opening hours: 17:00 close, same day until 15:00', () => {
    expect(statutoryDeadline(at('2026-03-02T16:59:00'), t(1, U.WORKING_DAYS), southern).dueDate).toBe('2026-03-03');
    expect(statutoryDeadline(at('2026-03-02T14:59:00'), t(0, U.SAME_DAY), southern).dueDate).toBe('2026-03-02');
    const closingAt1630 = new UnitCalendar(VIETNAM_CALENDAR_2025_2027, [], [[], ...Array.from({ length: 5 }, () => [{ start: 450, end: 990 }]), []]);
    expect(statutoryDeadline(at('2026-03-02T16:40:00'), t(1, U.WORKING_DAYS), closingAt1630).dueDate).toBe('2026-03-04');
    expect(statutoryDeadline(at('2026-03-02T14:40:00'), t(0, U.SAME_DAY), closingAt1630).dueDate).toBe('2026-03-03');
  });

  test('working hours count inside the center\'s sessions only', () => {
    // 07:30-11:30 / 13:30-17:00: from 11:00, 30 minutes before lunch, then 13:30 + 1h30.
    expect(statutoryDeadline(at('2026-03-02T11:00:00'), t(2, U.WORKING_HOURS), southern).dueAt).toEqual(at('2026-03-02T15:00:00'));
  });

  test('a Saturday morning at the counter receives, but the deadline clock runs on working days', () => {
    expect(statutoryDeadline(at('2026-03-07T09:00:00'), t(1, U.WORKING_DAYS), southern).dueDate).toBe('2026-03-10');
    expect(statutoryDeadline(at('2026-03-07T09:00:00'), t(2, U.WORKING_HOURS), southern).dueAt).toEqual(at('2026-03-09T09:30:00'));
  });

  test('a province\'s own day off or worked day applies over the national calendar', () => {
    const overlay = new UnitCalendar(VIETNAM_CALENDAR_2025_2027, [
      { date: '2026-03-03', working: false },
      { date: '2026-03-07', working: true },
    ]);
    expect(statutoryDeadline(at('2026-03-02T10:00:00'), t(1, U.WORKING_DAYS), overlay).dueDate).toBe('2026-03-04');
    expect(statutoryDeadline(at('2026-03-06T10:00:00'), t(1, U.WORKING_DAYS), overlay).dueDate).toBe('2026-03-07');
    expect(statutoryDeadline(at('2026-03-02T10:00:00'), t(1, U.WORKING_DAYS), national).dueDate).toBe('2026-03-03');
  });

  test('opening hours must be usable', () => {
    expect(openingHoursProblem(DEFAULT_OPENING_HOURS)).toBeNull();
    expect(openingHoursProblem(SOUTHERN_HOURS)).toBeNull();
    expect(openingHoursProblem([[], [], [], [], [], [], []])).toBe('WEEKDAY_CLOSED');
    expect(openingHoursProblem([[], [{ start: 600, end: 500 }], [], [], [], [], []])).toBe('INVALID_SESSION');
    expect(openingHoursProblem([[], [{ start: 480, end: 720 }, { start: 700, end: 900 }], [], [], [], [], []])).toBe('OVERLAPPING_SESSIONS');
    expect(openingHoursProblem([[]])).toBe('SEVEN_DAYS_REQUIRED');
  });
});
