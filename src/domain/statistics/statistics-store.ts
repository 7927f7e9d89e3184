/**
 * Statistics aggregates: how the figures of DOMAIN.md come out exact, never stale, and fast at
 * province scale without scanning dossiers.
 *
 * Model (statistics-deltas.ts): every figure of a period [from, to] is a sum of additive per-day
 * counters: flows over the period's days (received by channel and by the procedure's online level,
 * resolved by timeliness, withdrawn) and stocks as sums over all days up to a day (the open stock
 * changes by received - resolved - withdrawn each day; the overdue stock by `overdue_delta`):
 *   carriedOver       = sum over d <  from of (received - resolved - withdrawn)
 *   inProgress        = carriedOver + received - resolved - withdrawn          (end of `to`)
 *   inProgressOverdue = sum over d <= to of overdue_delta
 *
 * Tables (migrations/Migration20251201000000Statistics.ts), all with the same counter columns:
 *   statistics_unit_daily        (unit_id, day, channel)         NONE, UNIT, CHANNEL, DAY, MONTH
 *   statistics_unit_monthly      (unit_id, month, channel)       the same, a row per month
 *   statistics_procedure_daily   (unit_id, day, procedure_id)    FIELD, PROCEDURE
 *   statistics_procedure_monthly (unit_id, month, procedure_id)  the same, a row per month
 * A request reads whole months from the monthly rollups and only the ragged ends from the daily
 * rows (statistics-period.ts), so a one-year province query reads about (units x channels) x
 * (months of history) rows, a few thousand, whatever the number of dossiers. The field comes from
 * the procedure by a join at query time (the catalogue as it is); the online level is the one
 * recorded on the dossier when it was received (dossier.online_level: what the citizen could use
 * then), by the listener and the rebuild alike.
 *
 * Writes: `applyDeltas` runs in the transaction of every dossier change (StatisticsListener, via
 * DossierRecorder: intake, actions and imports alike, so backdated imports land on their past
 * days): one call of the PL/pgSQL function statistics_apply_deltas (defined by the migration, so
 * that its upserts are planned once per connection) that upserts the event's few day rows (the
 * event's day, and the days its overdue tail starts or ends) into the four tables. The request
 * that changed a dossier returns after the commit, so figures are never stale. A transaction-level
 * advisory lock per unit orders concurrent writers of one unit (an import transaction touches
 * several days in history order; without it two imports could lock the same rows in opposite
 * orders and deadlock); the rows of the current day and month are contended by every change of a
 * unit anyway. Counters are derived data: `rebuildStatistics` (statistics-rebuild.ts) recomputes
 * them from the dossier tables with the same rules in SQL, e.g. after a bulk load that bypassed the
 * application. Rows whose counters all went back to zero are harmless and are left in place.
 */
import type { Kysely } from 'kysely';
import { sql, type RawBuilder } from 'kysely';
import type { Channel } from '../vocabulary/dossier-enums.js';
import { AGGREGATE_COLUMNS, AGGREGATE_COUNTERS } from './aggregate-counts.js';
import type { DayDelta } from './statistics-deltas.js';

export type AggregateSource = 'unit' | 'procedure';

export const AGGREGATE_TABLES = {
  unit: { daily: 'statistics_unit_daily', monthly: 'statistics_unit_monthly', dimension: 'channel' },
  procedure: { daily: 'statistics_procedure_daily', monthly: 'statistics_procedure_monthly', dimension: 'procedure_id' },
} as const;

/** Counter column names, in AGGREGATE_COUNTERS order (constants: safe to splice into SQL). */
export const COUNTER_COLUMNS: readonly string[] = AGGREGATE_COUNTERS.map((c) => AGGREGATE_COLUMNS[c]);

export const columnList = (prefix = ''): string => COUNTER_COLUMNS.map((c) => `${prefix}"${c}"`).join(', ');
export const sumList = (prefix = ''): string => COUNTER_COLUMNS.map((c) => `sum(${prefix}"${c}")`).join(', ');

interface AggregateKey {
  unitId: number;
  procedureId: number;
  channel: Channel;
}

/**
 * Adds one event's day deltas to the four aggregate tables, in the caller's transaction, through
 * statistics_apply_deltas (the migration): counters in AGGREGATE_COUNTERS order, one row per day.
 */
export async function applyDeltas(db: Kysely<any>, key: AggregateKey, deltas: readonly DayDelta[]): Promise<void> {
  await applyDeltasQuery(key, deltas)?.execute(db);
}

/** The select that applies the deltas (null when there are none), to run alone or inside a larger statement. */
export function applyDeltasQuery(key: AggregateKey, deltas: readonly DayDelta[]): RawBuilder<unknown> | null {
  if (deltas.length === 0) return null;
  const days = deltas.map((d) => d.day);
  const counts = deltas.map((d) => AGGREGATE_COUNTERS.map((c) => d.counts[c]));
  return sql`select statistics_apply_deltas(${key.unitId}::bigint, ${key.procedureId}::bigint, ${key.channel}::text, ${days}::date[], ${counts}::int[])`;
}
