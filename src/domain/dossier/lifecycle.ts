import { resumeDeadline, startDay, statutoryDeadline } from '../calendar/deadline.js';
import { UnitCalendar } from '../calendar/unit-calendar.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { ProcessingTime, ProcessingTimeUnit } from '../procedure/processing-time.js';
import { DomainError } from '../errors.js';
import { addDays, localDateOf, type LocalDate } from '../time/local-time.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import {
  DossierAction,
  DossierStatus,
  FINAL_STATUSES,
  Outcome,
  PAUSED_STATUSES,
  UNFINISHED_STATUSES,
} from '../vocabulary/dossier-enums.js';

/** The part of a dossier the lifecycle reads and changes. */
export interface LifecycleState {
  status: DossierStatus;
  outcome: Outcome | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  dueDate: LocalDate | null;
  /** The instant it is due, for times counted within the day (working hours, half days); null otherwise. */
  dueAt: Date | null;
  /** The processing time that applied at receipt, kept so that a pause is resumed under the same rule. */
  processingTimeValue: number | null;
  processingTimeUnit: ProcessingTimeUnit | null;
  extendedDueDate: LocalDate | null;
  /** When the dossier reached RESOLVED, REFUSED or WITHDRAWN (the first of them). */
  finishedAt: Date | null;
  resolvedAt: Date | null;
  returnedAt: Date | null;
  /** When the current clock pause began; null while the clock runs. */
  pausedAt: Date | null;
  pausedWorkingDays: number;
  supplementRequested: boolean;
  /** Why it is late, as recorded on the apology or the late RESOLVE (null: not recorded). */
  delayReason: DelayReason | null;
  /**
   * Set at RESOLVE: the working days the clock ran, from the start day d0 to the resolution date
   * (both counted), less the paused working days; the resolution time of Decision 766's average.
   */
  resolutionWorkingDays: number | null;
}

export interface ActionCommand {
  action: DossierAction;
  at: Date;
  outcome?: Outcome | null;
  newDueDate?: LocalDate | null;
  /** EXTEND_DEADLINE and RESOLVE: why the dossier is late (kept when absent). */
  delayReason?: DelayReason | null;
  /**
   * TRANSFER and RETURN_TO_RECEIVER: whether the unit that receives the dossier already requested
   * its one supplement (the rule is once per agency); false when absent (a replay of history).
   */
  supplementRequestedByTarget?: boolean;
}

export interface LifecycleContext {
  /** The time that applies to a receipt now (the province's own, else the national one). */
  time: ProcessingTime;
  /** The receiving unit's calendar (a national WorkingCalendar stands for default hours, no overlay). */
  calendar: UnitCalendar | WorkingCalendar;
}

export interface Transition {
  state: LifecycleState;
  fromStatus: DossierStatus;
  toStatus: DossierStatus;
}

const S = DossierStatus;
const NOT_FINAL = Object.values(DossierStatus).filter((s) => !FINAL_STATUSES.has(s));

