import { VIETNAM_CALENDAR_2025_2027 } from '../../../src/domain/calendar/vietnam-holidays.js';
import { WorkingCalendar } from '../../../src/domain/calendar/working-calendar.js';

const calendar = new WorkingCalendar(VIETNAM_CALENDAR_2025_2027);

describe('WorkingCalendar with the 2025-2027 reference calendar', () => {
  test.each([
    ['2026-02-13', true, 'Friday before the Tết 2026 break'],
    ['2026-02-16', false, 'Tết 2026 break, Monday'],
    ['2026-02-20', false, 'Tết 2026 break, Friday'],
    ['2026-02-23', true, 'first working day after Tết 2026'],
    ['2026-04-26', false, 'Giỗ Tổ 2026 on a Sunday'],
    ['2026-04-27', false, 'compensatory day off for Giỗ Tổ 2026'],
    ['2026-11-24', false, 'Ngày Văn hóa Việt Nam, a holiday from 2026'],
    ['2025-11-24', true, '24/11 was a working day in 2025'],
    ['2025-04-26', true, 'Saturday worked in exchange for 2/5/2025'],
    ['2025-05-02', false, 'swapped day off 2/5/2025'],
    ['2027-05-03', false, 'compensatory day for 1/5/2027 (a Saturday)'],
    ['2026-03-07', false, 'an ordinary Saturday'],
    ['2026-03-09', true, 'an ordinary Monday'],
    ['2030-01-01', true, 'no data for 2030: only weekends are off'],
  ])('%s working=%s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  test.each([
    ['2026-02-13', 1, '2026-02-23'],
    ['2026-02-13', 3, '2026-02-25'],
    ['2026-04-24', 1, '2026-04-28'],
    ['2026-11-23', 1, '2026-11-25'],
    ['2026-12-31', 1, '2027-01-04'],
    ['2025-04-25', 1, '2025-04-26'],
    ['2026-03-09', 0, '2026-03-09'],
  ])('addWorkingDays(%s, %i) = %s', (from, n, expected) => {
    expect(calendar.addWorkingDays(from, n)).toBe(expected);
  });

  test.each([
    ['2026-03-05', '2026-03-09', 2],
    ['2026-03-05', '2026-03-05', 0],
    ['2026-02-12', '2026-02-24', 3],
    ['2026-03-07', '2026-03-09', 0],
  ])('countWorkingDays(%s, %s) = %i', (from, to, expected) => {
    expect(calendar.countWorkingDays(from, to)).toBe(expected);
  });

  test('an exception overrides the weekday default in both directions', () => {
    const custom = new WorkingCalendar([
      { date: '2026-03-10', working: false },
      { date: '2026-03-14', working: true },
    ]);
    expect(custom.isWorkingDay('2026-03-10')).toBe(false);
    expect(custom.isWorkingDay('2026-03-14')).toBe(true);
    expect(custom.nextWorkingDay('2026-03-13')).toBe('2026-03-14');
  });
});
