/**
 * The additive counters every statistics aggregate row carries, one database column each. They
 * are chosen so that every figure of a statistics row is a sum of them over some days (see
 * statistics-store.ts): flows (received, resolved, withdrawn) and the daily change of the overdue
 * stock. Being plain sums, they roll up from days to months and from communes to a province.
 */
export const AGGREGATE_COLUMNS = {
  receivedOnline: 'received_online',
  receivedInPerson: 'received_in_person',
  receivedPostal: 'received_postal',
  /** Received for a procedure that was FULL (toàn trình) when the dossier was received... */
  receivedFull: 'received_full',
  /** ... and of those, received online. */
  receivedFullOnline: 'received_full_online',
  receivedPartial: 'received_partial',
  receivedPartialOnline: 'received_partial_online',
  resolvedEarly: 'resolved_early',
  resolvedOnTime: 'resolved_on_time',
  resolvedLate: 'resolved_late',
  /** Withdrawals that finished an unfinished dossier. */
  withdrawn: 'withdrawn',
  /** Dossiers entering the overdue stock that day minus those leaving it (see statistics-deltas.ts). */
  overdueDelta: 'overdue_delta',
} as const;

export type AggregateCounter = keyof typeof AGGREGATE_COLUMNS;
export type AggregateCounts = Record<AggregateCounter, number>;

export const AGGREGATE_COUNTERS = Object.keys(AGGREGATE_COLUMNS) as AggregateCounter[];

export function zeroCounts(): AggregateCounts {
  return Object.fromEntries(AGGREGATE_COUNTERS.map((c) => [c, 0])) as AggregateCounts;
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addCounts(a: AggregateCounts, b: Partial<AggregateCounts>): AggregateCounts {
  for (const c of AGGREGATE_COUNTERS) a[c] += b[c] ?? 0;
  return a;
}

export function receivedOf(c: AggregateCounts): number {
  return c.receivedOnline + c.receivedInPerson + c.receivedPostal;
}

export function finishedOf(c: AggregateCounts): number {
  return c.resolvedEarly + c.resolvedOnTime + c.resolvedLate + c.withdrawn;
}
