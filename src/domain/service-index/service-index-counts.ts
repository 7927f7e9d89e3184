import { DelayReason } from '../vocabulary/delay-reason.js';

/** The late-resolution counter of each recorded reason, and of late resolutions without one. */
export const LATE_COLUMNS: Readonly<Record<DelayReason | 'UNRECORDED', string>> = {
  ...(Object.fromEntries(Object.values(DelayReason).map((r) => [r, `late_${r.toLowerCase()}`])) as Record<DelayReason, string>),
  UNRECORDED: 'late_unrecorded',
};

/**
 * The additive counters of the service index (Decision 766), one column each in the tables
 * service_index_daily / service_index_monthly, keyed by (unit, procedure, channel, day or month).
 * Each is a flow counted on one day: resolutions and their times on the RESOLVE day, apologies on
 * the EXTEND_DEADLINE day, payments on the day they were paid, ratings on the day they were given,
 * documents on the day digitized, electronic results on the day issued, and a dossier with
 * digitized documents on the day it was received.
 * Being sums, they roll up from days to months, from procedures to fields and from communes to a
 * province. Their meaning and the indicators built from them: docs/statistics.md, "Service index".
 */
export const SERVICE_INDEX_COLUMNS = [
  /** RESOLVE events (the dossiers resolved that day). */
  'resolutions',
  /** Sum over them of resolution date - receipt date, in calendar days. */
  'resolution_calendar_days',
  /** Those with a recorded working-day time (dossier.resolution_working_days)... */
  'resolutions_timed',
  /** ... and the sum of those times, in working days. */
  'resolution_working_days',
  /** Late resolutions, by the reason recorded on the apology or the late RESOLVE. */
  ...Object.values(LATE_COLUMNS),
  /** EXTEND_DEADLINE events: apology letters (phiếu xin lỗi) issued. */
  'apologies',
  /** Payment requests paid online (through the payment platform) and their amounts in VND... */
  'paid_online',
  'paid_online_amount',
  /** ... and those paid in cash at the counter. */
  'paid_cash',
  'paid_cash_amount',
  /** Citizens' ratings, their stars summed, and those of 4 or 5 stars (satisfied). */
  'ratings',
  'rating_stars',
  'ratings_satisfied',
  /** Dossiers with at least one digitized document, counted once each on the day they were received. */
  'received_digitized',
  /** Documents digitized (scanned) and reused from another dossier of the same citizen, on that day. */
  'documents_digitized',
  'documents_reused',
  /** Electronic results issued (at RESOLVE), on the day issued. */
  'electronic_results',
] as const;

export type ServiceIndexColumn = (typeof SERVICE_INDEX_COLUMNS)[number];
export type ServiceIndexCounts = Record<ServiceIndexColumn, number>;

export function zeroServiceCounts(): ServiceIndexCounts {
  return Object.fromEntries(SERVICE_INDEX_COLUMNS.map((c) => [c, 0])) as ServiceIndexCounts;
}

/** Adds `b` into `a` (mutates and returns `a`). */
export function addServiceCounts(a: ServiceIndexCounts, b: Partial<ServiceIndexCounts>): ServiceIndexCounts {
  for (const c of SERVICE_INDEX_COLUMNS) a[c] += b[c] ?? 0;
  return a;
}

/** A rating counts as satisfied from this many stars (hài lòng, rất hài lòng). */
export const SATISFIED_STARS = 4;
