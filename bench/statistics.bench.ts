/**
 * `npm run bench -- statistics` (issue 3): statistics at province scale.
 *
 * On a throwaway embedded PostgreSQL: one province with 100 communes, 5,000,000 dossiers over three
 * years (2023-2025) generated in SQL with their histories (statistics-data.ts), the aggregates
 * rebuilt from them by the operators' rebuild (rebuildStatistics). Then, in one run:
 * 1. the province-wide 2025 statistics grouped by UNIT and by MONTH through GraphQL (HTTP against
 *    the running server) versus the same figures by a plain aggregate SQL over the dossier table
 *    (statistics-direct-sql.ts): median milliseconds of each and the ratio, after checking that
 *    both give the same figures;
 * 2. the other groupings through GraphQL alone (informative);
 * 2b. the service index (Decision 766) by UNIT and MONTH against plain SQL over the dossier, history,
 *    payment and rating tables (service-index-direct-sql.ts; the generated dossiers get paid fees,
 *    ratings, resolution times and delay reasons from service-index-data.ts), the others alone;
 * 3. receiveDossier per second with and without the statistics listener, alternating phases.
 * Environment: BENCH_DOSSIERS (default 5000000), BENCH_QUERY_RUNS (GraphQL, default 30),
 * BENCH_DIRECT_RUNS (plain SQL, default 3), BENCH_INTAKE_SECONDS (per phase, default 5; six phases of each,
 * alternating, medians compared: the machine is shared, so short alternating phases see the same load).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApplication, type RunningApplication } from '../src/application.js';
import { signToken } from '../src/auth/tokens.js';
import { DEMO_PROCEDURES } from '../src/db/seed/demo-catalog.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres.js';
import { freePort } from '../src/net/free-port.js';
import { Role, type Actor } from '../src/domain/access/actor.js';
import { Channel } from '../src/domain/vocabulary/dossier-enums.js';
import { rebuildStatistics } from '../src/domain/statistics/statistics-rebuild.js';
import { StatisticsListener } from '../src/domain/statistics/statistics.listener.js';
import { DossierIntakeService } from '../src/domain/dossier/dossier-intake.service.js';
import { DossierRecorder } from '../src/domain/dossier/dossier-recorder.js';
import type { DossierChangeListener } from '../src/domain/dossier/dossier-change.js';
import { systemClock } from '../src/domain/time/clock.js';
import { UnitKind } from '../src/domain/unit/unit-kind.js';
import { createLogger } from '../src/logger.js';
import { generateDossiers } from './statistics-data.js';
import { directStatistics, type DirectRow } from './statistics-direct-sql.js';
import { addServiceIndexData } from './service-index-data.js';
import { directServiceIndex, type DirectServiceRow } from './service-index-direct-sql.js';
import { BENCH_JWT_SECRET, benchConfig, connectorsOff } from './support/bench-config.js';
import { isDeepStrictEqual } from 'node:util';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 5_000_000);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 30);
const OTHER_RUNS = 10;
const DIRECT_RUNS = Number(process.env.BENCH_DIRECT_RUNS ?? 3);
const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 5);
const INTAKE_PHASES = 6;
const INTAKE_CONCURRENCY = 4;
const PROVINCE = '98';
const COMMUNES = Array.from({ length: 100 }, (_, i) => `98${String(i + 1).padStart(3, '0')}`);
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const ADMIN: Actor = { sub: 'bench', role: Role.SYSTEM_ADMIN, unitCode: null };

const ROW_FIELDS = `key received receivedOnline receivedInPerson receivedPostal carriedOver resolved resolvedEarly resolvedOnTime
  resolvedLate withdrawn inProgress inProgressOnTime inProgressOverdue onTimeRate onlineRate fullOnlineRate partialOnlineRate progressScore`;
const QUERY = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  statistics(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) { ${ROW_FIELDS} } }`;

const started = Date.now();
const say = (message: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A cluster tuned like a small production server (the defaults are for a laptop). */
async function startDatabase(dir: string): Promise<EmbeddedDatabase> {
  const logger = createLogger({ level: 'silent' });
  const first = await startEmbeddedPostgres({ dataDir: dir, port: await freePort(), logger });
  const client = new pg.Client({ connectionString: first.url });
  await client.connect();
  for (const [name, value] of Object.entries({
    shared_buffers: '1GB', work_mem: '32MB', maintenance_work_mem: '1GB', effective_cache_size: '8GB',
    max_wal_size: '16GB', checkpoint_timeout: '30min', random_page_cost: '1.1', jit: 'off',
    // No replicas here: a bulk load into tables emptied in its own transaction skips the WAL.
    wal_level: 'minimal', max_wal_senders: '0',
  })) {
    await client.query(`alter system set ${name} = '${value}'`);
  }
  await client.end();
  await first.stop();
  return startEmbeddedPostgres({ dataDir: dir, port: 0, logger });
}

