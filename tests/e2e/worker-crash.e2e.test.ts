import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { Role, type Actor } from '../../src/domain/access/actor.js';
import { Channel, DossierAction } from '../../src/domain/vocabulary/dossier-enums.js';
import { simulatorEnv } from '../support/connector-env.js';
import { eventually } from '../support/eventually.js';
import { TEST_JWT_SECRET, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A worker process killed (SIGKILL) in the middle of deliveries, then started again: the deliveries
 * it held are taken back once their lease expires, and every event arrives; nothing is lost, nothing
 * stays RUNNING.
 */
let sims: RunningSimulators;
let t: TestApp;
let env: Record<string, string>;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // Slow answers keep deliveries in flight long enough to be caught by the kill.
  sims = await startSimulators({ env: {}, settings: { emc: { latencyMs: 300 } } });
  env = simulatorEnv(sims, { SYNC_LEASE_MS: '1500', CONNECTOR_EMC_CONCURRENCY: '8' });
  // The API alone in this process: deliveries are the child worker's job.
  t = await startTestApp({ catalog: true, workers: false, logLevel: 'silent', env });
}, 60_000);
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await t.stop();
  await sims.stop();
});

/** `node src/main.ts worker` against the test database; resolves once its workers run. */
async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts', 'worker'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: '',
      NODE_ENV: 'test',
      DATABASE_URL: t.databaseUrl,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
    },
  });
  workers.push(child);
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.includes('motcua workers are running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker exited with ${code} before it was ready`)));
  });
  return child;
}

async function states(): Promise<Record<string, number>> {
  const rows = await t.sql<{ state: string; n: string }>(`select state, count(*) as n from sync_record group by state`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

test('SIGKILL mid-delivery, then a restart: every event delivered, nothing stuck', async () => {
  const officer: Actor = { sub: 'officer-1', role: Role.OFFICER, unitCode: '21025' };
  const codes: string[] = [];
  for (let i = 0; i < 120; i++) {
    const id = await t.app.services.intake.receive(officer, {
      procedureCode: '1.004194',
      unitCode: '21025',
      channel: Channel.IN_PERSON,
      applicant: { fullName: 'Trần Thị Bích', citizenId: '079303004562' },
    });
    if (i % 2 === 0) await t.app.services.actions.act(officer, { dossierId: id, action: DossierAction.START_PROCESSING });
    codes.push((await t.app.services.dossierReader.byIds([id]))[0]!.code);
  }
  const expectedKeys = codes.flatMap((code, i) => [`${code}:RECEIVED:1`, ...(i % 2 === 0 ? [`${code}:PROCESSING:1`] : [])]);
  expect(await states()).toEqual({ PENDING: expectedKeys.length });

  const first = await startWorker();
  await eventually('deliveries in flight and some done', async () => {
    const now = await states();
    return (now.RUNNING ?? 0) > 0 && (now.SUCCEEDED ?? 0) > 0;
  });
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const held = await t.sql<{ id: string }>(`select id from sync_record where state = 'RUNNING'`);
  expect(held.length).toBeGreaterThan(0);

  const second = await startWorker();
  await eventually('every record delivered', async () => {
    const now = await states();
    return now.SUCCEEDED === expectedKeys.length ? now : null;
  }, 60_000);

  // The deliveries the killed worker held were taken back, not left RUNNING.
  const takenBack = await t.sql<{ attempts: number }>(`select attempts from sync_record where id = any($1::bigint[])`, [held.map((h) => h.id)]);
  expect(takenBack.every((r) => r.attempts >= 2)).toBe(true);
  // Nothing lost: EMC holds every expected event (at least once; it dedupes repeats on the idempotency key).
  const received = new Set(sims.systems.emc.received().map((p) => p.idempotencyKey));
  expect(expectedKeys.filter((key) => !received.has(key))).toEqual([]);
  expect(sims.systems.emc.received()).toHaveLength(expectedKeys.length);

  second.kill('SIGTERM');
  expect(await new Promise((resolve) => second.once('exit', resolve))).toBe(0);
}, 180_000);
