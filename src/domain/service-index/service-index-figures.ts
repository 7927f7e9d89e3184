import { rate, type StatisticsFigures } from '../statistics/statistics-figures.js';
import { DelayReason } from '../vocabulary/delay-reason.js';
import { LATE_COLUMNS, zeroServiceCounts, type ServiceIndexCounts } from './service-index-counts.js';

/** Late resolutions of one reason; reason null: late with no reason recorded. */
export interface LateReasonCount {
  reason: DelayReason | null;
  count: number;
}

/** What the procedure catalogue offers a scope, and how much of it was used online in the period. */
export interface CatalogueFigures {
  proceduresOffered: number;
  proceduresOfferedOnline: number;
  proceduresOfferedFull: number;
  /** Null where not counted (rows by day). */
  proceduresUsedOnline: number | null;
}

/**
 * The indicators of Decision 766 of one row (docs/statistics.md, "Service index"): the statistics'
 * flows and rates they build on, and the service index's own. Rates are fractions 0..1 and
 * averages plain numbers, null when their denominator is 0; catalogue figures are null where a
 * row has no catalogue of its own (rows by channel).
 */
export interface ServiceIndexFigures {
  received: number;
  receivedOnline: number;
  onlineRate: number | null;
  resolved: number;
  resolvedLate: number;
  onTimeRate: number | null;
  progressScore: number | null;
  averageResolutionDays: number | null;
  averageResolutionWorkingDays: number | null;
  resolutionsTimed: number;
  lateReasons: LateReasonCount[];
  apologies: number;
  paymentsOnline: number;
  paymentsOnlineAmount: number;
  paymentsCash: number;
  paymentsCashAmount: number;
  onlinePaymentRate: number | null;
  ratings: number;
  averageStars: number | null;
  satisfiedRate: number | null;
  receivedDigitized: number;
  digitizationRate: number | null;
  documentsDigitized: number;
  documentsReused: number;
  reuseRate: number | null;
  resolvedWithElectronicResult: number;
  electronicResultRate: number | null;
  proceduresOffered: number | null;
  proceduresOfferedOnline: number | null;
  proceduresOfferedFull: number | null;
  proceduresUsedOnline: number | null;
  onlineOfferRate: number | null;
  onlineUseRate: number | null;
}

const REASONS: readonly (DelayReason | 'UNRECORDED')[] = [...Object.values(DelayReason), 'UNRECORDED'];

/** The row's indicators from the statistics row, the summed counters and the catalogue (null: none for this row). */
export function serviceIndexFiguresOf(
  statistics: StatisticsFigures,
  counts: ServiceIndexCounts = zeroServiceCounts(),
  catalogue: CatalogueFigures | null = null,
): ServiceIndexFigures {
  const paid = counts.paid_online + counts.paid_cash;
  return {
    received: statistics.received,
    receivedOnline: statistics.receivedOnline,
    onlineRate: statistics.onlineRate,
    resolved: statistics.resolved,
    resolvedLate: statistics.resolvedLate,
    onTimeRate: statistics.onTimeRate,
    progressScore: statistics.progressScore,
    averageResolutionDays: rate(counts.resolution_calendar_days, counts.resolutions),
    averageResolutionWorkingDays: rate(counts.resolution_working_days, counts.resolutions_timed),
    resolutionsTimed: counts.resolutions_timed,
    lateReasons: REASONS.map((r) => ({ reason: r === 'UNRECORDED' ? null : r, count: counts[LATE_COLUMNS[r]]! }))
      .filter((r) => r.count > 0)
      .sort((a, b) => b.count - a.count),
    apologies: counts.apologies,
    paymentsOnline: counts.paid_online,
    paymentsOnlineAmount: counts.paid_online_amount,
    paymentsCash: counts.paid_cash,
    paymentsCashAmount: counts.paid_cash_amount,
    onlinePaymentRate: rate(counts.paid_online, paid),
    ratings: counts.ratings,
    averageStars: rate(counts.rating_stars, counts.ratings),
    satisfiedRate: rate(counts.ratings_satisfied, counts.ratings),
    receivedDigitized: counts.received_digitized,
    digitizationRate: rate(counts.received_digitized, statistics.received),
    documentsDigitized: counts.documents_digitized,
    documentsReused: counts.documents_reused,
    reuseRate: rate(counts.documents_reused, counts.documents_digitized + counts.documents_reused),
    resolvedWithElectronicResult: counts.electronic_results,
    electronicResultRate: rate(counts.electronic_results, statistics.resolved),
    proceduresOffered: catalogue?.proceduresOffered ?? null,
    proceduresOfferedOnline: catalogue?.proceduresOfferedOnline ?? null,
    proceduresOfferedFull: catalogue?.proceduresOfferedFull ?? null,
    proceduresUsedOnline: catalogue?.proceduresUsedOnline ?? null,
    onlineOfferRate: catalogue ? rate(catalogue.proceduresOfferedOnline, catalogue.proceduresOffered) : null,
    onlineUseRate: catalogue && catalogue.proceduresUsedOnline !== null ? rate(catalogue.proceduresUsedOnline, catalogue.proceduresOfferedOnline) : null,
  };
}
