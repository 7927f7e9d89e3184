import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startApplication } from '../src/application.js';
import { signToken } from '../src/auth/tokens.js';
import { Role } from '../src/domain/access/actor.js';
import { createLogger } from '../src/logger.js';
import { startThrowawayPostgres } from '../src/db/embedded-postgres.js';
import { benchConfig, connectorsOff } from './support/bench-config.js';
import { formatLoad, measureLoad } from './support/load.js';
import { generateDossiers } from './statistics-data.js';

/**
 * The portal's dossier list (issue 2): 20 dossiers of one commune with procedure, unit and
 * history, through the whole GraphQL server (token, validation, cost limits, scope checks, read
 * audit, DataLoaders), against a baseline in the same run: a minimal node:http handler running the
 * equivalent SQL with pg (scope look-up, page, count, procedures, units, histories and the read
 * audit, which the law requires on every staff read). Prints req/s of both and the ratio.
 */
const UNIT = '21025';
const PAGE = 20;
const CONNECTIONS = 10;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** Dossiers generated over the demo province's units in place of the demo's (0: the demo's few only). */
const GENERATED = Number(process.env.BENCH_API_DOSSIERS ?? 1_000_000);

/** A province's volume: years of dossiers with their histories, spread over the demo province's units. */
async function generateIntoDemoProvince(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ id: string; parent_id: string }>(
    `select id, parent_id from administrative_unit where parent_id = (select parent_id from administrative_unit where code = $1)`, [UNIT]);
  process.stdout.write(`generating ${GENERATED.toLocaleString('en')} dossiers over the ${rows.length} units of the demo province (bulk SQL)\n`);
  const client = await pool.connect();
  try {
    await generateDossiers(client, {
      dossiers: GENERATED, provinceId: Number(rows[0]!.parent_id), communeIds: rows.map((r) => Number(r.id)),
      firstDay: '2023-01-01', days: 1095, end: '2026-01-01T00:00:00+07:00', seed: 0.21, progress: (line) => process.stdout.write(`${line}\n`),
    });
    await client.query('vacuum analyze');
  } finally {
    client.release();
  }
}

const QUERY = `query PortalList($unit: String!, $first: Int!) {
  dossiers(filter: { unitCode: $unit }, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id code status channel receivedAt dueDate timeliness
      applicant { fullName citizenIdMasked }
      procedure { code name processingDays field { code name } }
      unit { code name }
      history { action fromStatus toStatus at actor note }
    }
  }
}`;

/** The officer desk (issue 13): the unit's dossiers waiting for work, first 20, with procedure and applicant. */
const DESK_QUERY = `query Desk($unit: String!) {
  dossiers(filter: { unitCode: $unit, status: [RECEIVED, PROCESSING] }, first: 20) {
    totalCount
    nodes { id code status receivedAt dueDate applicant { fullName phone } procedure { code name } }
  }
}`;

