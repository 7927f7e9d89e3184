import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { connectorUrlVariableOf, SYSTEM_NAMES } from '../simulators/index.js';
import { startSimulatorProcess } from './support/simulator-process.js';
import { startApplication, type RunningApplication } from '../src/application.js';
import { signToken } from '../src/auth/tokens.js';
import { DEMO_PROCEDURES } from '../src/db/seed/demo-catalog.js';
import { startThrowawayPostgres } from '../src/db/embedded-postgres.js';
import { Role, type Actor } from '../src/domain/access/actor.js';
import { UnitKind } from '../src/domain/unit/unit-kind.js';
import { createLogger } from '../src/logger.js';
import { BENCH_JWT_SECRET, benchConfig } from './support/bench-config.js';
import { formatLoad, measureLoad, type LoadResult } from './support/load.js';
import { generateDossiers } from './statistics-data.js';
import { AGGREGATE_COUNTERS } from '../src/domain/statistics/aggregate-counts.js';
import { deltasOfEvent } from '../src/domain/statistics/statistics-deltas.js';
import { Channel, DossierStatus } from '../src/domain/vocabulary/dossier-enums.js';
import { OnlineLevel } from '../src/domain/procedure/procedure-enums.js';
import { addDays, localDateOf } from '../src/domain/time/local-time.js';
import { foldForSearch } from '../src/domain/text/search-text.js';

/**
 * `npm run bench -- intake` (issue 13): receiveDossier through the whole GraphQL server (token,
 * validation, scope, calendar, code, history, statistics, outbox for the connectors) at 10
 * concurrent clients, on one unit and spread over 20 units, on a table of BENCH_INTAKE_DOSSIERS
 * existing dossiers, against a baseline in the same run: a plain node:http + pg handler doing the
 * same writes by hand (intakeBaselineServer), with the floor of two inserts beside it. Several
 * rounds each, to show the rate holds; then the same with the delivery workers running beside the
 * API (same process, as `npm start`), for the p99 with and without them.
 */
