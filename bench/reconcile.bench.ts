import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import { startSimulators } from '../simulators/index.js';
import { startApplication } from '../src/application.js';
import { localDayCodes } from '../src/connectors/reconciliation/local-counts.js';
import { compareDayCounts } from '../src/connectors/reconciliation/reconciliation-diff.js';
import { DEMO_PROCEDURES, DEMO_UNITS } from '../src/db/seed/demo-catalog.js';
import { startThrowawayPostgres } from '../src/db/embedded-postgres.js';
import { Role, type Actor } from '../src/domain/access/actor.js';
import { addDays, localDateOf } from '../src/domain/time/local-time.js';
import { createLogger } from '../src/logger.js';
import { benchConfig, connectorsOff } from './support/bench-config.js';

/**
 * Issue 5: reconciling one province (100 communes, 30 days, 300,000 online dossiers, plus 60,000
 * in-person ones that must not count) against the EMC simulator, of which 0.1 % of the online
 * dossiers are missing. Local data is generated with SQL (dossiers, their history, their delivered
 * sync records); the simulator's state is loaded through its programmatic API. Baselines measured
 * in the same run: the local count query alone and the remote report fetched alone.
 */
const COMMUNES = 100;
const DAYS = 30;
const ONLINE_PER_DAY = 100;
const IN_PERSON_PER_DAY = 20;
const MISSING_EVERY = 1000;
const RUNS = 3;
const SITE_ID = 'SITE-51';
const ADMIN: Actor = { sub: 'bench', role: Role.SYSTEM_ADMIN, unitCode: null };

export async function run(): Promise<void> {
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
  const database = await startThrowawayPostgres(logger);
  const sims = await startSimulators({ env: {} });
  const config = benchConfig(database.url, {
    ...connectorsOff(),
    CONNECTOR_EMC_ENABLED: '1',
    CONNECTOR_EMC_URL: sims.urls.emc,
    CONNECTOR_EMC_SITE_ID: SITE_ID,
    CONNECTOR_EMC_TIMEOUT_MS: '60000',
    RECONCILE_ENABLED: '0',
  });
  const app = await startApplication(config, logger, { api: false, workers: false });
  try {
    await app.services.units.upsert(ADMIN, DEMO_UNITS.filter((u) => u.code === '51'));
    await app.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);
    const to = addDays(localDateOf(new Date()), -1);
    const from = addDays(to, -(DAYS - 1));
    const db = app.orm.em.fork().getKysely();

    let started = performance.now();
    await generateLocalData(db, from);
    const { rows: online } = await sql<{ code: string; unit_code: string; day: string }>`select d.code, u.code as unit_code,
        to_char((d.received_at at time zone 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') as day
      from dossier d join administrative_unit u on u.id = d.unit_id where d.channel = 'ONLINE' order by d.id`.execute(db);
    const held = sims.systems.emc.hold(online.filter((_, i) => i % MISSING_EVERY !== MISSING_EVERY - 1)
      .map((d) => ({ siteId: SITE_ID, unitCode: d.unit_code, receivedDate: d.day, code: d.code })));
    process.stdout.write(`data: ${online.length} online dossiers (+${COMMUNES * DAYS * IN_PERSON_PER_DAY} in person) in ${COMMUNES} communes over ${DAYS} days (${from}..${to}); EMC holds ${held}; generated in ${seconds(started)} s\n`);

    const { rows: units } = await sql<{ id: string; code: string }>`select id, code from administrative_unit
      where code = '51' or parent_id = (select id from administrative_unit where code = '51')`.execute(db);
    const unitIds = units.map((u) => Number(u.id));
    const query = { unitCode: '51', provinceCode: '51', unitCodes: units.map((u) => u.code), from, to };

    const localOnly = () => localDayCodes(app.orm, { unitIds, from, to, basis: 'ONLINE_RECEIVED', connector: 'emc' });
    const remoteOnly = () => app.connectors.ports.countRemote('emc', query);
    const reconcile = () => app.services.reconciliation.reconcile(ADMIN, { connector: 'emc', unitCode: '51', from, to });

    await localOnly();
    await remoteOnly();
    started = performance.now();
    const first = await reconcile();
    const firstMs = performance.now() - started;
    process.stdout.write(`first reconciliation (with the repair): ${ms(firstMs)} ms; local ${first.localTotal}, remote ${first.remoteTotal}, `
      + `status ${first.status}, re-sent ${first.resent.length} dossiers\n`);

    const local = await median(localOnly);
    const remote = await median(remoteOnly);
    const [localRows, remoteRows] = [await localOnly(), await remoteOnly()];
    const compare = await median(async () => compareDayCounts(localRows, remoteRows));
    const full = await median(reconcile);
    process.stdout.write([
      `median of ${RUNS} runs:`,
      `  local count query alone (baseline)  ${ms(local)} ms`,
      `  remote report fetched alone         ${ms(remote)} ms`,
      `  comparison alone (in memory)        ${ms(compare)} ms`,
      `  reconcile (count, fetch, compare, write ${COMMUNES + 1} units x ${DAYS} days)  ${ms(full)} ms`,
      `  ratio reconcile / (local + remote)  ${(full / (local + remote)).toFixed(2)}`,
      `  ratio reconcile / local query       ${(full / local).toFixed(2)}`,
      `  ratio first run (with repair) / reconcile  ${(firstMs / full).toFixed(2)}`,
      '',
    ].join('\n'));
  } finally {
    await app.stop();
    await sims.stop();
    await database.stop();
  }
}

