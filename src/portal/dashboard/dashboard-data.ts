import { requireCapability } from '../../domain/access/access-policy.js';
import type { Actor } from '../../domain/access/actor.js';
import { DomainError } from '../../domain/errors.js';
import { StatisticsGrouping as G } from '../../domain/statistics/statistics-grouping.js';
import type { StatisticsRow, StatisticsService } from '../../domain/statistics/statistics.service.js';
import type { ServiceIndexRow, ServiceIndexService } from '../../domain/service-index/service-index.service.js';
import { monthOf, type LocalDate } from '../../domain/time/local-time.js';

/** What the dashboard page asks for; each part may be left out (see `periodOf`). */
export interface DashboardQuery {
  unitCode?: string | null;
  from?: string | null;
  to?: string | null;
}

/** The headline figures of the whole period (the NONE row of Query.statistics). */
export type DashboardSummary = Omit<StatisticsRow, 'key' | 'name'>;

export interface DashboardMonth {
  /** YYYY-MM */
  month: string;
  received: number;
  receivedOnline: number;
  resolved: number;
  resolvedLate: number;
  onTimeRate: number | null;
  onlineRate: number | null;
  progressScore: number | null;
}

export interface DashboardUnit {
  code: string;
  name: string | null;
  received: number;
  resolved: number;
  inProgressOverdue: number;
  onTimeRate: number | null;
  progressScore: number | null;
}

export interface DashboardField {
  code: string;
  name: string | null;
  resolvedLate: number;
  inProgressOverdue: number;
  /** Late resolutions plus overdue in progress: what the field is ranked by. */
  late: number;
}

/** The Decision 766 indicators of the whole period beyond the statistics (the NONE row of Query.serviceIndex). */
export type DashboardIndex = Pick<ServiceIndexRow,
  'averageResolutionDays' | 'averageResolutionWorkingDays' | 'resolutionsTimed' | 'lateReasons' | 'apologies' | 'paymentsOnline' | 'paymentsCash'
  | 'onlinePaymentRate' | 'ratings' | 'averageStars' | 'satisfiedRate' | 'proceduresOfferedOnline' | 'proceduresUsedOnline' | 'onlineUseRate'>;

/** Everything the dashboard page draws: one document, so that the page makes one request. */
export interface DashboardData {
  unit: { code: string; name: string };
  from: LocalDate;
  to: LocalDate;
  summary: DashboardSummary;
  index: DashboardIndex;
  trend: DashboardMonth[];
  /** Units of the scope with dossiers in the period, best progress score first. */
  units: DashboardUnit[];
  /** Units of the scope with no dossier in the period (not ranked). */
  unitsWithoutDossiers: number;
  /** Fields with late dossiers, most first. */
  lateByField: DashboardField[];
}

/** How many months the dashboard shows when the page does not say: this one and the eleven before. */
export const DEFAULT_MONTHS = 12;

/**
 * The dashboard's figures, read through the services of Query.statistics and Query.serviceIndex
 * (same scope rules, same aggregates, same formulas), so the page can never disagree with the API
 * or the CSV export.
 */
export async function dashboardData(
  { statistics, serviceIndex }: { statistics: StatisticsService; serviceIndex: ServiceIndexService },
  actor: Actor,
  query: DashboardQuery,
  today: LocalDate,
): Promise<DashboardData> {
  // Who may not read statistics is told so before anything about the request itself.
  requireCapability(actor, 'readStatistics');
  const unitCode = query.unitCode || actor.unitCode;
  if (!unitCode) throw new DomainError('BAD_USER_INPUT', ['unitCode'], { reason: 'PARAMETER_REQUIRED', name: 'unitCode' });
  const { from, to } = periodOf(query, today);
  const report = (groupBy: G) => statistics.report(actor, { unitCode, from, to, groupBy });
  // The first report checks scope and period before the other three run.
  const all = await report(G.NONE);
  const [byMonth, byUnit, byField, indicators] = await Promise.all([
    report(G.MONTH), report(G.UNIT), report(G.FIELD), serviceIndex.report(actor, { unitCode, from, to, groupBy: G.NONE }),
  ]);
  const { key: _key, name: _name, ...summary } = all.rows[0]!;
  const active = byUnit.rows.filter(hasDossiers);
  return {
    unit: all.unit,
    from,
    to,
    summary,
    index: indexOf(indicators.rows[0]!),
    trend: byMonth.rows.map(monthOfRow),
    units: active.map(unitOfRow).sort(byProgress),
    unitsWithoutDossiers: byUnit.rows.length - active.length,
    lateByField: byField.rows.map(fieldOfRow).filter((f) => f.late > 0).sort((a, b) => b.late - a.late || a.code.localeCompare(b.code)),
  };
}

/** The period asked for, or the last DEFAULT_MONTHS months up to today; checked by the statistics service. */
export function periodOf(query: DashboardQuery, today: LocalDate): { from: string; to: string } {
  const to = query.to || today;
  if (query.from) return { from: query.from, to };
  const [year, month] = monthOf(today).split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - (DEFAULT_MONTHS - 1);
  const first = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return { from: first, to };
}

function indexOf(row: ServiceIndexRow): DashboardIndex {
  const { averageResolutionDays, averageResolutionWorkingDays, resolutionsTimed, lateReasons, apologies, paymentsOnline, paymentsCash,
    onlinePaymentRate, ratings, averageStars, satisfiedRate, proceduresOfferedOnline, proceduresUsedOnline, onlineUseRate } = row;
  return { averageResolutionDays, averageResolutionWorkingDays, resolutionsTimed, lateReasons, apologies, paymentsOnline, paymentsCash,
    onlinePaymentRate, ratings, averageStars, satisfiedRate, proceduresOfferedOnline, proceduresUsedOnline, onlineUseRate };
}

function hasDossiers(row: StatisticsRow): boolean {
  return row.received + row.carriedOver > 0;
}

function monthOfRow(row: StatisticsRow): DashboardMonth {
  const { received, receivedOnline, resolved, resolvedLate, onTimeRate, onlineRate, progressScore } = row;
  return { month: row.key, received, receivedOnline, resolved, resolvedLate, onTimeRate, onlineRate, progressScore };
}

function unitOfRow(row: StatisticsRow): DashboardUnit {
  const { received, resolved, inProgressOverdue, onTimeRate, progressScore } = row;
  return { code: row.key, name: row.name, received, resolved, inProgressOverdue, onTimeRate, progressScore };
}

function fieldOfRow(row: StatisticsRow): DashboardField {
  return { code: row.key, name: row.name, resolvedLate: row.resolvedLate, inProgressOverdue: row.inProgressOverdue, late: row.resolvedLate + row.inProgressOverdue };
}

/** Best progress score first; a unit with no score yet (nothing resolved or due) after those with one. */
function byProgress(a: DashboardUnit, b: DashboardUnit): number {
  const score = (u: DashboardUnit) => u.progressScore ?? -1;
  return score(b) - score(a) || (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) || a.code.localeCompare(b.code);
}
