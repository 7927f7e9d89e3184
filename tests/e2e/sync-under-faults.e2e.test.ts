import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { Role, type Actor } from '../../src/domain/access/actor.js';
import { Channel, DossierAction, Outcome } from '../../src/domain/vocabulary/dossier-enums.js';
import { simulatorEnv } from '../support/connector-env.js';
import { eventually } from '../support/eventually.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * 1,000 dossiers through their lifecycles while EMC fails 30 % of requests and is down for a
 * while: every expected event arrives exactly once, nothing is DEAD, and intake never waits for EMC.
 */
const DOSSIERS = 1000;
const UNITS = ['21025', '21028', '21211', '21040', '21548'];
const A = DossierAction;

/** Lifecycles, and the EMC statuses each must produce (PROCESSING once however often it is entered). */
const PATHS: { actions: { action: DossierAction; outcome?: Outcome }[]; emc: string[] }[] = [
  { actions: [], emc: ['RECEIVED'] },
  { actions: [{ action: A.START_PROCESSING }, { action: A.RESOLVE, outcome: Outcome.APPROVED }, { action: A.RETURN_RESULT }], emc: ['RECEIVED', 'PROCESSING', 'RETURNED'] },
  {
    actions: [{ action: A.START_PROCESSING }, { action: A.REQUEST_SUPPLEMENT }, { action: A.SUBMIT_SUPPLEMENT }, { action: A.RESOLVE, outcome: Outcome.DENIED }],
    emc: ['RECEIVED', 'PROCESSING'],
  },
  { actions: [{ action: A.START_PROCESSING }, { action: A.WITHDRAW }], emc: ['RECEIVED', 'PROCESSING', 'OTHER'] },
  { actions: [{ action: A.RESOLVE, outcome: Outcome.APPROVED }, { action: A.RETURN_RESULT }], emc: ['RECEIVED', 'RETURNED'] },
];

let sims: RunningSimulators;
let t: TestApp;
const expected = new Map<string, string[]>();

beforeAll(async () => {
  sims = await startSimulators({ env: {}, settings: { emc: { failureRate: 0.3, seed: 'sync-under-faults' } } });
  t = await startTestApp({
    catalog: true,
    workers: true,
    logLevel: 'silent',
    // Electronic results off: this test is about EMC deliveries, and a PDF per RESOLVE (about 0.3 s
    // under jest) would be most of its time (docs/digitization.md, "Limits").
    env: simulatorEnv(sims, { CONNECTOR_EMC_MAX_ATTEMPTS: '30', CONNECTOR_EMC_RETRIES: '1', CONNECTOR_EMC_CONCURRENCY: '16', ELECTRONIC_RESULTS: '0' }),
  });
}, 60_000);
afterAll(async () => {
  await t.stop();
  await sims.stop();
});

/** Receives dossier `i` (in person, by post, or online then accepted or refused) and takes it through its lifecycle. */
async function lifecycle(i: number): Promise<void> {
  const unitCode = UNITS[i % UNITS.length]!;
  const officer: Actor = { sub: `officer-${unitCode}`, role: Role.OFFICER, unitCode };
  const citizenId = `0512030${String(10000 + i).slice(-5)}`.replace(/[13]$/, '2');
  const online = i % 4 === 0;
  const { services } = t.app;
  const id = await services.intake.receive(online ? { sub: citizenId, role: Role.CITIZEN, unitCode: null } : officer, {
    procedureCode: online ? (i % 8 === 0 ? '1.004222' : '1.013225') : i % 3 === 0 ? '2.000815' : '1.004194',
    unitCode,
    channel: online ? Channel.ONLINE : i % 4 === 1 ? Channel.POSTAL : Channel.IN_PERSON,
    applicant: { fullName: `Người nộp ${i}`, citizenId },
  });
  const [{ code }] = await services.dossierReader.byIds([id]);
  if (online && i % 40 === 0) {
    await services.actions.act(officer, { dossierId: id, action: A.REFUSE });
    expected.set(code!, []);
    return;
  }
  if (online) await services.actions.act(officer, { dossierId: id, action: A.ACCEPT });
  const path = PATHS[i % PATHS.length]!;
  for (const step of path.actions) await services.actions.act(officer, { dossierId: id, ...step });
  expected.set(code!, path.emc);
}

/** Runs lifecycles `from` .. `to - 1`, eight at a time; any failure fails the test. */
async function run(from: number, to: number): Promise<void> {
  let next = from;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < to) await lifecycle(next++);
  }));
}

test('every expected EMC event arrives exactly once despite 30 % failures and an outage; intake never waits for EMC', async () => {
  await run(0, 400);

  // EMC goes down. Intake carries on: every dossier is received and processed while nothing reaches EMC.
  sims.systems.emc.startOutage(10 * 60_000);
  const [{ before }] = await t.sql<{ before: string }>(`select count(*) as before from sync_exchange where http_status = 503`);
  await run(400, 600);
  // (A delivery already past the simulator's fault check when the outage began may still land: only
  // the dossiers created during the outage are sure to have reached nothing.)
  const duringOutage = [...expected.keys()].slice(400);
  const outageCodes = new Set(sims.systems.emc.received().map((p) => (p.body as { CodeProfile: string }).CodeProfile));
  expect(duringOutage.filter((code) => outageCodes.has(code))).toEqual([]);
  // The outage was real: deliveries were tried and refused while intake went on, or the circuit opened.
  await eventually('EMC seen down', async () => {
    const [{ after }] = await t.sql<{ after: string }>(`select count(*) as after from sync_exchange where http_status = 503`);
    const [{ circuit }] = await t.sql<{ circuit: string }>(`select circuit from connector_state where key = 'emc'`);
    return Number(after) > Number(before) || circuit === 'OPEN';
  });

  // EMC comes back (still failing 30 % of requests); more dossiers arrive.
  sims.systems.emc.setSettings({ outages: [] });
  await run(600, DOSSIERS);
  expect(expected.size).toBe(DOSSIERS);

  await eventually('every delivery finished', async () => {
    const [{ open }] = await t.sql<{ open: string }>(`select count(*) as open from sync_record where connector = 'emc' and state not in ('SUCCEEDED', 'DEAD')`);
    return Number(open) === 0;
  }, 180_000);

  const [{ dead }] = await t.sql<{ dead: string }>(`select count(*) as dead from sync_record where state = 'DEAD'`);
  expect(Number(dead)).toBe(0);
  const received = new Map(sims.systems.emc.received().map((p) => [p.idempotencyKey!, p]));
  const wanted = [...expected].flatMap(([code, statuses]) => statuses.map((status) => `${code}:${status}:1`));
  expect(wanted.length).toBeGreaterThan(2000);
  expect(wanted.filter((key) => !received.has(key))).toEqual([]);
  expect([...received.keys()].filter((key) => !wanted.includes(key))).toEqual([]);
  // Exactly once: the remote saw each key delivered a single time.
  expect([...received.values()].filter((p) => p.count !== 1).map((p) => [p.idempotencyKey, p.count])).toEqual([]);
  // And faults really happened along the way.
  const [{ failures }] = await t.sql<{ failures: string }>(`select count(*) as failures from sync_exchange where connector = 'emc' and error_class = 'TRANSIENT'`);
  expect(Number(failures)).toBeGreaterThan(500);
}, 300_000);