/** The desk list as plain SQL: page joined with its procedures, the count, the read audit (one row). */
function deskBaselineServer(pool: pg.Pool): Server {
  return createServer(async (_req, res) => {
    try {
      const unit = await pool.query<{ id: string }>(`select id from administrative_unit where code = $1`, [UNIT]);
      const unitId = unit.rows[0]!.id;
      const [page, count] = await Promise.all([
        pool.query(`select d.id, d.code, d.status, d.received_at, d.due_date::text, d.applicant_full_name, d.applicant_phone, p.code as procedure_code, p.name as procedure_name
          from dossier d join procedure p on p.id = d.procedure_id
          where d.unit_id = $1 and d.status = any($2::text[]) order by d.filed_at desc, d.id desc limit 21`, [unitId, ['RECEIVED', 'PROCESSING']]),
        pool.query(`select count(*) as n from dossier where unit_id = $1 and status = any($2::text[])`, [unitId, ['RECEIVED', 'PROCESSING']]),
      ]);
      const rows = page.rows.slice(0, 20);
      await pool.query(`insert into dossier_read_audit (actor_sub, actor_role, dossier_ids, operation) values ('bench', 'OFFICER', $1::bigint[], 'dossiers')`, [rows.map((r) => r.id)]);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalCount: Number(count.rows[0].n), nodes: rows }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

/** The same work as the GraphQL request, as plain SQL: what a hand-written endpoint would do. */
function baselineServer(pool: pg.Pool): Server {
  return createServer(async (_req, res) => {
    try {
      const units = await pool.query<{ id: string }>(
        `select id from administrative_unit where code = $1 or parent_id = (select id from administrative_unit where code = $1)`,
        [UNIT],
      );
      const unitIds = units.rows.map((r) => r.id);
      const page = await pool.query(
        `select d.id, d.code, d.status, d.channel, d.received_at, d.due_date::text, d.applicant_full_name, d.applicant_citizen_id,
           d.procedure_id, d.unit_id, d.filed_at from dossier d where d.unit_id = any($1::bigint[])
         order by d.filed_at desc, d.id desc limit $2`,
        [unitIds, PAGE + 1],
      );
      const count = await pool.query(`select count(*) as n from dossier where unit_id = any($1::bigint[])`, [unitIds]);
      const rows = page.rows.slice(0, PAGE);
      const ids = rows.map((r) => r.id);
      const [procedures, unitRows, history] = await Promise.all([
        pool.query(`select p.id, p.code, p.name, p.processing_days, f.code as field_code, f.name as field_name
          from procedure p join field f on f.code = p.field_code where p.id = any($1::bigint[])`, [[...new Set(rows.map((r) => r.procedure_id))]]),
        pool.query(`select id, code, name from administrative_unit where id = any($1::bigint[])`, [[...new Set(rows.map((r) => r.unit_id))]]),
        pool.query(`select dossier_id, action, from_status, to_status, at, actor, note from dossier_event
          where dossier_id = any($1::bigint[]) order by dossier_id, seq`, [ids]),
      ]);
      await pool.query(`insert into dossier_read_audit (actor_sub, actor_role, dossier_ids, operation)
        values ('bench', 'OFFICER', $1::bigint[], 'dossiers')`, [ids]);
      const procedureById = new Map(procedures.rows.map((p) => [p.id, p]));
      const unitById = new Map(unitRows.rows.map((u) => [u.id, u]));
      const body = JSON.stringify({
        totalCount: Number(count.rows[0].n),
        nodes: rows.map((r) => ({
          ...r,
          procedure: procedureById.get(r.procedure_id),
          unit: unitById.get(r.unit_id),
          history: history.rows.filter((h) => h.dossier_id === r.id),
        })),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
}

export async function run(): Promise<void> {
  const logger = createLogger({ level: 'warn' });
  const database = await startThrowawayPostgres(logger);
  const config = benchConfig(database.url, { SEED_DEMO: '1', ...connectorsOff() });
  process.stdout.write('starting the server and seeding the demo province...\n');
  const app = await startApplication(config, createLogger({ level: 'warn' }), { api: true, workers: false });
  const pool = new pg.Pool({ connectionString: database.url, max: config.dbPoolMax });
  if (GENERATED > 0) await generateIntoDemoProvince(pool);
  const baseline = baselineServer(pool);
  await new Promise<void>((resolve) => baseline.listen(0, '127.0.0.1', resolve));
  try {
    const token = await signToken(config.auth.jwtSecret, { sub: 'bench-officer', role: Role.OFFICER, unit: UNIT });
    const body = JSON.stringify({ query: QUERY, variables: { unit: UNIT, first: PAGE } });
    const check = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const sample = (await check.json()) as { data?: { dossiers: { nodes: unknown[]; totalCount: number } }; errors?: unknown };
    if (!sample.data || sample.data.dossiers.nodes.length !== PAGE) throw new Error(`unexpected GraphQL answer: ${JSON.stringify(sample).slice(0, 500)}`);
    process.stdout.write(`unit ${UNIT}: ${sample.data.dossiers.totalCount} dossiers; page of ${PAGE}; ${CONNECTIONS} connections; ${DURATION_S} s per run\n`);

    const raw = await measureLoad('baseline', { url: `http://127.0.0.1:${(baseline.address() as AddressInfo).port}/`, connections: CONNECTIONS, durationS: DURATION_S });
    const graphql = await measureLoad('graphql', {
      url: `${app.url}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      connections: CONNECTIONS,
      durationS: DURATION_S,
    });
    process.stdout.write(`\n${formatLoad('baseline (node:http + pg)', raw)}${formatLoad('GraphQL (motcua)', graphql)}`);
    process.stdout.write(`ratio GraphQL / baseline: ${(graphql.rps / raw.rps).toFixed(2)} (target >= 0.5)\n`);

    const desk = deskBaselineServer(pool);
    await new Promise<void>((resolve) => desk.listen(0, '127.0.0.1', resolve));
    try {
      const deskBody = JSON.stringify({ query: DESK_QUERY, variables: { unit: UNIT } });
      const deskRaw = await measureLoad('desk baseline', { url: `http://127.0.0.1:${(desk.address() as AddressInfo).port}/`, connections: CONNECTIONS, durationS: DURATION_S });
      const deskGraphql = await measureLoad('desk graphql', {
        url: `${app.url}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: deskBody, connections: CONNECTIONS, durationS: DURATION_S,
      });
      process.stdout.write(`\nofficer desk (RECEIVED or PROCESSING, first 20, procedure and applicant):\n`);
      process.stdout.write(`${formatLoad('baseline (node:http + pg)', deskRaw)}${formatLoad('GraphQL (motcua)', deskGraphql)}`);
      process.stdout.write(`ratio GraphQL / baseline: ${(deskGraphql.rps / deskRaw.rps).toFixed(2)} (target >= 0.5); p99 ${(deskGraphql.p99 / Math.max(1, deskRaw.p99)).toFixed(1)}x the baseline's (target <= 3)\n`);
    } finally {
      desk.close();
    }
  } finally {
    baseline.close();
    await pool.end();
    await app.stop();
    await database.stop();
  }
}
