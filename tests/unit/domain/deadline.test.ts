import { resumeDeadline, startDay, statutoryDeadline } from '../../../src/domain/calendar/deadline.js';
import { processingTimeOfDays } from '../../../src/domain/procedure/processing-time.js';
import { startOfLocalDay } from '../../../src/domain/time/local-time.js';
import { VIETNAM_CALENDAR_2025_2027 } from '../../../src/domain/calendar/vietnam-holidays.js';
import { WorkingCalendar } from '../../../src/domain/calendar/working-calendar.js';

const calendar = new WorkingCalendar(VIETNAM_CALENDAR_2025_2027);
const at = (local: string) => new Date(`${local}+07:00`);

describe('start day d0 (17:00 rule)', () => {
  test.each([
    ['2026-03-10T16:59:59', '2026-03-10', 'before 17:00 on a working day'],
    ['2026-03-10T17:00:00', '2026-03-11', 'at 17:00 counts from the next working day'],
    ['2026-03-13T18:00:00', '2026-03-16', 'Friday evening counts from Monday'],
    ['2026-03-08T10:00:00', '2026-03-09', 'Sunday counts from Monday'],
    ['2026-02-16T09:00:00', '2026-02-23', 'during Tết counts from the first day after it'],
    ['2026-03-09T23:30:00', '2026-03-10', 'late evening (UTC is still the same day)'],
    ['2026-03-10T06:30:00', '2026-03-10', 'early morning (UTC is the day before)'],
  ])('received %s -> d0 %s (%s)', (received, expected) => {
    expect(startDay(at(received), calendar)).toBe(expected);
  });
});

describe('statutory due date', () => {
  test.each([
    ['2026-02-13T10:00:00', 3, '2026-02-25', 'DOMAIN.md example: Friday before Tết 2026'],
    ['2026-02-13T17:30:00', 3, '2026-02-26', 'Friday before Tết, after 17:00'],
    ['2026-04-23T09:00:00', 3, '2026-04-29', 'across Giỗ Tổ on Sunday and its compensatory Monday'],
    ['2026-11-23T10:00:00', 1, '2026-11-25', 'across 24/11'],
    ['2026-12-31T16:59:00', 1, '2027-01-04', 'across New Year 2027'],
    ['2025-04-25T09:00:00', 1, '2025-04-26', 'a Saturday worked for a swap counts'],
    ['2026-03-08T10:00:00', 2, '2026-03-11', 'received on a Sunday'],
    ['2026-01-05T08:00:00', 17, '2026-01-27', 'land registration, 17 days: Saturday 10/01 is worked'],
    ['2026-03-02T14:59:00', 0, '2026-03-02', 'same day before 15:00'],
    ['2026-03-02T15:00:00', 0, '2026-03-03', 'same day at 15:00 is due the next working day'],
    ['2026-03-02T18:00:00', 0, '2026-03-03', 'same day after 17:00'],
    ['2026-03-07T09:00:00', 0, '2026-03-09', 'same day, received on a Saturday'],
    ['2026-02-13T16:00:00', 0, '2026-02-23', 'same day, after 15:00 before Tết'],
    ['2026-11-24T09:00:00', 0, '2026-11-25', 'same day, received on the 24/11 holiday'],
  ])('received %s, %i days -> due %s (%s)', (received, days, expected) => {
    expect(statutoryDeadline(at(received), processingTimeOfDays(days), calendar)).toEqual({ dueDate: expected, dueAt: null });
  });
});

describe('clock pauses', () => {
  test.each([
    ['2026-03-10', '2026-03-05', '2026-03-09', '2026-03-12', 2, 'Thursday to Monday: 2 working days'],
    ['2026-03-10', '2026-03-05', '2026-03-05', '2026-03-10', 0, 'pause and resume on the same day move nothing'],
    ['2026-03-10', '2026-03-07', '2026-03-09', '2026-03-10', 0, 'a weekend pause moves nothing'],
    ['2026-02-13', '2026-02-12', '2026-02-24', '2026-02-25', 3, 'a pause across Tết counts only working days'],
  ])('due %s, paused %s, resumed %s -> due %s (+%i) (%s)', (due, pause, resume, expectedDue, days) => {
    const resumed = resumeDeadline({ dueDate: due, dueAt: null }, processingTimeOfDays(3), startOfLocalDay(pause), startOfLocalDay(resume), calendar);
    expect(resumed).toEqual({ deadline: { dueDate: expectedDue, dueAt: null }, pausedWorkingDays: days });
  });
});
