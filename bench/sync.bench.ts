import pg from 'pg';
import { connectorUrlVariableOf, startSimulators, SYSTEM_NAMES, type RunningSimulators } from '../simulators/index.js';
import { startApplication, type RunningApplication } from '../src/application.js';
import { DEMO_PROCEDURES, DEMO_UNITS } from '../src/db/seed/demo-catalog.js';
import { startThrowawayPostgres } from '../src/db/embedded-postgres.js';
import { Role, type Actor } from '../src/domain/access/actor.js';
import { Channel } from '../src/domain/vocabulary/dossier-enums.js';
import { createLogger } from '../src/logger.js';
import { benchConfig } from './support/bench-config.js';

/**
 * `npm run bench -- sync` (issue 4):
 * 1. deliveries per second from the outbox to the local EMC simulator without faults (target >= 500/s),
 *    measured from the database's own claim and completion times;
 * 2. intake latency with the connectors healthy vs DOWN (EMC and VNeID in an outage, then VNeID
 *    hanging until its timeout), as ratios against the healthy run in the same process.
 */
const DELIVERIES = Number(process.env.BENCH_SYNC_DELIVERIES ?? 5000);
const INTAKES = Number(process.env.BENCH_SYNC_INTAKES ?? 150);
const ADMIN: Actor = { sub: 'bench', role: Role.SYSTEM_ADMIN, unitCode: null };
const OFFICER: Actor = { sub: 'bench-officer', role: Role.OFFICER, unitCode: '21025' };
const CITIZEN_ID = '051203001234';
const CITIZEN: Actor = { sub: CITIZEN_ID, role: Role.CITIZEN, unitCode: null };

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });

function start(databaseUrl: string, sims: RunningSimulators, workers: boolean): Promise<RunningApplication> {
  const env: Record<string, string> = {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    CONNECTOR_EMC_SITE_ID: 'QNG-BENCH',
    ...(process.env.CONNECTOR_EMC_CONCURRENCY ? { CONNECTOR_EMC_CONCURRENCY: process.env.CONNECTOR_EMC_CONCURRENCY } : {}),
    CONNECTOR_VNEID_BREAKER_HALF_OPEN_MS: '60000',
  };
  for (const system of SYSTEM_NAMES) env[connectorUrlVariableOf(system)] = sims.urls[system];
  return startApplication(benchConfig(databaseUrl, env), logger, { api: false, workers });
}

async function query<R>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as R[];
  } finally {
    await client.end();
  }
}

/** Outbox -> EMC simulator: how many deliveries a worker completes per second. */
async function deliveriesPerSecond(url: string, sims: RunningSimulators): Promise<void> {
  const seeding = await start(url, sims, false);
  await seeding.services.units.upsert(ADMIN, DEMO_UNITS);
  await seeding.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);
  const seedId = await seeding.services.intake.receive(OFFICER, {
    procedureCode: '2.000815', unitCode: '21025', channel: Channel.IN_PERSON, applicant: { fullName: 'Nguyễn Văn An', citizenId: CITIZEN_ID },
  });
  await seeding.stop();
  // Clone the seed dossier and its EMC record: N independent dossiers, each with one pending delivery.
  await query(url, `insert into dossier (code, procedure_id, online_level, unit_id, channel, status, applicant_full_name, applicant_citizen_id,
      filed_at, received_at, due_date, search_text, event_count)
    select d.code || '-B' || g, d.procedure_id, d.online_level, d.unit_id, d.channel, d.status, d.applicant_full_name, d.applicant_citizen_id,
      d.filed_at, d.received_at, d.due_date, d.search_text, d.event_count
    from dossier d, generate_series(1, $2::int) g where d.id = $1`, [seedId, DELIVERIES - 1]);
  await query(url, `insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code, event)
    select r.connector, r.kind, c.code || ':RECEIVED:1', c.id, c.code, r.unit_code, r.unit_parent_code,
      jsonb_set(jsonb_set(r.event, '{dossierId}', to_jsonb(c.id)), '{dossierCode}', to_jsonb(c.code))
    from sync_record r join dossier s on s.id = r.dossier_id, dossier c
    where r.dossier_id = $1 and r.connector = 'emc' and c.code like s.code || '-B%'`, [seedId]);
  const [{ pending }] = await query<{ pending: string }>(url, `select count(*) as pending from sync_record where connector = 'emc' and state = 'PENDING'`);

  const wallStart = Date.now();
  const worker = await start(url, sims, true);
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    const [{ done }] = await query<{ done: string }>(url, `select count(*) as done from sync_record where connector = 'emc' and state in ('SUCCEEDED', 'DEAD')`);
    if (Number(done) >= Number(pending)) break;
    if (Date.now() > deadline) throw new Error(`deliveries did not finish in 5 minutes: ${done} of ${pending} done`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const wallMs = Date.now() - wallStart;
  await worker.stop();
  const [span] = await query<{ ms: string; dead: string }>(url, `select extract(epoch from max(succeeded_at) - min(last_attempt_at)) * 1000 as ms,
    (select count(*) from sync_record where state = 'DEAD') as dead from sync_record where connector = 'emc' and state = 'SUCCEEDED'`);
  const received = sims.systems.emc.received();
  const perSecond = Number(pending) / (Number(span!.ms) / 1000);
  process.stdout.write(
    `deliveries to the EMC simulator (no faults, concurrency ${worker.connectors.entry('emc')!.settings.common.concurrency}):\n` +
      `  ${pending} delivered in ${(Number(span!.ms) / 1000).toFixed(2)} s = ${Math.round(perSecond)}/s (target >= 500/s: ${perSecond >= 500 ? 'met' : 'NOT met'})\n` +
      `  wall clock including worker start: ${(wallMs / 1000).toFixed(2)} s; received by EMC: ${received.length}, ` +
      `each exactly once: ${received.every((p) => p.count === 1)}; DEAD: ${span!.dead}\n`,
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeIntakes(app: RunningApplication, online: boolean): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < INTAKES; i++) {
    const started = performance.now();
    await app.services.intake.receive(online ? CITIZEN : OFFICER, {
      procedureCode: online ? '1.004222' : '2.000815',
      unitCode: '21025',
      channel: online ? Channel.ONLINE : Channel.IN_PERSON,
      applicant: { fullName: 'Nguyễn Văn An', citizenId: CITIZEN_ID },
    });
    latencies.push(performance.now() - started);
  }
  return latencies.sort((a, b) => a - b);
}

