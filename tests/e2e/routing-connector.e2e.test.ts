import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { simulatorEnv } from '../support/connector-env.js';
import { eventually } from '../support/eventually.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { id code holder { code } } userErrors { code } } }`;

describe('a transfer to an agency that works in another system goes through the connector layer', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  let sims: RunningSimulators;
  let t: TestApp;
  let admin: string;
  let commune: string;

  beforeAll(async () => {
    // The agency's own system: the simulator (docs/simulators.md), the other systems switched off.
    sims = await startSimulators({ settings: { 'agency-system': { seed: 'routing' } }, env: {} });
    t = await startTestApp({
      clock,
      catalog: true,
      workers: true,
      env: simulatorEnv(sims, {
        CONNECTOR_EMC_ENABLED: '0',
        CONNECTOR_CIVIL_STATUS_ENABLED: '0',
        CONNECTOR_VNEID_ENABLED: '0',
        CONNECTOR_BUSINESS_REGISTRATION_ENABLED: '0',
        CONNECTOR_NOTIFY_ENABLED: '0',
        CONNECTOR_AGENCY_SYSTEM_RETRIES: '0',
        // Slow enough retries that the test lifts the failure before the second attempt.
        CONNECTOR_AGENCY_SYSTEM_BACKOFF_BASE_MS: '300',
        CONNECTOR_AGENCY_SYSTEM_BACKOFF_MAX_MS: '600',
        CONNECTOR_AGENCY_SYSTEM_BREAKER_THRESHOLD: '100',
      }),
    });
    admin = await t.token(Role.PROVINCE_ADMIN, '51', 'admin-51');
    commune = await t.token(Role.OFFICER, '21025', 'xa-officer-1');
    const route = await t.gql(`mutation { setProcedureRoute(provinceCode: "51", procedureCode: "1.012756", steps: [
      { role: RECEIVE, days: 1 }, { role: PROCESS, unitCode: "51.SNNMT", days: 15 }, { role: RETURN, days: 1 }]) { userErrors { code } } }`, {}, { token: admin });
    expect(dataOf(route).setProcedureRoute.userErrors).toEqual([]);
  });
  afterAll(async () => {
    await t?.stop();
    await sims?.stop();
  });

  test('only a connector that takes transfers may be set, by the province', async () => {
    const set = (connector: string | null, token = admin) =>
      t.gql(`mutation($c: String) { setUnitConnector(unitCode: "51.SNNMT", connector: $c) { connector userErrors { code field } } }`, { c: connector }, { token });
    expect(dataOf(await set('emc')).setUnitConnector.userErrors).toEqual([{ code: 'INVALID_CONNECTOR_KEY', field: ['connector'] }]);
    expect(dataOf(await set('agency-system', commune)).setUnitConnector.userErrors).toEqual([{ code: 'FORBIDDEN', field: null }]);
    expect(dataOf(await set('agency-system')).setUnitConnector).toEqual({ connector: 'agency-system', userErrors: [] });
    expect(dataOf(await t.gql(`{ unitConnector(unitCode: "51.SNNMT") }`)).unitConnector).toBe('agency-system');
  });

  const agency = () => sims.systems['agency-system'];
  const receiveAndTransfer = async (citizenId: string) => {
    const received = dataOf(await t.gql(`mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } } }`, {
      input: { procedureCode: '1.012756', unitCode: '21025', channel: 'IN_PERSON', applicant: { fullName: 'Phạm Văn Dũng', citizenId } },
    }, { token: commune })).receiveDossier.dossier;
    const moved = dataOf(await t.gql(ACT, { input: { dossierId: received.id, action: 'TRANSFER', toUnitCode: '51.SNNMT' } }, { token: commune })).actOnDossier;
    expect(moved.userErrors).toEqual([]);
    return received.code as string;
  };
  const handOver = (code: string) => t.sql<{ state: string; attempts: number; kind: string; idempotency_key: string; remote_reference: string | null }>(
    `select state, attempts, kind, idempotency_key, remote_reference from sync_record where connector = 'agency-system' and dossier_code = $1 and superseded_at is null`, [code]);

  test('the hand-over is an outbox record in the transfer\'s transaction, delivered with retries, once', async () => {
    // The agency's system fails until the first attempt has been made, then files the hand-over.
    agency().setSettings({ failureRate: 1 });
    const code = await receiveAndTransfer('051190007777');
    await eventually('a first attempt refused', async () => ((await handOver(code))[0]?.attempts ?? 0) >= 1);
    agency().setSettings({ failureRate: 0 });

    const record = await eventually('the hand-over delivered', async () => {
      const [row] = await handOver(code);
      return row?.state === 'SUCCEEDED' ? row : null;
    });
    expect(record).toMatchObject({ state: 'SUCCEEDED', kind: 'dossier.transfer', idempotency_key: `${code}:transfer:2`, remote_reference: 'BN-51.SNNMT-000001' });
    expect(record.attempts).toBeGreaterThanOrEqual(2);
    const filed = agency().received();
    expect(filed).toEqual([expect.objectContaining({ idempotencyKey: `${code}:transfer:2`, count: 1 })]);
    expect(filed[0]!.body).toMatchObject({ code, procedureCode: '1.012756', fromUnitCode: '21025', toUnitCode: '51.SNNMT', receivingUnitCode: '21025' });
    // No personal data crosses with the hand-over.
    expect(JSON.stringify(filed[0]!.body)).not.toMatch(/051190007777|Phạm Văn Dũng/);
    // The transfer changed no status: EMC and the other systems got nothing for it.
    const others = await t.sql<{ connector: string; kind: string }>(`select connector, kind from sync_record where dossier_code = $1 and event->>'action' = 'TRANSFER'`, [code]);
    expect(others).toEqual([{ connector: 'agency-system', kind: 'dossier.transfer' }]);
  });

  test('reconciliation of what was handed over: a filing the agency lost is found and sent again, once', async () => {
    const RECONCILE = `mutation { reconcile(connector: "agency-system", unitCode: "51", from: "2026-03-02", to: "2026-03-02") {
      status localTotal remoteTotal resent rows { unitCode date localCount remoteCount missingRemotely } } }`;
    expect(dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile).toMatchObject({ status: 'MATCHED', localTotal: 1, remoteTotal: 1 });

    // The agency's system answers 201 with a receipt number but files nothing.
    agency().setSettings({ dropRate: 1 });
    const code = await receiveAndTransfer('051190008888');
    await eventually('the hand-over acknowledged', async () => (await handOver(code))[0]?.state === 'SUCCEEDED');
    agency().setSettings({ dropRate: 0 });
    const [lost] = agency().dropped();
    expect(lost).toMatchObject({ idempotencyKey: `${code}:transfer:2`, code });

    const report = dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile;
    expect(report).toMatchObject({
      status: 'MISMATCHED', localTotal: 2, remoteTotal: 1, resent: [code],
      rows: [{ unitCode: '51.SNNMT', date: '2026-03-02', localCount: 2, remoteCount: 1, missingRemotely: [code] }],
    });
    await eventually('the lost hand-over filed again', async () => agency().received().length === 2);
    expect(agency().received()[1]).toMatchObject({ idempotencyKey: lost!.idempotencyKey, count: 1 });
    expect(dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile).toMatchObject({ status: 'MATCHED', localTotal: 2, remoteTotal: 2 });
  });
});