const DOSSIERS = Number(process.env.BENCH_INTAKE_DOSSIERS ?? 1_000_000);
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PROVINCE = '97';
const COMMUNES = Array.from({ length: 20 }, (_, i) => `97${String(i + 1).padStart(3, '0')}`);
const ADMIN: Actor = { sub: 'bench', role: Role.SYSTEM_ADMIN, unitCode: null };
const MUTATION = `mutation Receive($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;

const say = (line: string) => process.stdout.write(`${line}\n`);

function intakeBody(unitCode: string, i: number): string {
  return JSON.stringify({
    query: MUTATION,
    variables: {
      input: {
        procedureCode: '1.004873', unitCode, channel: 'IN_PERSON',
        applicant: { fullName: `Nguyễn Văn ${i}`, citizenId: `0512030${String(i % 100000).padStart(5, '0')}`, phone: '0912345678' },
      },
    },
  });
}

/** A plain transaction that inserts a dossier and its first history event: the floor, for information. */
let n = 0;
function floorServer(pool: pg.Pool, procedureId: number, unitIds: readonly number[]): Server {
  return plainServer(pool, async (client) => {
    const unitId = unitIds[n % unitIds.length]!;
    const code = `RAW-${process.pid}-${n++}`;
    const { rows } = await client.query<{ id: string }>(`insert into dossier (code, procedure_id, unit_id, channel, online_level, status, applicant_full_name,
        applicant_citizen_id, applicant_phone, received_at, filed_at, due_date, event_count, search_text)
      values ($1, $2, $3, 'IN_PERSON', 'FULL', 'RECEIVED', 'Nguyễn Văn An', '051203001234', '0912345678', now(), now(), current_date + 3, 1, $4)
      returning id`, [code, procedureId, unitId, code.toLowerCase()]);
    await client.query(`insert into dossier_event (dossier_id, seq, action, from_status, to_status, at, actor, due_date)
      values ($1, 1, null, null, 'RECEIVED', now(), 'bench', current_date + 3)`, [rows[0]!.id]);
    return { id: rows[0]!.id, code };
  });
}

/** What an intake writes besides the dossier, copied from a real one: its sync records. */
interface OutboxSample {
  connectors: string[];
  kinds: string[];
  events: string[];
}

/**
 * The fair baseline: the same work as an intake, written by hand the obvious way, without the
 * framework (no GraphQL, ORM or validation): the request body parsed, then one transaction that
 * takes the unit's daily counter (the gap-free code), inserts the dossier and its first event,
 * applies the statistics deltas of a receipt with the same function, and writes the same sync
 * records a real intake wrote (same connectors, same event size). Its counter rows are on another
 * day than motcua's, so that the codes never meet.
 */
function intakeBaselineServer(pool: pg.Pool, procedureId: number, unitIds: readonly number[], outbox: OutboxSample): Server {
  // The deltas a receipt today, due in three working days, makes (the live listener's function).
  const deltas = deltasOfEvent({
    fromStatus: null, toStatus: DossierStatus.RECEIVED, previousDueDate: null, dueDate: addDays(localDateOf(new Date()), 3),
    at: new Date(), channel: Channel.IN_PERSON, onlineLevel: OnlineLevel.FULL,
  });
  const days = deltas.map((d) => d.day);
  const counts = deltas.map((d) => AGGREGATE_COUNTERS.map((c) => d.counts[c]));
  return plainServer(pool, async (client, body) => {
    const input = (JSON.parse(body) as { variables: { input: { applicant: { fullName: string; citizenId: string; phone: string } } } }).variables.input;
    const unitId = unitIds[n++ % unitIds.length]!;
    const { rows: [counter] } = await client.query<{ code: string }>(`insert into dossier_counter (unit_id, day, last_value) values ($1, '2000-01-01', 1)
      on conflict (unit_id, day) do update set last_value = dossier_counter.last_value + 1
      returning $2::text || lpad(last_value::text, 6, '0') as code`, [unitId, `RAW${unitId}-`]);
    const code = counter!.code;
    const { rows: [dossier] } = await client.query<{ id: string }>(`insert into dossier (code, procedure_id, unit_id, channel, online_level, status, applicant_full_name,
        applicant_citizen_id, applicant_phone, received_at, filed_at, due_date, processing_time_value, processing_time_unit, event_count, search_text)
      values ($1, $2, $3, 'IN_PERSON', 'FULL', 'RECEIVED', $4, $5, $6, now(), now(), current_date + 3, 3, 'WORKING_DAYS', 1, $7)
      returning id`, [code, procedureId, unitId, input.applicant.fullName, input.applicant.citizenId, input.applicant.phone, foldForSearch(`${code} ${input.applicant.fullName}`)]);
    await client.query(`insert into dossier_event (dossier_id, seq, action, from_status, to_status, at, actor, due_date)
      values ($1, 1, null, null, 'RECEIVED', now(), 'bench', current_date + 3)`, [dossier!.id]);
    await client.query(`select statistics_apply_deltas($1::bigint, $2::bigint, 'IN_PERSON', $3::date[], $4::int[])`, [unitId, procedureId, days, counts]);
    await client.query(`insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code, event)
      select c, k, $1::text || ':' || c, $2::bigint, $1::text, 'RAW', null, e::jsonb from unnest($3::text[], $4::text[], $5::text[]) as x(c, k, e)`,
    [code, dossier!.id, outbox.connectors, outbox.kinds, outbox.events]);
    return { id: dossier!.id, code };
  });
}

/** node:http + pg: reads the body, runs `work` in a transaction, answers its result as JSON. */
function plainServer(pool: pg.Pool, work: (client: pg.PoolClient, body: string) => Promise<unknown>): Server {
  return createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await work(client, Buffer.concat(chunks).toString('utf8'));
      await client.query('commit');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      res.writeHead(500).end(String(error));
      if (n < 3) process.stderr.write(`baseline: ${String(error)}\n`);
    } finally {
      client.release();
    }
  });
}

/**
 * BENCH_CPU_PROFILE=<folder>: a CPU profile of this process (the API) during a scenario's rounds
 * only, `<folder>/intake-<scenario>.cpuprofile` (open it in Chrome's DevTools or speedscope).
 */
async function startProfile(scenario: string): Promise<{ stop(): Promise<void> }> {
  const folder = process.env.BENCH_CPU_PROFILE;
  if (!folder) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `intake-${scenario.replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface Scenario {
  name: string;
  units: string[];
}

export async function run(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const sims = await startSimulatorProcess();
  const database = await startThrowawayPostgres(logger);
  const env: Record<string, string> = { CONNECTOR_EMC_SITE_ID: 'QNG-BENCH' };
  for (const system of SYSTEM_NAMES) env[connectorUrlVariableOf(system)] = sims.urls[system]!;
  const config = benchConfig(database.url, env);
  const app = await startApplication(config, logger, { api: true, workers: false });
  let workers: RunningApplication | null = null;
  const pool = new pg.Pool({ connectionString: database.url, max: config.dbPoolMax });
  try {
    await app.services.units.upsert(ADMIN, [
      { code: PROVINCE, name: 'Tỉnh Thử Nghiệm', kind: UnitKind.PROVINCE },
      ...COMMUNES.map((code, i) => ({ code, name: `Xã Thử Nghiệm ${i + 1}`, kind: UnitKind.COMMUNE, parentCode: PROVINCE })),
    ]);
    await app.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);
    const unitIds = new Map((await pool.query<{ code: string; id: string }>(`select code, id from administrative_unit`)).rows.map((r) => [r.code, Number(r.id)]));
    const procedureId = Number((await pool.query<{ id: string }>(`select id from procedure where code = '1.004873'`)).rows[0]!.id);
    say(`intake benchmark: generating ${DOSSIERS.toLocaleString('en')} existing dossiers with their histories (bulk SQL)`);
    const client = await pool.connect();
    try {
      await generateDossiers(client, {
        dossiers: DOSSIERS, provinceId: unitIds.get(PROVINCE)!, communeIds: COMMUNES.map((c) => unitIds.get(c)!),
        firstDay: '2023-01-01', days: 1095, end: '2026-01-01T00:00:00+07:00', seed: 0.13, progress: say,
      });
      await client.query('vacuum analyze');
    } finally {
      client.release();
    }

    const token = await signToken(BENCH_JWT_SECRET, { sub: 'bench-admin', role: Role.PROVINCE_ADMIN, unit: PROVINCE });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const check = await (await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: intakeBody(COMMUNES[0]!, 0) })).json() as { data?: { receiveDossier: { dossier: { code: string } | null } } };
    if (!check.data?.receiveDossier.dossier) throw new Error(`unexpected GraphQL answer: ${JSON.stringify(check).slice(0, 500)}`);
    const { rows: records } = await pool.query<{ connector: string; kind: string; event: string }>(
      `select connector, kind, event::text as event from sync_record where dossier_code = $1 order by id`, [check.data.receiveDossier.dossier.code]);
    const outbox: OutboxSample = { connectors: records.map((r) => r.connector), kinds: records.map((r) => r.kind), events: records.map((r) => r.event) };
    say(`an intake writes ${records.length} sync records (${outbox.connectors.join(', ')}); the baseline writes the same`);

    const scenarios: Scenario[] = [{ name: '1 unit', units: [COMMUNES[0]!] }, { name: '20 units', units: COMMUNES }];
    const summary: string[] = [];
    const graphqlLoad = (units: string[]) => measureLoad('graphql', {
      url: `${app.url}/graphql`, method: 'POST', headers, connections: CONNECTIONS, durationS: DURATION_S,
      bodies: Array.from({ length: 200 }, (_, i) => intakeBody(units[i % units.length]!, i)),
    });
    const plainLoad = async (server: Server, bodies: string[]) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        return await measureLoad('baseline', { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, method: 'POST', bodies, connections: CONNECTIONS, durationS: DURATION_S });
      } finally {
        server.close();
      }
    };
    // Each round is a baseline run then a receiveDossier run, and its ratio is taken within the
    // pair: the machine is shared and its speed drifts over minutes, which a baseline measured
    // once per scenario would credit to one side.
    for (const scenario of scenarios) {
      const ids = scenario.units.map((c) => unitIds.get(c)!);
      const bodies = Array.from({ length: 200 }, (_, i) => intakeBody(scenario.units[i % scenario.units.length]!, i));
      const floor = await plainLoad(floorServer(pool, procedureId, ids), bodies);
      const pairs: { fair: LoadResult; motcua: LoadResult }[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const fair = await plainLoad(intakeBaselineServer(pool, procedureId, ids, outbox), bodies);
        const profile = await startProfile(`${scenario.name}-${r + 1}`);
        pairs.push({ fair, motcua: await graphqlLoad(scenario.units) });
        await profile.stop();
      }
      say(`\n${scenario.name}, ${CONNECTIONS} connections, ${DURATION_S} s per run:`);
      say(formatLoad('floor: begin, 2 inserts, commit', floor).trimEnd());
      pairs.forEach(({ fair, motcua }, i) => {
        say(formatLoad(`round ${i + 1} baseline (by hand)`, fair).trimEnd());
        say(formatLoad(`round ${i + 1} receiveDossier`, motcua).trimEnd());
      });
      const ratios = pairs.map((p) => p.motcua.rps / p.fair.rps);
      const rps = pairs.map((p) => p.motcua.rps);
      const worst = pairs.map((p) => p.motcua).reduce((x, y) => (y.p99 / Math.max(1, y.p50) > x.p99 / Math.max(1, x.p50) ? y : x));
      summary.push(`${scenario.name.padEnd(9)} ratio ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)} of the baseline ` +
        `(target >= ${scenario.units.length === 1 ? '0.3' : '0.5'}), ${(Math.min(...rps) / floor.rps).toFixed(2)}-${(Math.max(...rps) / floor.rps).toFixed(2)} of the floor; ` +
        `worst p99/p50 ${(worst.p99 / Math.max(1, worst.p50)).toFixed(1)} (target < 10); rounds ${rps.map((x) => x.toFixed(0)).join(' / ')} req/s`);
    }

    say('\nthe delivery workers running beside the API (same process, as npm start), 1 unit:');
    // Without, then with, back to back: the same table size and machine state for both.
    const without = await graphqlLoad(scenarios[0]!.units);
    workers = await startApplication(config, logger, { api: false, workers: true });
    // Past the workers' start (job schema, first claims of the backlog): the steady state is measured.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const withWorkers = await graphqlLoad(scenarios[0]!.units);
    say(formatLoad('receiveDossier, no workers', without).trimEnd());
    say(formatLoad('receiveDossier, workers', withWorkers).trimEnd());
    const pending = (await pool.query<{ n: string }>(`select count(*) as n from sync_record where state in ('PENDING', 'RETRYING')`)).rows[0]!.n;
    summary.push(`workers  p99 ${withWorkers.p99} ms with the workers vs ${without.p99} ms without (${(withWorkers.p99 / Math.max(1, without.p99)).toFixed(1)}x); ` +
      `rate ${(withWorkers.rps / without.rps).toFixed(2)}x; ${pending} records still to deliver at the end`);
    say(`\n${summary.join('\n')}`);
  } finally {
    await workers?.stop();
    await pool.end();
    await app.stop();
    await database.stop();
    await sims.stop();
  }
}