/** Which statuses each action may start from, and where it leads (undefined: the status stays). */
const TRANSITIONS: Readonly<Record<DossierAction, { from: readonly DossierStatus[]; to?: DossierStatus }>> = {
  ACCEPT: { from: [S.SUBMITTED], to: S.RECEIVED },
  REFUSE: { from: [S.SUBMITTED], to: S.REFUSED },
  START_PROCESSING: { from: [S.RECEIVED], to: S.PROCESSING },
  REQUEST_SUPPLEMENT: { from: [S.RECEIVED, S.PROCESSING], to: S.AWAITING_SUPPLEMENT },
  SUBMIT_SUPPLEMENT: { from: [S.AWAITING_SUPPLEMENT], to: S.PROCESSING },
  REQUEST_PAYMENT: { from: [S.PROCESSING], to: S.AWAITING_PAYMENT },
  CONFIRM_PAYMENT: { from: [S.AWAITING_PAYMENT], to: S.PROCESSING },
  SUSPEND: { from: [S.PROCESSING], to: S.SUSPENDED },
  RESUME: { from: [S.SUSPENDED], to: S.PROCESSING },
  RESOLVE: { from: [S.RECEIVED, S.PROCESSING], to: S.RESOLVED },
  RETURN_RESULT: { from: [S.RESOLVED], to: S.RETURNED },
  WITHDRAW: { from: NOT_FINAL, to: S.WITHDRAWN },
  EXTEND_DEADLINE: { from: [...UNFINISHED_STATUSES] },
  // Routing (docs/routing.md): who holds the dossier changes, its status does not. A paused dossier
  // stays with the agency that paused it; a resolved one goes back to the receiving center.
  TRANSFER: { from: [S.RECEIVED, S.PROCESSING] },
  ASSIGN: { from: [...UNFINISHED_STATUSES, S.RESOLVED] },
  RETURN_TO_RECEIVER: { from: [S.RESOLVED] },
};

