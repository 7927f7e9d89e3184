import {
  addDays,
  formatLocalInstant,
  isLocalDate,
  localDateOf,
  localMinutesOf,
  startOfLocalDay,
} from '../../../src/domain/time/local-time.js';

describe('local time in Asia/Ho_Chi_Minh', () => {
  test('the local date changes at 17:00 UTC', () => {
    expect(localDateOf(new Date('2026-03-09T16:59:59Z'))).toBe('2026-03-09');
    expect(localDateOf(new Date('2026-03-09T17:00:00Z'))).toBe('2026-03-10');
    expect(localMinutesOf(new Date('2026-03-09T17:00:00Z'))).toBe(0);
    expect(localMinutesOf(new Date('2026-03-09T10:00:00Z'))).toBe(17 * 60);
  });

  test('DateTime output always carries +07:00', () => {
    expect(formatLocalInstant(new Date('2025-07-01T02:30:00Z'))).toBe('2025-07-01T09:30:00+07:00');
    expect(formatLocalInstant(new Date('2025-07-01T02:30:00.250Z'))).toBe('2025-07-01T09:30:00.250+07:00');
  });

  test.each([
    ['2025-02-28', true],
    ['2025-02-29', false],
    ['2024-02-29', true],
    ['2025-13-01', false],
    ['2025-1-01', false],
    ['not a date', false],
  ])('isLocalDate(%s) = %s', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  test('date arithmetic', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(startOfLocalDay('2026-03-10').toISOString()).toBe('2026-03-09T17:00:00.000Z');
  });
});
