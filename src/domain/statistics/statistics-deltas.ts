/**
 * What one dossier event contributes to the statistics aggregates: the pure model behind them.
 *
 * DOMAIN.md ("Statistics") counts, for a period [from, to], flows (received, resolved by
 * timeliness, withdrawn) and stocks (carried over = unfinished at the end of from - 1; in progress
 * = unfinished at the end of `to`, split by overdue). A stock at the end of day X is a sum over all
 * days d <= X of that stock's daily change, so flows and stock changes are kept as per-day
 * counters, and every figure becomes a sum of counters over ranges of days:
 *
 * - a dossier is *open* (unfinished) from its receipt date r to the day before its finish date f
 *   (f = the RESOLVE or WITHDRAW date, whichever came first); the open stock changes by
 *   received(d) - resolved(d) - withdrawn(d), so no separate counter is needed for it;
 * - a dossier is *overdue at the end of day X* when it is open then and the statutory due date
 *   it had at the end of X is before X. Which due date: the one recorded by its last event on or
 *   before X (dossier_event.due_date), i.e. the due date the dossier's own `timeliness` was judged
 *   by on that day. So a resume that moves the due date forward changes the figures of periods
 *   ending after the resume only, a period already reported keeps its figures, and "in progress
 *   overdue" of a period ending today equals the dossiers whose timeliness is IN_PROGRESS_OVERDUE
 *   now (the `overdue: true` list filter). A pause running at the end of X has not moved the date
 *   yet (DOMAIN.md moves it on resume), so a dossier whose date passed during a pause counts as
 *   overdue in periods ending during that pause, exactly as its timeliness says on those days.
 *
 * Events are appended in chronological order, so each event only changes the dossier's days from
 * its own date s onwards, where the contribution before the event was "overdue from
 * max(previousDue + 1, s) on, while open": the event takes that tail back (-1 on that day) and
 * puts the new one (+1 on max(dueDate + 1, s)) if the dossier is still open. A receipt adds the
 * first tail; a finish takes the last one back. Days may lie in the future (the due date + 1 of an
 * open dossier): a stock at a future day X then reads as "if nothing changes until X".
 *
 * A withdrawal after RESOLVE (the applicant gives up collecting the result) finishes nothing: the
 * dossier stays counted as resolved, so that resolved and withdrawn never count one dossier twice
 * and inProgress = received + carriedOver - resolved - withdrawn holds.
 *
 * The same rules are written in SQL in statistics-rebuild.ts; a test checks that both agree.
 */
import { Channel, DossierStatus, Timeliness, UNFINISHED_STATUSES } from '../vocabulary/dossier-enums.js';
import { resolutionTimeliness } from '../dossier/timeliness.js';
import { OnlineLevel } from '../procedure/procedure-enums.js';
import { addDays, localDateOf, maxDate, type LocalDate } from '../time/local-time.js';
import { addCounts, zeroCounts, type AggregateCounter, type AggregateCounts } from './aggregate-counts.js';

/** One history event of a dossier, with what statistics need of the dossier. */
export interface StatisticsEvent {
  /** Status before the event; null for the event that created the dossier. */
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  /** Statutory due date before the event (null before receipt). */
  previousDueDate: LocalDate | null;
  /** Statutory due date after the event. */
  dueDate: LocalDate | null;
  /** The instant it was due before the event, for times counted within the day (null otherwise). */
  previousDueAt?: Date | null;
  at: Date;
  channel: Channel;
  /** The online level recorded on the dossier at receipt (dossier.online_level; used at receipt). */
  onlineLevel: OnlineLevel;
}

export interface DayDelta {
  day: LocalDate;
  counts: AggregateCounts;
}

const RECEIVED_BY_CHANNEL: Readonly<Record<Channel, AggregateCounter>> = {
  [Channel.ONLINE]: 'receivedOnline',
  [Channel.IN_PERSON]: 'receivedInPerson',
  [Channel.POSTAL]: 'receivedPostal',
};

function isOpenStatus(status: DossierStatus | null): boolean {
  return status !== null && UNFINISHED_STATUSES.has(status);
}

const RESOLVED_COUNTER: Partial<Record<Timeliness, AggregateCounter>> = {
  [Timeliness.EARLY]: 'resolvedEarly',
  [Timeliness.ON_TIME]: 'resolvedOnTime',
  [Timeliness.LATE]: 'resolvedLate',
};

/** The first day a dossier with this due date can be overdue on, counting from `day`. */
function overdueFrom(dueDate: LocalDate | null, day: LocalDate): LocalDate {
  return dueDate === null ? day : maxDate(addDays(dueDate, 1), day);
}

/** The per-day counter changes of one event, merged by day, in day order; empty when nothing changes. */
export function deltasOfEvent(event: StatisticsEvent): DayDelta[] {
  const day = localDateOf(event.at);
  const wasOpen = isOpenStatus(event.fromStatus);
  const isOpen = isOpenStatus(event.toStatus);
  const changes: Array<[LocalDate, Partial<AggregateCounts>]> = [];

  if (!wasOpen && isOpen) changes.push([day, receivedCounts(event)]);
  if (wasOpen && !isOpen) {
    const counter: AggregateCounter = event.toStatus === DossierStatus.WITHDRAWN
      ? 'withdrawn'
      : RESOLVED_COUNTER[resolutionTimeliness(event.at, event.previousDueDate, event.previousDueAt ?? null)]!;
    changes.push([day, { [counter]: 1 }]);
  }
  if (wasOpen) changes.push([overdueFrom(event.previousDueDate, day), { overdueDelta: -1 }]);
  if (isOpen) changes.push([overdueFrom(event.dueDate, day), { overdueDelta: 1 }]);

  const byDay = new Map<LocalDate, AggregateCounts>();
  for (const [d, counts] of changes) byDay.set(d, addCounts(byDay.get(d) ?? zeroCounts(), counts));
  return [...byDay.entries()]
    .filter(([, counts]) => Object.values(counts).some((n) => n !== 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([d, counts]) => ({ day: d, counts }));
}

function receivedCounts(event: StatisticsEvent): Partial<AggregateCounts> {
  const online = event.channel === Channel.ONLINE ? 1 : 0;
  const counts: Partial<AggregateCounts> = { [RECEIVED_BY_CHANNEL[event.channel]]: 1 };
  if (event.onlineLevel === OnlineLevel.FULL) Object.assign(counts, { receivedFull: 1, receivedFullOnline: online });
  if (event.onlineLevel === OnlineLevel.PARTIAL) Object.assign(counts, { receivedPartial: 1, receivedPartialOnline: online });
  return counts;
}
