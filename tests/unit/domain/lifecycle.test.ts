import { VIETNAM_CALENDAR_2025_2027 } from '../../../src/domain/calendar/vietnam-holidays.js';
import { WorkingCalendar } from '../../../src/domain/calendar/working-calendar.js';
import { DossierAction as A, DossierStatus as S, Outcome } from '../../../src/domain/vocabulary/dossier-enums.js';
import { DelayReason } from '../../../src/domain/vocabulary/delay-reason.js';
import {
  allowedActions,
  applyAction,
  initialState,
  type ActionCommand,
  type LifecycleState,
} from '../../../src/domain/dossier/lifecycle.js';
import { DomainError } from '../../../src/domain/errors.js';
import { ProcessingTimeUnit } from '../../../src/domain/procedure/processing-time.js';

const ctx = { time: { value: 3, unit: ProcessingTimeUnit.WORKING_DAYS }, calendar: new WorkingCalendar(VIETNAM_CALENDAR_2025_2027) };
const at = (local: string) => new Date(`${local}+07:00`);

function run(start: LifecycleState, steps: Array<[A, string, Partial<ActionCommand>?]>): LifecycleState {
  return steps.reduce((state, [action, when, extra]) => applyAction(state, { action, at: at(when), ...extra }, ctx).state, start);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

const receivedMonday = () => initialState(false, at('2026-03-02T09:00:00'), ctx);

describe('intake', () => {
  test('in-person and postal intake is received at once, with its due date', () => {
    const s = receivedMonday();
    expect(s.status).toBe(S.RECEIVED);
    expect(s.receivedAt).toEqual(at('2026-03-02T09:00:00'));
    expect(s.dueDate).toBe('2026-03-05');
  });

  test('an online filing waits in SUBMITTED; ACCEPT starts the clock at acceptance', () => {
    const s = initialState(true, at('2026-03-06T20:00:00'), ctx);
    expect(s).toMatchObject({ status: S.SUBMITTED, receivedAt: null, dueDate: null });
    const accepted = run(s, [[A.ACCEPT, '2026-03-09T08:00:00']]);
    expect(accepted).toMatchObject({ status: S.RECEIVED, dueDate: '2026-03-12' });
    expect(accepted.submittedAt).toEqual(at('2026-03-06T20:00:00'));
  });
});

describe('transition table', () => {
  const allowed: Array<[S, A[]]> = [
    [S.SUBMITTED, [A.ACCEPT, A.REFUSE, A.WITHDRAW]],
    [S.RECEIVED, [A.START_PROCESSING, A.REQUEST_SUPPLEMENT, A.RESOLVE, A.WITHDRAW, A.EXTEND_DEADLINE, A.TRANSFER, A.ASSIGN]],
    [S.PROCESSING, [A.REQUEST_SUPPLEMENT, A.REQUEST_PAYMENT, A.SUSPEND, A.RESOLVE, A.WITHDRAW, A.EXTEND_DEADLINE, A.TRANSFER, A.ASSIGN]],
    [S.AWAITING_SUPPLEMENT, [A.SUBMIT_SUPPLEMENT, A.WITHDRAW, A.EXTEND_DEADLINE, A.ASSIGN]],
    [S.AWAITING_PAYMENT, [A.CONFIRM_PAYMENT, A.WITHDRAW, A.EXTEND_DEADLINE, A.ASSIGN]],
    [S.SUSPENDED, [A.RESUME, A.WITHDRAW, A.EXTEND_DEADLINE, A.ASSIGN]],
    [S.RESOLVED, [A.RETURN_RESULT, A.WITHDRAW, A.ASSIGN, A.RETURN_TO_RECEIVER]],
    [S.RETURNED, []],
    [S.REFUSED, []],
    [S.WITHDRAWN, []],
  ];
  test.each(allowed)('from %s only %j are allowed', (status, actions) => {
    expect(allowedActions(status).sort()).toEqual([...actions].sort());
  });

  test.each(
    allowed.flatMap(([status, ok]) =>
      Object.values(A)
        .filter((a) => !ok.includes(a))
        .map((a) => [status, a] as const),
    ),
  )('%s -%s-> is INVALID_TRANSITION', (status, action) => {
    const state = { ...receivedMonday(), status };
    expect(codeOf(() => applyAction(state, { action, at: at('2026-03-03T09:00:00') }, ctx))).toBe('INVALID_TRANSITION');
  });
});

describe('rules', () => {
  test('a supplement may be requested only once', () => {
    const s = run(receivedMonday(), [
      [A.REQUEST_SUPPLEMENT, '2026-03-03T09:00:00'],
      [A.SUBMIT_SUPPLEMENT, '2026-03-04T09:00:00'],
    ]);
    expect(codeOf(() => applyAction(s, { action: A.REQUEST_SUPPLEMENT, at: at('2026-03-04T10:00:00') }, ctx))).toBe(
      'SUPPLEMENT_ALREADY_REQUESTED',
    );
  });

  test('pauses move the due date by the working days paused, and add up', () => {
    const s = run(receivedMonday(), [
      [A.START_PROCESSING, '2026-03-02T10:00:00'],
      [A.REQUEST_SUPPLEMENT, '2026-03-03T09:00:00'], // Tue
      [A.SUBMIT_SUPPLEMENT, '2026-03-05T09:00:00'], // Thu: Tue + Wed paused
      [A.REQUEST_PAYMENT, '2026-03-05T10:00:00'],
      [A.CONFIRM_PAYMENT, '2026-03-05T16:00:00'], // same day: nothing
      [A.SUSPEND, '2026-03-06T09:00:00'], // Fri
      [A.RESUME, '2026-03-09T09:00:00'], // Mon: Fri paused
    ]);
    expect(s).toMatchObject({ status: S.PROCESSING, dueDate: '2026-03-10', pausedWorkingDays: 3, pausedAt: null });
  });

  test('RESOLVE needs an outcome and finishes the dossier', () => {
    expect(codeOf(() => applyAction(receivedMonday(), { action: A.RESOLVE, at: at('2026-03-03T09:00:00') }, ctx))).toBe(
      'OUTCOME_REQUIRED',
    );
    const s = run(receivedMonday(), [[A.RESOLVE, '2026-03-03T09:00:00', { outcome: Outcome.APPROVED }]]);
    expect(s).toMatchObject({ status: S.RESOLVED, outcome: Outcome.APPROVED, finishedAt: at('2026-03-03T09:00:00') });
    expect(run(s, [[A.RETURN_RESULT, '2026-03-04T09:00:00']]).returnedAt).toEqual(at('2026-03-04T09:00:00'));
  });

  test('EXTEND_DEADLINE keeps the status and the statutory due date, once, with a later date', () => {
    const s = receivedMonday();
    expect(codeOf(() => applyAction(s, { action: A.EXTEND_DEADLINE, at: at('2026-03-05T09:00:00') }, ctx))).toBe(
      'NEW_DUE_DATE_REQUIRED',
    );
    expect(
      codeOf(() =>
        applyAction(s, { action: A.EXTEND_DEADLINE, at: at('2026-03-05T09:00:00'), newDueDate: '2026-03-05' }, ctx),
      ),
    ).toBe('INVALID_NEW_DUE_DATE');
    const t = applyAction(s, { action: A.EXTEND_DEADLINE, at: at('2026-03-05T09:00:00'), newDueDate: '2026-03-10' }, ctx);
    expect(t.toStatus).toBe(S.RECEIVED);
    expect(t.state).toMatchObject({ dueDate: '2026-03-05', extendedDueDate: '2026-03-10' });
    expect(
      codeOf(() =>
        applyAction(t.state, { action: A.EXTEND_DEADLINE, at: at('2026-03-06T09:00:00'), newDueDate: '2026-03-12' }, ctx),
      ),
    ).toBe('DEADLINE_ALREADY_EXTENDED');
  });

  test('a withdrawal while paused ends the pause without moving the due date', () => {
    const s = run(receivedMonday(), [
      [A.REQUEST_SUPPLEMENT, '2026-03-03T09:00:00'],
      [A.WITHDRAW, '2026-03-09T09:00:00'],
    ]);
    expect(s).toMatchObject({ status: S.WITHDRAWN, dueDate: '2026-03-05', pausedAt: null, pausedWorkingDays: 0 });
  });
});

describe('routing actions (docs/routing.md)', () => {
  test('a transfer keeps the status and the deadline; the supplement flag becomes the receiving agency\'s own', () => {
    const asked = { ...receivedMonday(), supplementRequested: true };
    const moved = applyAction(asked, { action: A.TRANSFER, at: at('2026-03-03T09:00:00') }, ctx);
    expect(moved.state).toEqual({ ...asked, supplementRequested: false });
    expect(moved.toStatus).toBe(S.RECEIVED);
    const back = applyAction(moved.state, { action: A.TRANSFER, at: at('2026-03-04T09:00:00'), supplementRequestedByTarget: true }, ctx);
    expect(back.state.supplementRequested).toBe(true);
    expect(applyAction(asked, { action: A.ASSIGN, at: at('2026-03-03T09:00:00') }, ctx).state).toEqual(asked);
  });
});

describe('what RESOLVE records for the service index', () => {
  test('the working days the clock ran, from the start day to the resolution day, less the pauses', () => {
    // Received Monday 2 March; supplement asked Tuesday 3, given Thursday 5 (3 and 4 March paused); resolved Monday 9.
    const s = run(receivedMonday(), [
      [A.START_PROCESSING, '2026-03-02T10:00:00'],
      [A.REQUEST_SUPPLEMENT, '2026-03-03T09:00:00'],
      [A.SUBMIT_SUPPLEMENT, '2026-03-05T09:00:00'],
      [A.RESOLVE, '2026-03-09T15:00:00', { outcome: Outcome.APPROVED }],
    ]);
    expect(s).toMatchObject({ pausedWorkingDays: 2, resolutionWorkingDays: 4 }); // 2, 5, 6 and 9 March
    // Received after closing time: the clock starts the next working day, so a resolution that day took one.
    const evening = initialState(false, at('2026-03-06T18:00:00'), ctx);
    expect(applyAction(evening, { action: A.RESOLVE, at: at('2026-03-09T10:00:00'), outcome: Outcome.APPROVED }, ctx).state.resolutionWorkingDays).toBe(1);
  });

  test('the delay reason of the apology is kept, and a late RESOLVE may give its own', () => {
    const apologised = run(receivedMonday(), [[A.EXTEND_DEADLINE, '2026-03-04T09:00:00', { newDueDate: '2026-03-10', delayReason: DelayReason.WORKLOAD }]]);
    expect(apologised.delayReason).toBe(DelayReason.WORKLOAD);
    const kept = applyAction(apologised, { action: A.RESOLVE, at: at('2026-03-09T09:00:00'), outcome: Outcome.APPROVED }, ctx).state;
    expect(kept.delayReason).toBe(DelayReason.WORKLOAD);
    const own = applyAction(apologised, { action: A.RESOLVE, at: at('2026-03-09T09:00:00'), outcome: Outcome.APPROVED, delayReason: DelayReason.FORCE_MAJEURE }, ctx).state;
    expect(own.delayReason).toBe(DelayReason.FORCE_MAJEURE);
  });
});
