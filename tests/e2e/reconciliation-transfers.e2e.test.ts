import type { RunningSimulators } from '../../simulators/index.js';
import { Role } from '../../src/domain/access/actor.js';
import { Channel } from '../../src/domain/vocabulary/dossier-enums.js';
import { TestClock } from '../support/clock.js';
import {
  AGENCY_UNIT,
  deliveriesSettled,
  receiveDossier,
  ROUTED_PROCEDURE,
  routeToAgencySystem,
  startAppWithSimulators,
  transferDossier,
} from '../support/reconciliation-fixtures.js';
import { eventually } from '../support/eventually.js';
import { dataOf, type TestApp } from '../support/test-app.js';

const FIELDS = `id status localTotal remoteTotal resent awaitingDelivery notResendable
  rows { unitCode date localCount remoteCount difference missingRemotely unknownLocally }`;
const RECONCILE = `mutation($from: Date!, $to: Date!) { reconcile(connector: "agency-system", unitCode: "51", from: $from, to: $to) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on ReconciliationReport { followUp { trigger ${FIELDS} } } } }`;

interface Row { unitCode: string; date: string; localCount: number; remoteCount: number; difference: number; missingRemotely: string[]; unknownLocally: string[] }
interface Report { id: string; status: string; localTotal: number; remoteTotal: number; resent: string[]; awaitingDelivery: string[]; notResendable: string[]; rows: Row[] }

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
const UNITS = ['21025', '21028'];
const PER_UNIT_AND_DAY = 8;

/**
 * The agency-system connector (count basis TRANSFERRED) against its simulator, as the EMC and
 * civil-status tests of reconciliation-repair do: the agency's system answers 201 with a receipt to
 * every hand-over but silently files only about 90 % of them; reconciliation finds exactly those it
 * lacks, sends them again with their keys, and the follow-up finds the agency's system complete.
 */
describe('reconciliation of hand-overs to an agency system that silently loses some', () => {
  const clock = new TestClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let sims: RunningSimulators;
  let admin: string;
  const transferred: string[] = [];
  const agency = () => sims.systems['agency-system'];

  beforeAll(async () => {
    // EMC is not what is reconciled here: switched off so that only the hand-overs travel.
    ({ t, sims } = await startAppWithSimulators(clock, { CONNECTOR_EMC_ENABLED: '0', CONNECTOR_CIVIL_STATUS_ENABLED: '0' }));
    admin = await t.token(Role.PROVINCE_ADMIN, '51');
    await routeToAgencySystem(t);
    agency().setSettings({ dropRate: 0.1 });
    for (const day of DAYS) {
      for (const unitCode of UNITS) {
        clock.set(`${day}T08:00:00+07:00`);
        for (let i = 0; i < PER_UNIT_AND_DAY; i++) {
          clock.advance(60_000);
          const code = await receiveDossier(t, { unitCode, procedureCode: ROUTED_PROCEDURE, channel: Channel.IN_PERSON });
          clock.advance(60_000);
          await transferDossier(t, code);
          transferred.push(code);
        }
      }
    }
    // Re-sent hand-overs are not dropped again: the follow-up must find the agency's system complete.
    agency().setSettings({ dropRate: 0 });
    // Received in the period but transferred after it: not a hand-over of the period.
    const late = await receiveDossier(t, { unitCode: '21025', procedureCode: ROUTED_PROCEDURE, channel: Channel.IN_PERSON });
    clock.set('2026-03-05T09:00:00+07:00');
    await transferDossier(t, late);
    await eventually('every hand-over to finish', () => deliveriesSettled(t, 'agency-system'));
    clock.set('2026-03-06T10:00:00+07:00');
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await sims?.stop();
  });

  const reconcile = async () => dataOf(await t.gql<{ reconcile: Report }>(RECONCILE, { from: DAYS[0], to: DAYS[2] }, { token: admin })).reconcile;

  let report: Report;

  test('the report lists exactly the hand-overs the agency system dropped while answering 201', async () => {
    const lost = agency().dropped().map((d) => d.code!).sort();
    // About a tenth (seeded): some, not all.
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.length).toBeLessThan(transferred.length / 4);
    const [{ acknowledged }] = await t.sql<{ acknowledged: string }>(
      `select count(*) as acknowledged from sync_record where connector = 'agency-system' and state = 'SUCCEEDED' and dossier_code = any($1)`, [lost]);
    expect(Number(acknowledged)).toBe(lost.length);

    report = await reconcile();
    expect(report).toMatchObject({
      status: 'MISMATCHED',
      localTotal: transferred.length,
      remoteTotal: transferred.length - lost.length,
      resent: lost,
      awaitingDelivery: [],
      notResendable: [],
    });
    expect(report.rows.flatMap((r) => r.missingRemotely).sort()).toEqual(lost);
    for (const row of report.rows) {
      // Under the agency unit (not the receiving commune), by the day of the transfer.
      expect(row.unitCode).toBe(AGENCY_UNIT);
      expect(DAYS).toContain(row.date);
      expect(row.difference).toBe(row.missingRemotely.length);
      expect(row.unknownLocally).toEqual([]);
    }
  });

  test('the lost hand-overs are sent again with their keys, filed once, and the follow-up is MATCHED', async () => {
    const followUp = await eventually('the follow-up', async () => {
      const node = dataOf(await t.gql<{ node: { followUp: (Report & { trigger: string }) | null } }>(NODE, { id: report.id }, { token: admin })).node;
      return node.followUp;
    });
    expect(followUp).toMatchObject({
      status: 'MATCHED',
      trigger: 'FOLLOW_UP',
      localTotal: transferred.length,
      remoteTotal: transferred.length,
      resent: [],
      rows: [],
    });

    const filed = agency().received();
    const keys = filed.map((p) => p.idempotencyKey);
    // Every hand-over filed exactly once, the re-sent ones under the keys they were dropped with.
    expect(new Set(keys).size).toBe(keys.length);
    expect(filed.every((p) => p.count === 1)).toBe(true);
    const droppedKeys = agency().dropped().map((d) => d.idempotencyKey);
    expect(droppedKeys.every((key) => keys.includes(key))).toBe(true);
    const fresh = await t.sql<{ idempotency_key: string; state: string; remote_reference: string }>(
      `select idempotency_key, state, remote_reference from sync_record where connector = 'agency-system' and supersedes_id is not null`);
    expect(fresh.map((r) => r.idempotency_key).sort()).toEqual([...droppedKeys].sort());
    expect(fresh.every((r) => r.state === 'SUCCEEDED' && r.remote_reference.startsWith(`BN-${AGENCY_UNIT}-`))).toBe(true);
  });
});
