import { DomainError } from '../../../src/domain/errors.js';
import { addYears, aggregateRanges, monthsOf, validatePeriod } from '../../../src/domain/statistics/statistics-period.js';

const codeOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    const e = error as DomainError;
    return [e.code, e.params.reason ?? null, e.field];
  }
};

describe('statistics periods', () => {
  test('real dates, in order, at most five years', () => {
    expect(codeOf(() => validatePeriod('2025-07-01', '2025-07-01'))).toBeNull();
    expect(codeOf(() => validatePeriod('2021-01-01', '2025-12-31'))).toBeNull();
    expect(codeOf(() => validatePeriod('2021-01-01', '2026-01-01'))).toEqual(['INVALID_PERIOD', 'PERIOD_TOO_LONG', ['to']]);
    expect(codeOf(() => validatePeriod('2025-07-02', '2025-07-01'))).toEqual(['INVALID_PERIOD', 'PERIOD_END_BEFORE_START', ['to']]);
    expect(codeOf(() => validatePeriod('2025-02-29', '2025-03-01'))).toEqual(['INVALID_DATE', null, ['from']]);
    expect(codeOf(() => validatePeriod('2025-03-01', '25-03-02'))).toEqual(['INVALID_DATE', null, ['to']]);
    expect(addYears('2024-02-29', 5)).toBe('2029-02-28');
  });

  test('whole months from the monthly rollup, ragged ends from daily rows, split at from', () => {
    expect(aggregateRanges('2025-01-01', '2025-12-31', false)).toEqual([
      { granularity: 'monthly', part: 'before', from: null, to: '2024-12-01' },
      { granularity: 'monthly', part: 'in', from: '2025-01-01', to: '2025-12-01' },
    ]);
    expect(aggregateRanges('2025-01-15', '2025-03-10', false)).toEqual([
      { granularity: 'monthly', part: 'before', from: null, to: '2024-12-01' },
      { granularity: 'daily', part: 'before', from: '2025-01-01', to: '2025-01-14' },
      { granularity: 'daily', part: 'in', from: '2025-01-15', to: '2025-01-31' },
      { granularity: 'monthly', part: 'in', from: '2025-02-01', to: '2025-02-01' },
      { granularity: 'daily', part: 'in', from: '2025-03-01', to: '2025-03-10' },
    ]);
    expect(aggregateRanges('2024-02-10', '2024-02-29', false)).toEqual([
      { granularity: 'monthly', part: 'before', from: null, to: '2024-01-01' },
      { granularity: 'daily', part: 'before', from: '2024-02-01', to: '2024-02-09' },
      { granularity: 'daily', part: 'in', from: '2024-02-10', to: '2024-02-29' },
    ]);
    expect(aggregateRanges('2025-03-01', '2025-03-31', true)).toEqual([
      { granularity: 'monthly', part: 'before', from: null, to: '2025-02-01' },
      { granularity: 'daily', part: 'in', from: '2025-03-01', to: '2025-03-31' },
    ]);
    expect(monthsOf('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
