import { finishedOf, receivedOf, zeroCounts, addCounts, type AggregateCounts } from './aggregate-counts.js';
import type { AggregateSum } from './statistics-reader.js';

/** The figures of one statistics row (contract: StatisticsRow, without key and label). */
export interface StatisticsFigures {
  received: number;
  receivedOnline: number;
  receivedInPerson: number;
  receivedPostal: number;
  carriedOver: number;
  resolved: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  withdrawn: number;
  inProgress: number;
  inProgressOnTime: number;
  inProgressOverdue: number;
  onTimeRate: number | null;
  onlineRate: number | null;
  fullOnlineRate: number | null;
  partialOnlineRate: number | null;
  progressScore: number | null;
}

/** A fraction 0..1, or null when there is nothing to divide by (DOMAIN.md: rates are null then). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The figures of a period from its stocks and flows (DOMAIN.md, "Statistics"): `carriedOver` open
 * at its start, `flows` summed over its days, `overdueAtEnd` the overdue stock at the end of its
 * last day.
 */
export function figuresOf(carriedOver: number, flows: AggregateCounts, overdueAtEnd: number): StatisticsFigures {
  const received = receivedOf(flows);
  const resolved = flows.resolvedEarly + flows.resolvedOnTime + flows.resolvedLate;
  const inProgress = carriedOver + received - finishedOf(flows);
  return {
    received,
    receivedOnline: flows.receivedOnline,
    receivedInPerson: flows.receivedInPerson,
    receivedPostal: flows.receivedPostal,
    carriedOver,
    resolved,
    resolvedEarly: flows.resolvedEarly,
    resolvedOnTime: flows.resolvedOnTime,
    resolvedLate: flows.resolvedLate,
    withdrawn: flows.withdrawn,
    inProgress,
    inProgressOnTime: inProgress - overdueAtEnd,
    inProgressOverdue: overdueAtEnd,
    onTimeRate: rate(flows.resolvedEarly + flows.resolvedOnTime, resolved),
    onlineRate: rate(flows.receivedOnline, received),
    fullOnlineRate: rate(flows.receivedFullOnline, flows.receivedFull),
    partialOnlineRate: rate(flows.receivedPartialOnline, flows.receivedPartial),
    progressScore: rate(flows.resolvedEarly + flows.resolvedOnTime + inProgress - overdueAtEnd, received + carriedOver),
  };
}

/** True when a row has nothing to show (no dossier received, carried, finished or open). */
export function isEmpty(f: StatisticsFigures): boolean {
  return f.received === 0 && f.carriedOver === 0 && f.resolved === 0 && f.withdrawn === 0 && f.inProgress === 0;
}

/** The open stock's change over some days: received - resolved - withdrawn. */
function netOpen(c: AggregateCounts): number {
  return receivedOf(c) - finishedOf(c);
}

interface KeyedSums {
  name: string | null;
  before: AggregateCounts;
  in: Map<string, AggregateCounts>;
}

function byKey(sums: readonly AggregateSum[]): Map<string, KeyedSums> {
  const keyed = new Map<string, KeyedSums>();
  for (const s of sums) {
    let entry = keyed.get(s.key);
    if (!entry) keyed.set(s.key, (entry = { name: s.name, before: zeroCounts(), in: new Map() }));
    if (s.part === 'before') addCounts(entry.before, s.counts);
    else entry.in.set(s.sub, addCounts(entry.in.get(s.sub) ?? zeroCounts(), s.counts));
  }
  return keyed;
}

/** One period, rows by key: the figures of every key the sums mention. */
export function figuresByKey(sums: readonly AggregateSum[]): Map<string, { name: string | null; figures: StatisticsFigures }> {
  const result = new Map<string, { name: string | null; figures: StatisticsFigures }>();
  for (const [key, s] of byKey(sums)) {
    const flows = [...s.in.values()].reduce(addCounts, zeroCounts());
    result.set(key, { name: s.name, figures: figuresOf(netOpen(s.before), flows, s.before.overdueDelta + flows.overdueDelta) });
  }
  return result;
}

/**
 * Consecutive sub-periods (days or months, in order), each with its own figures: what one
 * sub-period leaves in progress is what the next one carries over.
 */
export function figuresBySubPeriod(sums: readonly AggregateSum[], subPeriods: readonly string[]): StatisticsFigures[] {
  const all = byKey(sums).values().next().value as KeyedSums | undefined;
  let open = all ? netOpen(all.before) : 0;
  let overdue = all ? all.before.overdueDelta : 0;
  return subPeriods.map((sub) => {
    const flows = all?.in.get(sub) ?? zeroCounts();
    overdue += flows.overdueDelta;
    const figures = figuresOf(open, flows, overdue);
    open = figures.inProgress;
    return figures;
  });
}
