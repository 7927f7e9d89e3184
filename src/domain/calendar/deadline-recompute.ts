import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { DossierAction, DossierStatus } from '../vocabulary/dossier-enums.js';
import { applyAction, initialState, type LifecycleState } from '../dossier/lifecycle.js';
import { isDomainError } from '../errors.js';
import { Procedure } from '../procedure/procedure.entity.js';
import type { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { addCounts, zeroCounts, type AggregateCounts } from '../statistics/aggregate-counts.js';
import { deltasOfEvent, type DayDelta, type StatisticsEvent } from '../statistics/statistics-deltas.js';
import { applyDeltas } from '../statistics/statistics-store.js';
import { reviseResolution } from '../service-index/service-index-revision.js';
import type { ServiceIndexKey } from '../service-index/service-index-store.js';
import type { DelayReason } from '../vocabulary/delay-reason.js';
import type { Channel, Outcome } from '../vocabulary/dossier-enums.js';
import type { OnlineLevel } from '../procedure/procedure-enums.js';
import type { LocalDate } from '../time/local-time.js';
import { loadDeadlineRules, type DeadlineRules } from './deadline-rules.js';

/** Dossiers recomputed per transaction: small enough to keep row locks short. */
const BATCH = 200;

export interface RecomputeScope {
  /** Only dossiers received by these units; null: every unit (a national change). */
  unitIds: number[] | null;
  /** The changed dates: dossiers whose deadline window touches [from, to] are recomputed. */
  from: LocalDate;
  to: LocalDate;
}

export interface RecomputeResult {
  examined: number;
  changed: number;
  /** Dossiers whose history the current rules refuse to replay (left as they were, logged by id). */
  skipped: number[];
}

interface DossierRow {
  id: number;
  unit_id: number;
  procedure_id: number;
  channel: Channel;
  online_level: OnlineLevel;
  outcome: Outcome | null;
  extended_due_date: string | null;
  processing_time_value: number | null;
  processing_time_unit: ProcessingTimeUnit | null;
  received_at: Date;
  delay_reason: DelayReason | null;
  resolution_working_days: number | null;
}

interface EventRow {
  id: number;
  seq: number;
  action: DossierAction | null;
  from_status: DossierStatus | null;
  to_status: DossierStatus;
  at: Date;
  due_date: string | null;
  due_at: Date | null;
}

/**
 * After a calendar change (national days, a province's overlay, a center's opening hours), the
 * deadlines of the dossiers it touches are computed again, by replaying each one's history through
 * the lifecycle with the calendar as it is now: the same rules as live actions, so the result is
 * what the dossier would show had the calendar been right from the start.
 *
 * The due dates recorded on history events are derived from the calendar, not facts of history:
 * they are rewritten (the trigger allows exactly these two columns under `motcua.deadline_recompute`),
 * and the statistics aggregates take back each event's contribution under the old dates and add it
 * under the new ones, with the same deltas the live listener uses, so they equal a full rebuild.
 */
export async function recomputeDeadlines(orm: MikroORM, scope: RecomputeScope): Promise<RecomputeResult> {
  const result: RecomputeResult = { examined: 0, changed: 0, skipped: [] };
  for (let afterId = 0; ; ) {
    const batch = await orm.em.fork().transactional(async (em) => {
      const { rows } = await sql<DossierRow>`
        select d.id, d.unit_id, d.procedure_id, d.channel, d.online_level, d.outcome, d.extended_due_date::text as extended_due_date,
          d.processing_time_value, d.processing_time_unit, d.received_at, d.delay_reason, d.resolution_working_days
        from dossier d
        where d.id > ${afterId} and d.received_at is not null
          and (d.received_at at time zone 'Asia/Ho_Chi_Minh')::date <= ${scope.to}::date
          and (d.due_date >= ${scope.from}::date or d.finished_at is null
               or (d.finished_at at time zone 'Asia/Ho_Chi_Minh')::date >= ${scope.from}::date)
          ${scope.unitIds ? sql`and d.unit_id = any(${scope.unitIds}::bigint[])` : sql``}
        order by d.id limit ${BATCH} for update`.execute(em.getKysely());
      const rules = new Map<string, Promise<DeadlineRules>>();
      const histories = await historiesOf(em, rows.map((d) => Number(d.id)));
      for (const dossier of rows) {
        const key = `${dossier.unit_id}:${dossier.procedure_id}`;
        if (!rules.has(key)) rules.set(key, loadRules(em, dossier));
        const outcome = await recomputeOne(em, dossier, histories.get(Number(dossier.id)) ?? [], await rules.get(key)!);
        if (outcome === 'changed') result.changed++;
        if (outcome === 'skipped') result.skipped.push(dossier.id);
      }
      return rows;
    });
    result.examined += batch.length;
    if (batch.length < BATCH) return result;
    afterId = batch[batch.length - 1]!.id;
  }
}

async function loadRules(em: EntityManager, dossier: DossierRow): Promise<DeadlineRules> {
  const procedure = await em.findOneOrFail(Procedure, { id: dossier.procedure_id });
  return loadDeadlineRules(em, dossier.unit_id, procedure);
}

/** The histories of a batch of dossiers in one query, each in order. */
async function historiesOf(em: EntityManager, dossierIds: number[]): Promise<Map<number, EventRow[]>> {
  const { rows } = await sql<EventRow & { dossier_id: number }>`
    select dossier_id, id, seq, action, from_status, to_status, at, due_date::text as due_date, due_at
    from dossier_event where dossier_id = any(${dossierIds}::bigint[]) order by dossier_id, seq`.execute(em.getKysely());
  const histories = new Map<number, EventRow[]>();
  for (const { dossier_id, ...e } of rows) {
    // The driver may hand timestamps over as text: instants are Dates from here on.
    const event = { ...e, at: new Date(e.at), due_at: e.due_at === null ? null : new Date(e.due_at) };
    const id = Number(dossier_id);
    const history = histories.get(id);
    if (history) history.push(event);
    else histories.set(id, [event]);
  }
  return histories;
}

async function recomputeOne(
  em: EntityManager,
  dossier: DossierRow,
  events: EventRow[],
  rules: DeadlineRules,
): Promise<'changed' | 'unchanged' | 'skipped'> {
  const recorded = dossier.processing_time_unit && dossier.processing_time_value !== null
    ? { value: dossier.processing_time_value, unit: dossier.processing_time_unit }
    : rules.time;
  const ctx = { time: recorded, calendar: rules.calendar };
  const states = replay(events, dossier, ctx);
  if (!states) return 'skipped';
  const changedSeqs = events.filter((e, i) => e.due_date !== states[i]!.dueDate || !sameInstant(e.due_at, states[i]!.dueAt));
  const key = { unitId: dossier.unit_id, procedureId: dossier.procedure_id, channel: dossier.channel };
  const before = events.map((e) => ({ dueDate: e.due_date, dueAt: e.due_at }));
  const after = states.map((s) => ({ dueDate: s.dueDate, dueAt: s.dueAt }));
  const last = states[states.length - 1]!;
  const resolutionChanged = await reviseServiceIndex(em, key, dossier, events, before, after, last);
  if (changedSeqs.length === 0 && !resolutionChanged) return 'unchanged';

  await applyDeltas(em.getKysely(), key, difference(deltasOf(events, before, dossier), deltasOf(events, after, dossier)));

  await sql`set local motcua.deadline_recompute = 'on'`.execute(em.getKysely());
  for (const e of changedSeqs) {
    const s = states[events.indexOf(e)]!;
    await sql`update dossier_event set due_date = ${s.dueDate}::date, due_at = ${s.dueAt} where id = ${e.id}`.execute(em.getKysely());
  }
  await sql`set local motcua.deadline_recompute = 'off'`.execute(em.getKysely());
  await sql`update dossier set due_date = ${last.dueDate}::date, due_at = ${last.dueAt}, paused_working_days = ${last.pausedWorkingDays},
    resolution_working_days = ${last.resolutionWorkingDays} where id = ${dossier.id}`.execute(em.getKysely());
  return 'changed';
}

/** The service index's counters of the dossier's resolution, if any, under the new dates and working days (see reviseResolution). */
async function reviseServiceIndex(
  em: EntityManager,
  key: ServiceIndexKey,
  dossier: DossierRow,
  events: EventRow[],
  before: { dueDate: string | null; dueAt: Date | null }[],
  after: { dueDate: string | null; dueAt: Date | null }[],
  last: LifecycleState,
): Promise<boolean> {
  const i = events.findIndex((e) => e.action === DossierAction.RESOLVE);
  if (i <= 0) return false;
  return reviseResolution(
    em.getKysely(),
    key,
    { at: events[i]!.at, receivedAt: new Date(dossier.received_at), delayReason: dossier.delay_reason },
    { previousDueDate: before[i - 1]!.dueDate, previousDueAt: before[i - 1]!.dueAt, resolutionWorkingDays: dossier.resolution_working_days },
    { previousDueDate: after[i - 1]!.dueDate, previousDueAt: after[i - 1]!.dueAt, resolutionWorkingDays: last.resolutionWorkingDays },
  );
}

/** The state after each event, or null when the lifecycle refuses a step under the current rules. */
function replay(events: EventRow[], dossier: DossierRow, ctx: Parameters<typeof applyAction>[2]): LifecycleState[] | null {
  const first = events[0];
  if (!first) return null;
  try {
    let state = initialState(first.to_status === DossierStatus.SUBMITTED, first.at, ctx);
    const states = [state];
    for (const e of events.slice(1)) {
      if (e.action === DossierAction.EXTEND_DEADLINE) {
        // The promised date is a fact of history, not derived from the calendar: it is kept as given.
        state = { ...state, extendedDueDate: dossier.extended_due_date };
      } else if (e.action !== null) {
        state = applyAction(state, { action: e.action, at: e.at, outcome: dossier.outcome }, ctx).state;
      }
      states.push(state);
    }
    return states;
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
}

function deltasOf(events: EventRow[], due: { dueDate: string | null; dueAt: Date | null }[], dossier: DossierRow): DayDelta[] {
  return events.flatMap((e, i) => {
    const event: StatisticsEvent = {
      fromStatus: e.from_status,
      toStatus: e.to_status,
      previousDueDate: i > 0 ? due[i - 1]!.dueDate : null,
      previousDueAt: i > 0 ? due[i - 1]!.dueAt : null,
      dueDate: due[i]!.dueDate,
      at: e.at,
      channel: dossier.channel,
      onlineLevel: dossier.online_level,
    };
    return deltasOfEvent(event);
  });
}

/** `after - before`, merged by day, without the days where nothing changes. */
function difference(before: DayDelta[], after: DayDelta[]): DayDelta[] {
  const byDay = new Map<LocalDate, AggregateCounts>();
  const add = (deltas: DayDelta[], sign: number) => {
    for (const { day, counts } of deltas) {
      const signed = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, sign * v])) as AggregateCounts;
      byDay.set(day, addCounts(byDay.get(day) ?? zeroCounts(), signed));
    }
  };
  add(before, -1);
  add(after, 1);
  return [...byDay.entries()]
    .filter(([, counts]) => Object.values(counts).some((n) => n !== 0))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, counts]) => ({ day, counts }));
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  return a === null || b === null ? a === b : a.getTime() === b.getTime();
}
