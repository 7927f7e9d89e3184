import { SERVICE_INDEX_TABLE_NAMES } from '../../src/domain/service-index/service-index-store.js';
import { rebuildStatistics } from '../../src/domain/statistics/statistics-rebuild.js';
import { dataOf, type TestApp } from './test-app.js';

const STATISTICS = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  statistics(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) {
    key label received receivedOnline receivedInPerson receivedPostal carriedOver
    resolved resolvedEarly resolvedOnTime resolvedLate withdrawn inProgress inProgressOnTime inProgressOverdue
    onTimeRate onlineRate fullOnlineRate partialOnlineRate progressScore
  }
}`;

export interface StatisticsArgs {
  unitCode: string;
  from: string;
  to: string;
  groupBy?: string;
}

/** The rows of Query.statistics, failing the test on errors. */
export async function statisticsRows(t: TestApp, token: string, args: StatisticsArgs): Promise<Record<string, unknown>[]> {
  return dataOf(await t.gql<{ statistics: Record<string, unknown>[] }>(STATISTICS, { ...args }, { token })).statistics;
}

/** The error code of a Query.statistics call that must fail. */
export async function statisticsErrorOf(t: TestApp, token: string | undefined, args: StatisticsArgs, headers?: Record<string, string>) {
  const result = await t.gql(STATISTICS, { ...args }, { token, headers });
  expect(result.status).toBeLessThan(500);
  expect(result.body.data?.statistics ?? null).toBeNull();
  return result.body.errors![0]!;
}

const TABLES = ['statistics_unit_daily', 'statistics_unit_monthly', 'statistics_procedure_daily', 'statistics_procedure_monthly'];

/** Every non-zero aggregate row (statistics and service index), as text, sorted: what the figures are computed from. */
async function aggregateSnapshot(t: TestApp): Promise<string[]> {
  const lines: string[] = [];
  for (const table of TABLES) {
    const rows = await t.sql<{ line: string }>(
      `select '${table} ' || (to_jsonb(s) - 'unit_id')::text || ' unit ' || unit_id as line from ${table} s
       where not (received_online = 0 and received_in_person = 0 and received_postal = 0 and received_full = 0
         and received_full_online = 0 and received_partial = 0 and received_partial_online = 0 and resolved_early = 0
         and resolved_on_time = 0 and resolved_late = 0 and withdrawn = 0 and overdue_delta = 0)`,
    );
    lines.push(...rows.map((r) => r.line));
  }
  // The service index (Decision 766) is rebuilt with them; its counters only ever grow, so every row counts.
  for (const table of SERVICE_INDEX_TABLE_NAMES) {
    const rows = await t.sql<{ line: string }>(`select '${table} ' || to_jsonb(s)::text as line from ${table} s`);
    lines.push(...rows.map((r) => r.line));
  }
  return lines.sort();
}

/** Rebuilds the aggregates from the dossier tables and returns the snapshots before and after. */
export async function snapshotsAroundRebuild(t: TestApp): Promise<{ incremental: string[]; rebuilt: string[] }> {
  const incremental = await aggregateSnapshot(t);
  await rebuildStatistics(t.app.orm);
  return { incremental, rebuilt: await aggregateSnapshot(t) };
}
