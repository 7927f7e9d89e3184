import { Channel, DossierStatus as S } from '../../../src/domain/vocabulary/dossier-enums.js';
import { OnlineLevel } from '../../../src/domain/procedure/procedure-enums.js';
import { deltasOfEvent, type StatisticsEvent } from '../../../src/domain/statistics/statistics-deltas.js';

const at = (local: string) => new Date(`${local}+07:00`);
const event = (e: Partial<StatisticsEvent>): StatisticsEvent => ({
  fromStatus: S.PROCESSING,
  toStatus: S.PROCESSING,
  previousDueDate: '2026-03-10',
  dueDate: '2026-03-10',
  at: at('2026-03-05T10:00:00'),
  channel: Channel.IN_PERSON,
  onlineLevel: OnlineLevel.FULL,
  ...e,
});
/** The non-zero counters of each day. */
const brief = (e: Partial<StatisticsEvent>) =>
  deltasOfEvent(event(e)).map(({ day, counts }) => [day, Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0))]);

describe('what one event contributes to the statistics aggregates', () => {
  test('a receipt: received by channel and online level; overdue from the day after the due date', () => {
    expect(brief({ fromStatus: null, toStatus: S.RECEIVED, previousDueDate: null, dueDate: '2026-03-10', channel: Channel.POSTAL })).toEqual([
      ['2026-03-05', { receivedPostal: 1, receivedFull: 1 }],
      ['2026-03-11', { overdueDelta: 1 }],
    ]);
    expect(brief({ fromStatus: S.SUBMITTED, toStatus: S.RECEIVED, previousDueDate: null, channel: Channel.ONLINE, onlineLevel: OnlineLevel.PARTIAL })).toEqual([
      ['2026-03-05', { receivedOnline: 1, receivedPartial: 1, receivedPartialOnline: 1 }],
      ['2026-03-11', { overdueDelta: 1 }],
    ]);
    expect(brief({ fromStatus: null, toStatus: S.RECEIVED, previousDueDate: null, dueDate: '2026-03-05', onlineLevel: OnlineLevel.NONE })).toEqual([
      ['2026-03-05', { receivedInPerson: 1 }],
      ['2026-03-06', { overdueDelta: 1 }],
    ]);
  });

  test('online filings, refusals and withdrawals before receipt count nothing', () => {
    expect(brief({ fromStatus: null, toStatus: S.SUBMITTED, previousDueDate: null, dueDate: null })).toEqual([]);
    expect(brief({ fromStatus: S.SUBMITTED, toStatus: S.REFUSED, previousDueDate: null, dueDate: null })).toEqual([]);
    expect(brief({ fromStatus: S.SUBMITTED, toStatus: S.WITHDRAWN, previousDueDate: null, dueDate: null })).toEqual([]);
  });

  test('a resolution by timeliness takes the overdue tail back', () => {
    expect(brief({ toStatus: S.RESOLVED, at: at('2026-03-09T16:00:00') })).toEqual([
      ['2026-03-09', { resolvedEarly: 1 }],
      ['2026-03-11', { overdueDelta: -1 }],
    ]);
    expect(brief({ toStatus: S.RESOLVED, at: at('2026-03-10T23:59:00') })).toEqual([
      ['2026-03-10', { resolvedOnTime: 1 }],
      ['2026-03-11', { overdueDelta: -1 }],
    ]);
    // Late: the tail that began on 03-11 ends on the resolution day.
    expect(brief({ toStatus: S.RESOLVED, at: at('2026-03-12T08:00:00') })).toEqual([
      ['2026-03-12', { resolvedLate: 1, overdueDelta: -1 }],
    ]);
  });

  test('a withdrawal of an unfinished dossier, paused or not; after RESOLVE it finishes nothing', () => {
    expect(brief({ fromStatus: S.AWAITING_SUPPLEMENT, toStatus: S.WITHDRAWN, at: at('2026-03-13T09:00:00') })).toEqual([
      ['2026-03-13', { withdrawn: 1, overdueDelta: -1 }],
    ]);
    expect(brief({ fromStatus: S.RESOLVED, toStatus: S.WITHDRAWN })).toEqual([]);
    expect(brief({ fromStatus: S.RESOLVED, toStatus: S.RETURNED })).toEqual([]);
  });

  test('a resume that moves the due date moves the overdue tail from the resume day on', () => {
    // Due 03-10 passed while paused; resumed 03-16 with due 03-18: overdue stops on 03-16, starts again on 03-19.
    expect(brief({ fromStatus: S.SUSPENDED, previousDueDate: '2026-03-10', dueDate: '2026-03-18', at: at('2026-03-16T09:00:00') })).toEqual([
      ['2026-03-16', { overdueDelta: -1 }],
      ['2026-03-19', { overdueDelta: 1 }],
    ]);
    // Resumed before the old due date: the tail moves from 03-11 to 03-13.
    expect(brief({ fromStatus: S.SUSPENDED, previousDueDate: '2026-03-10', dueDate: '2026-03-12', at: at('2026-03-06T09:00:00') })).toEqual([
      ['2026-03-11', { overdueDelta: -1 }],
      ['2026-03-13', { overdueDelta: 1 }],
    ]);
  });

  test('events that change neither status class nor due date change nothing', () => {
    expect(brief({ fromStatus: S.RECEIVED, toStatus: S.PROCESSING })).toEqual([]);
    expect(brief({ fromStatus: S.PROCESSING, toStatus: S.SUSPENDED })).toEqual([]);
    expect(brief({ fromStatus: S.PROCESSING, toStatus: S.PROCESSING })).toEqual([]); // EXTEND_DEADLINE
  });
});