async function gql(url: string, token: string, groupBy: string, query = QUERY): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { unitCode: PROVINCE, ...YEAR, groupBy } }),
  });
  const body = (await response.json()) as { data?: Record<string, Record<string, unknown>[]>; errors?: unknown[] };
  if (!body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return Object.values(body.data)[0]!;
}

const SERVICE_INDEX_QUERY = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  serviceIndex(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) {
    key resolved averageResolutionDays averageResolutionWorkingDays lateReasons { reason count }
    paymentsOnline paymentsOnlineAmount paymentsCash ratings averageStars proceduresUsedOnline } }`;

/** The service index rows with resolutions, payments or ratings must be the plain SQL's rows, averages to 1e-9. */
function sameServiceFigures(api: Record<string, any>[], direct: DirectServiceRow[]): boolean {
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
  const rows = api.filter((r) => r.resolved !== 0 || r.paymentsOnline !== 0 || r.paymentsCash !== 0 || r.ratings !== 0);
  return rows.length === direct.length && rows.every((r, i) => {
    const d = direct[i]!;
    const lateRecorded = (r.lateReasons as { reason: string | null; count: number }[]).filter((l) => l.reason !== null).reduce((n, l) => n + l.count, 0);
    return r.key === d.key && r.resolved === d.resolutions && close(r.averageResolutionDays, d.averageResolutionDays)
      && close(r.averageResolutionWorkingDays, d.averageResolutionWorkingDays) && lateRecorded === d.lateRecorded
      && r.paymentsOnline === d.paymentsOnline && r.paymentsOnlineAmount === d.paymentsOnlineAmount && r.paymentsCash === d.paymentsCash
      && r.ratings === d.ratings && close(r.averageStars, d.averageStars);
  });
}

async function timeRuns<T>(runs: number, fn: () => Promise<T>): Promise<{ median: number; last: T }> {
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { median: median(times), last };
}

/** The API rows that have figures must be exactly the plain SQL's rows (units without any are all zero). */
function sameFigures(api: Record<string, unknown>[], direct: DirectRow[]): boolean {
  const withFigures = api.filter((r) => r.received !== 0 || r.carriedOver !== 0);
  return isDeepStrictEqual(withFigures, direct);
}

async function intakeRate(intake: DossierIntakeService, seconds: number): Promise<number> {
  const procedures = DEMO_PROCEDURES.filter((p) => p.onlineLevel !== 'NONE').map((p) => p.code);
  let done = 0;
  let i = 0;
  const until = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const n = i++;
      await intake.receive(ADMIN, {
        procedureCode: procedures[n % procedures.length]!,
        unitCode: COMMUNES[(n * 37) % COMMUNES.length]!,
        channel: n % 3 === 0 ? Channel.ONLINE : Channel.IN_PERSON,
        applicant: { fullName: 'Người Thử Nghiệm', citizenId: '051190000001' },
      });
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: INTAKE_CONCURRENCY }, worker));
  return done / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-bench-statistics-'));
  let database: EmbeddedDatabase | null = null;
  let app: RunningApplication | null = null;
  try {
    say(`statistics benchmark: ${DOSSIERS.toLocaleString('en')} dossiers, 1 province + ${COMMUNES.length} communes, 2023-2025`);
    database = await startDatabase(dir);
    const config = benchConfig(database.url, {
      // No specialized system here: statistics need none.
      ...connectorsOff(),
    });
    app = await startApplication(config, createLogger({ level: 'warn' }), { api: true, workers: false });
    await app.services.units.upsert(ADMIN, [
      { code: PROVINCE, name: 'Tỉnh Thử Nghiệm', kind: UnitKind.PROVINCE },
      ...COMMUNES.map((code, i) => ({ code, name: `Xã Thử Nghiệm ${i + 1}`, kind: UnitKind.COMMUNE, parentCode: PROVINCE })),
    ]);
    await app.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    // The database stops in `finally`: a failure before `client.end()` must surface, not this client's disconnection.
    client.on('error', () => {});
    const unitIds = new Map<string, number>(
      (await client.query<{ code: string; id: string }>(`select code, id from administrative_unit`)).rows.map((r) => [r.code, Number(r.id)]),
    );
    say('generating dossiers and their histories (bulk SQL)');
    const generated = await generateDossiers(client, {
      dossiers: DOSSIERS,
      provinceId: unitIds.get(PROVINCE)!,
      communeIds: COMMUNES.map((c) => unitIds.get(c)!),
      firstDay: '2023-01-01',
      days: 1095,
      end: '2026-01-01T00:00:00+07:00',
      seed: 0.2025,
      progress: say,
    });
    say(`generated ${generated.dossiers.toLocaleString('en')} dossiers and ${generated.events.toLocaleString('en')} events`);
    const extra = await addServiceIndexData(client);
    say(`  and for the service index: ${extra.payments.toLocaleString('en')} paid fees, ${extra.ratings.toLocaleString('en')} ratings, resolution times, delay reasons`);
    say('rebuilding the statistics aggregates from the dossier tables (rebuildStatistics)');
    const rebuild = await rebuildStatistics(app.orm, { workMem: '1GB' });
    say(`  rebuilt in ${(rebuild.ms / 1000).toFixed(1)} s: ${Object.entries(rebuild.rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    await client.query('vacuum analyze');
    say('  vacuum analyze done');

    const token = await signToken(BENCH_JWT_SECRET, { sub: 'bench-province-admin', role: Role.PROVINCE_ADMIN, unit: PROVINCE });
    const scope = [...unitIds.entries()].filter(([code]) => code === PROVINCE || code.startsWith(PROVINCE)).map(([, id]) => id);
    const results: string[] = [];
    for (const groupBy of ['UNIT', 'MONTH'] as const) {
      for (let i = 0; i < 3; i++) await gql(app.url!, token, groupBy); // warm-up
      const api = await timeRuns(QUERY_RUNS, () => gql(app!.url!, token, groupBy));
      say(`GraphQL ${groupBy}: median ${ms(api.median)} over ${QUERY_RUNS} runs (${api.last.length} rows)`);
      const direct = await timeRuns(DIRECT_RUNS, () => directStatistics(client, groupBy, scope, YEAR.from, YEAR.to));
      say(`plain SQL ${groupBy}: median ${ms(direct.median)} over ${DIRECT_RUNS} runs (${direct.last.length} rows)`);
      const agree = sameFigures(api.last, direct.last);
      if (!agree) say(`  FIGURES DIFFER: api ${JSON.stringify(api.last.slice(0, 2))} direct ${JSON.stringify(direct.last.slice(0, 2))}`);
      results.push(`${groupBy.padEnd(9)} GraphQL ${ms(api.median).padStart(10)}   plain SQL ${ms(direct.median).padStart(10)}   ` +
        `ratio ${(direct.median / api.median).toFixed(0)}x faster   figures agree: ${agree ? 'yes' : 'NO'}`);
    }
    for (const groupBy of ['NONE', 'CHANNEL', 'FIELD', 'PROCEDURE', 'DAY'] as const) {
      await gql(app.url!, token, groupBy);
      const api = await timeRuns(OTHER_RUNS, () => gql(app!.url!, token, groupBy));
      say(`GraphQL ${groupBy}: median ${ms(api.median)} over ${OTHER_RUNS} runs (${api.last.length} rows)`);
      results.push(`${groupBy.padEnd(9)} GraphQL ${ms(api.median).padStart(10)}   (no baseline)`);
    }
    // The service index (Decision 766): the same reads over its own aggregates, against plain SQL over
    // the dossier, history, payment and rating tables.
    for (const groupBy of ['UNIT', 'MONTH'] as const) {
      for (let i = 0; i < 3; i++) await gql(app.url!, token, groupBy, SERVICE_INDEX_QUERY);
      const api = await timeRuns(QUERY_RUNS, () => gql(app!.url!, token, groupBy, SERVICE_INDEX_QUERY));
      say(`GraphQL serviceIndex ${groupBy}: median ${ms(api.median)} over ${QUERY_RUNS} runs (${api.last.length} rows)`);
      const direct = await timeRuns(DIRECT_RUNS, () => directServiceIndex(client, groupBy, scope, YEAR.from, YEAR.to));
      say(`plain SQL serviceIndex ${groupBy}: median ${ms(direct.median)} over ${DIRECT_RUNS} runs (${direct.last.length} rows)`);
      const agree = sameServiceFigures(api.last, direct.last);
      if (!agree) say(`  FIGURES DIFFER: api ${JSON.stringify(api.last.slice(0, 2))} direct ${JSON.stringify(direct.last.slice(0, 2))}`);
      results.push(`index ${groupBy.padEnd(5)} GraphQL ${ms(api.median).padStart(10)}   plain SQL ${ms(direct.median).padStart(10)}   ` +
        `ratio ${(direct.median / api.median).toFixed(0)}x faster   figures agree: ${agree ? 'yes' : 'NO'}`);
    }
    for (const groupBy of ['NONE', 'FIELD', 'PROCEDURE', 'DAY'] as const) {
      await gql(app.url!, token, groupBy, SERVICE_INDEX_QUERY);
      const api = await timeRuns(OTHER_RUNS, () => gql(app!.url!, token, groupBy, SERVICE_INDEX_QUERY));
      say(`GraphQL serviceIndex ${groupBy}: median ${ms(api.median)} over ${OTHER_RUNS} runs (${api.last.length} rows)`);
      results.push(`index ${groupBy.padEnd(5)} GraphQL ${ms(api.median).padStart(10)}   (no baseline)`);
    }
    const [total] = await gql(app.url!, token, 'NONE');
    say(`2025 province totals: received ${total!.received}, carried over ${total!.carriedOver}, resolved ${total!.resolved}, ` +
      `in progress ${total!.inProgress} (overdue ${total!.inProgressOverdue}), on-time rate ${Number(total!.onTimeRate).toFixed(3)}`);

    say(`intake: receiveDossier (service call, ${INTAKE_CONCURRENCY} concurrent) with and without the statistics listener, ${INTAKE_SECONDS} s phases`);
    // Intake alone (no e-form validation, no identity check, no other listener), so that the
    // difference is the statistics listener's.
    const intake = (listeners: DossierChangeListener[]) =>
      new DossierIntakeService(app!.orm, app!.services.units, app!.services.procedures, new DossierRecorder(listeners), systemClock, null, null);
    const withStatistics = intake([new StatisticsListener()]);
    const withoutStatistics = intake([]);
    // A discarded warm-up of both, then phases in alternating order (without/with, with/without):
    // the machine warms up over a run, and a fixed order would credit that to one side.
    await intakeRate(withoutStatistics, INTAKE_SECONDS);
    await intakeRate(withStatistics, INTAKE_SECONDS);
    const rates = { with: [] as number[], without: [] as number[] };
    const slowdowns: number[] = [];
    for (let phase = 0; phase < INTAKE_PHASES; phase++) {
      const order = phase % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
      for (const side of order) rates[side].push(await intakeRate(side === 'with' ? withStatistics : withoutStatistics, INTAKE_SECONDS));
      slowdowns.push(1 - rates.with.at(-1)! / rates.without.at(-1)!);
      say(`  phase ${phase + 1} (${order.join(' then ')}): without ${rates.without.at(-1)!.toFixed(0)}/s, with ${rates.with.at(-1)!.toFixed(0)}/s`);
    }
    const withRate = median(rates.with);
    const withoutRate = median(rates.without);
    const slowdown = median(slowdowns);
    await client.end();

    process.stdout.write(`\nResults (${DOSSIERS.toLocaleString('en')} dossiers; province-wide, ${YEAR.from}..${YEAR.to}):\n`);
    for (const line of results) process.stdout.write(`  ${line}\n`);
    process.stdout.write(`  intake  (median of ${INTAKE_PHASES} alternating ${INTAKE_SECONDS} s phases) without statistics ${withoutRate.toFixed(0)}/s, with ${withRate.toFixed(0)}/s: ` +
      `${(slowdown * 100).toFixed(1)} % slower (median of the per-phase differences; ${((1000 / withRate - 1000 / withoutRate) * INTAKE_CONCURRENCY).toFixed(2)} ms more per intake)\n`);
  } finally {
    await app?.stop();
    await database?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