/** Communes, dossiers (100 online and 20 in person per commune and day), their RECEIVED event, and the EMC record each online one was delivered with. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function generateLocalData(db: Kysely<any>, from: string): Promise<void> {
  await sql`insert into administrative_unit (code, name, kind, parent_id, province_code, search_text)
    select (51000 + g)::text, 'Xã ' || g, 'COMMUNE', (select id from administrative_unit where code = '51'), '51', 'xa ' || g
    from generate_series(1, ${COMMUNES}) g`.execute(db);
  await sql`insert into dossier (code, procedure_id, online_level, unit_id, channel, status, applicant_full_name, applicant_citizen_id,
      submitted_at, received_at, filed_at, due_date, event_count, search_text)
    select u.code || '-' || to_char(day::date, 'YYMMDD') || '-' || lpad(n::text, 4, '0'),
      (select id from procedure where code = '1.004222'), (select online_level from procedure where code = '1.004222'), u.id,
      case when n <= ${ONLINE_PER_DAY} then 'ONLINE' else 'IN_PERSON' end, 'RECEIVED', 'Nguyễn Văn An', '051203001234',
      case when n <= ${ONLINE_PER_DAY} then t end, t, t, day::date + 10, 1, u.code || ' ' || n
    from administrative_unit u,
      generate_series(${from}::date, ${from}::date + ${DAYS - 1}::int, interval '1 day') day,
      generate_series(1, ${ONLINE_PER_DAY + IN_PERSON_PER_DAY}) n,
      lateral (select (day::date + interval '7 hours' + n * interval '4 minutes') at time zone 'Asia/Ho_Chi_Minh' as t) at_time
    where u.parent_id = (select id from administrative_unit where code = '51')`.execute(db);
  await sql`insert into dossier_event (dossier_id, seq, action, from_status, to_status, at, actor)
    select id, 1, null, null, 'RECEIVED', received_at, 'bench' from dossier`.execute(db);
  await sql`insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code, event,
      state, attempts, succeeded_at)
    select 'emc', 'dossier.status', d.code || ':RECEIVED:1', d.id, d.code, u.code, '51',
      jsonb_build_object('dossierId', d.id, 'dossierCode', d.code, 'unitCode', u.code, 'provinceCode', '51', 'procedureCode', '1.004222',
        'procedureName', 'Đăng ký thường trú', 'procedureOnlineLevel', 'FULL', 'procedureConnector', null, 'procedureFeeVnd', 0,
        'fieldCode', 'CU_TRU', 'channel', 'ONLINE', 'seq', 1, 'action', 'ACCEPT', 'fromStatus', 'SUBMITTED', 'status', 'RECEIVED',
        'outcome', null, 'at', d.received_at, 'submittedAt', d.submitted_at, 'receivedAt', d.received_at,
        'actor', jsonb_build_object('kind', 'STAFF', 'id', 'bench'), 'imported', false),
      'SUCCEEDED', 1, d.received_at
    from dossier d join administrative_unit u on u.id = d.unit_id where d.channel = 'ONLINE'`.execute(db);
  await sql`vacuum analyze`.execute(db);
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const ms = (value: number) => value.toFixed(0);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