/**
 * Intake with the connectors healthy, then DOWN: the ratio says whether a remote system slows
 * intake. Measured on API-only processes (as `npm run serve` runs): deliveries by workers in the
 * same process would compete for its CPU while the remote is up and idle while it is down, which
 * would measure the workers, not the remote. VNeID is asked synchronously either way.
 */
async function intakeLatency(url: string, sims: RunningSimulators): Promise<void> {
  let app: RunningApplication | null = await start(url, sims, false);
  try {
    await timeIntakes(app, true); // warm-up
    const runs: { label: string; inPerson: number[]; online: number[] }[] = [];
    const current = app;
    const measure = async (label: string) => runs.push({ label, inPerson: await timeIntakes(current, false), online: await timeIntakes(current, true) });
    await measure('healthy');
    sims.systems.emc.startOutage(60 * 60_000);
    sims.systems.vneid.startOutage(60 * 60_000);
    await measure('DOWN (503 outage)');
    sims.systems.vneid.setSettings({ outages: [], timeoutRate: 1, hangMs: 60_000 });
    // A fresh circuit: the first calls wait for the timeout before it opens.
    await app.stop();
    app = null;
    const hanging = await start(url, sims, false);
    try {
      runs.push({ label: 'VNeID hanging (timeouts)', inPerson: await timeIntakes(hanging, false), online: await timeIntakes(hanging, true) });
    } finally {
      await hanging.stop();
    }
    sims.systems.vneid.setSettings({ timeoutRate: 0 });
    const base = runs[0]!;
    process.stdout.write(`intake latency, ${INTAKES} dossiers per line (in person: EMC outbox; online FULL: VNeID asked):\n`);
    for (const r of runs) {
      const line = (name: string, values: number[], baseline: number[]) =>
        `  ${r.label.padEnd(26)} ${name.padEnd(12)} p50 ${percentile(values, 50).toFixed(1).padStart(6)} ms` +
        ` (x${(percentile(values, 50) / percentile(baseline, 50)).toFixed(2)})  p95 ${percentile(values, 95).toFixed(1).padStart(6)} ms` +
        ` (x${(percentile(values, 95) / percentile(baseline, 95)).toFixed(2)})  max ${values.at(-1)!.toFixed(0)} ms\n`;
      process.stdout.write(line('in person', r.inPerson, base.inPerson) + line('online FULL', r.online, base.online));
    }
  } finally {
    await app?.stop();
  }
}

export async function run(): Promise<void> {
  const sims = await startSimulators({ env: {} });
  const database = await startThrowawayPostgres(logger);
  try {
    process.stdout.write('sync benchmark (embedded PostgreSQL, local simulators)\n');
    await deliveriesPerSecond(database.url, sims);
    await intakeLatency(database.url, sims);
  } finally {
    await sims.stop();
    await database.stop();
  }
}