/** The actions allowed from a status (for clients that show only the buttons that work). */
export function allowedActions(status: DossierStatus): DossierAction[] {
  return (Object.keys(TRANSITIONS) as DossierAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

/** The state of a dossier at intake: online filings wait in SUBMITTED, the others are received at once. */
export function initialState(
  online: boolean,
  at: Date,
  ctx: LifecycleContext,
): LifecycleState {
  const base: LifecycleState = {
    status: S.SUBMITTED,
    outcome: null,
    submittedAt: null,
    receivedAt: null,
    dueDate: null,
    dueAt: null,
    processingTimeValue: null,
    processingTimeUnit: null,
    extendedDueDate: null,
    finishedAt: null,
    resolvedAt: null,
    returnedAt: null,
    pausedAt: null,
    pausedWorkingDays: 0,
    supplementRequested: false,
    delayReason: null,
    resolutionWorkingDays: null,
  };
  if (online) return { ...base, submittedAt: at };
  return receive(base, at, ctx);
}

function receive(state: LifecycleState, at: Date, ctx: LifecycleContext): LifecycleState {
  return {
    ...state,
    status: S.RECEIVED,
    receivedAt: at,
    ...statutoryDeadline(at, ctx.time, ctx.calendar),
    processingTimeValue: ctx.time.value,
    processingTimeUnit: ctx.time.unit,
  };
}

/** The time a received dossier runs under: the one recorded at its receipt. */
function timeOf(state: LifecycleState, ctx: LifecycleContext): ProcessingTime {
  return state.processingTimeUnit !== null && state.processingTimeValue !== null
    ? { value: state.processingTimeValue, unit: state.processingTimeUnit }
    : ctx.time;
}

/**
 * Applies one action to a dossier: checks that the lifecycle allows it and returns the new state.
 * Pure: the caller persists the state and appends the history event. Throws DomainError with
 * INVALID_TRANSITION, SUPPLEMENT_ALREADY_REQUESTED, OUTCOME_REQUIRED, NEW_DUE_DATE_REQUIRED,
 * INVALID_NEW_DUE_DATE or DEADLINE_ALREADY_EXTENDED.
 */
export function applyAction(state: LifecycleState, command: ActionCommand, ctx: LifecycleContext): Transition {
  const rule = TRANSITIONS[command.action];
  if (!rule.from.includes(state.status)) {
    throw new DomainError('INVALID_TRANSITION', ['input', 'action'], {
      action: command.action,
      status: state.status,
    });
  }
  const next = nextState(state, command, ctx);
  return { state: next, fromStatus: state.status, toStatus: next.status };
}

function nextState(state: LifecycleState, command: ActionCommand, ctx: LifecycleContext): LifecycleState {
  const { at } = command;
  const to = TRANSITIONS[command.action].to;
  switch (command.action) {
    case DossierAction.ACCEPT:
      return receive(state, at, ctx);
    case DossierAction.REFUSE:
      return { ...state, status: S.REFUSED, finishedAt: at };
    case DossierAction.REQUEST_SUPPLEMENT:
      if (state.supplementRequested) {
        throw new DomainError('SUPPLEMENT_ALREADY_REQUESTED', ['input', 'action']);
      }
      return { ...state, status: S.AWAITING_SUPPLEMENT, pausedAt: at, supplementRequested: true };
    case DossierAction.REQUEST_PAYMENT:
    case DossierAction.SUSPEND:
      return { ...state, status: to!, pausedAt: at };
    case DossierAction.SUBMIT_SUPPLEMENT:
    case DossierAction.CONFIRM_PAYMENT:
    case DossierAction.RESUME:
      return resume(state, at, ctx);
    case DossierAction.RESOLVE:
      if (!command.outcome) throw new DomainError('OUTCOME_REQUIRED', ['input', 'outcome']);
      return {
        ...state,
        status: S.RESOLVED,
        outcome: command.outcome,
        resolvedAt: at,
        finishedAt: at,
        delayReason: command.delayReason ?? state.delayReason,
        resolutionWorkingDays: workingDaysTaken(state, at, ctx),
      };
    case DossierAction.RETURN_RESULT:
      return { ...state, status: S.RETURNED, returnedAt: at };
    case DossierAction.WITHDRAW:
      // A withdrawal ends any pause without moving the due date: the clock simply stops for good.
      return { ...state, status: S.WITHDRAWN, pausedAt: null, finishedAt: state.finishedAt ?? at };
    case DossierAction.EXTEND_DEADLINE:
      return { ...state, extendedDueDate: validNewDueDate(state, command.newDueDate), delayReason: command.delayReason ?? state.delayReason };
    case DossierAction.START_PROCESSING:
      return { ...state, status: S.PROCESSING };
    case DossierAction.TRANSFER:
    case DossierAction.RETURN_TO_RECEIVER:
      return { ...state, supplementRequested: command.supplementRequestedByTarget ?? false };
    case DossierAction.ASSIGN:
      return { ...state };
  }
}

function resume(state: LifecycleState, at: Date, ctx: LifecycleContext): LifecycleState {
  if (!state.pausedAt || !state.dueDate) return { ...state, status: S.PROCESSING, pausedAt: null };
  const shifted = resumeDeadline({ dueDate: state.dueDate, dueAt: state.dueAt }, timeOf(state, ctx), state.pausedAt, at, ctx.calendar);
  return {
    ...state,
    status: S.PROCESSING,
    pausedAt: null,
    ...shifted.deadline,
    pausedWorkingDays: state.pausedWorkingDays + shifted.pausedWorkingDays,
  };
}

/** Working days from d0 to the resolution date, both counted, less the pauses (never below 0). */
function workingDaysTaken(state: LifecycleState, at: Date, ctx: LifecycleContext): number | null {
  if (!state.receivedAt) return null;
  const days = ctx.calendar instanceof UnitCalendar ? ctx.calendar.days : ctx.calendar;
  const d0 = startDay(state.receivedAt, ctx.calendar);
  return Math.max(0, days.countWorkingDays(d0, addDays(localDateOf(at), 1)) - state.pausedWorkingDays);
}

function validNewDueDate(state: LifecycleState, newDueDate: LocalDate | null | undefined): LocalDate {
  if (state.extendedDueDate) throw new DomainError('DEADLINE_ALREADY_EXTENDED', ['input', 'action']);
  if (!newDueDate) throw new DomainError('NEW_DUE_DATE_REQUIRED', ['input', 'newDueDate']);
  if (state.dueDate && newDueDate <= state.dueDate) {
    throw new DomainError('INVALID_NEW_DUE_DATE', ['input', 'newDueDate'], { dueDate: state.dueDate });
  }
  return newDueDate;
}

export function isPaused(status: DossierStatus): boolean {
  return PAUSED_STATUSES.has(status);
}
