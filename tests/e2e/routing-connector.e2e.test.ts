import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { eventually } from '../support/eventually.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * An agency's own one-stop system: refuses the first call of each hand-over (503), then files it;
 * reports what it filed per agency unit and day (GET /reports/transfers), and can lose a filing.
 */
function agencySystem() {
  const received: { key: string; body: Record<string, unknown> }[] = [];
  const calls = new Map<string, number>();
  const report = () => {
    const rows = new Map<string, { unitCode: string; date: string; codes: string[] }>();
    for (const { body } of received) {
      const date = new Date(String(body.at)).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });
      const key = `${String(body.toUnitCode)}|${date}`;
      const row = rows.get(key) ?? { unitCode: String(body.toUnitCode), date, codes: [] };
      if (!row.codes.includes(String(body.code))) row.codes.push(String(body.code));
      rows.set(key, row);
    }
    return [...rows.values()];
  };
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/reports/transfers')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(report()));
      return;
    }
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      if (req.url !== '/transfers' || n === 1) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"busy"}');
        return;
      }
      if (!received.some((r) => r.key === key)) received.push({ key, body: JSON.parse(raw) });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ receiptNumber: `SNNMT-${received.length}` }));
    });
  });
  return { server, received };
}

const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { id code holder { code } } userErrors { code } } }`;

describe('a transfer to an agency that works in another system goes through the connector layer', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  const remote = agencySystem();
  let t: TestApp;
  let admin: string;
  let commune: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => remote.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(remote.server.address() as AddressInfo).port}`;
    t = await startTestApp({
      clock,
      catalog: true,
      workers: true,
      env: {
        SYNC_POLL_INTERVAL_MS: '50',
        CONNECTOR_AGENCY_SYSTEM_URL: url,
        CONNECTOR_AGENCY_SYSTEM_RETRIES: '0',
        CONNECTOR_AGENCY_SYSTEM_BACKOFF_BASE_MS: '20',
        CONNECTOR_AGENCY_SYSTEM_BACKOFF_MAX_MS: '100',
        CONNECTOR_AGENCY_SYSTEM_BREAKER_THRESHOLD: '100',
      },
    });
    admin = await t.token(Role.PROVINCE_ADMIN, '51', 'admin-51');
    commune = await t.token(Role.OFFICER, '21025', 'xa-officer-1');
    const route = await t.gql(`mutation { setProcedureRoute(provinceCode: "51", procedureCode: "1.012756", steps: [
      { role: RECEIVE, days: 1 }, { role: PROCESS, unitCode: "51.SNNMT", days: 15 }, { role: RETURN, days: 1 }]) { userErrors { code } } }`, {}, { token: admin });
    expect(dataOf(route).setProcedureRoute.userErrors).toEqual([]);
  });
  afterAll(async () => {
    await t.stop();
    await new Promise((resolve) => remote.server.close(resolve));
  });

  test('only a connector that takes transfers may be set, by the province', async () => {
    const set = (connector: string | null, token = admin) =>
      t.gql(`mutation($c: String) { setUnitConnector(unitCode: "51.SNNMT", connector: $c) { connector userErrors { code field } } }`, { c: connector }, { token });
    expect(dataOf(await set('emc')).setUnitConnector.userErrors).toEqual([{ code: 'INVALID_CONNECTOR_KEY', field: ['connector'] }]);
    expect(dataOf(await set('agency-system', commune)).setUnitConnector.userErrors).toEqual([{ code: 'FORBIDDEN', field: null }]);
    expect(dataOf(await set('agency-system')).setUnitConnector).toEqual({ connector: 'agency-system', userErrors: [] });
    expect(dataOf(await t.gql(`{ unitConnector(unitCode: "51.SNNMT") }`)).unitConnector).toBe('agency-system');
  });

  test('the hand-over is an outbox record in the transfer\'s transaction, delivered with retries, once', async () => {
    const received = dataOf(await t.gql(`mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } } }`, {
      input: { procedureCode: '1.012756', unitCode: '21025', channel: 'IN_PERSON', applicant: { fullName: 'Phạm Văn Dũng', citizenId: '051190007777' } },
    }, { token: commune })).receiveDossier.dossier;
    const moved = dataOf(await t.gql(ACT, { input: { dossierId: received.id, action: 'TRANSFER', toUnitCode: '51.SNNMT' } }, { token: commune })).actOnDossier;
    expect(moved.userErrors).toEqual([]);

    const record = await eventually('the hand-over delivered', async () => {
      const [row] = await t.sql<{ state: string; attempts: number; kind: string; idempotency_key: string; remote_reference: string | null }>(
        `select state, attempts, kind, idempotency_key, remote_reference from sync_record where connector = 'agency-system' and dossier_code = $1`, [received.code]);
      return row?.state === 'SUCCEEDED' ? row : null;
    });
    expect(record).toEqual({ state: 'SUCCEEDED', attempts: 2, kind: 'dossier.transfer', idempotency_key: `${received.code}:transfer:2`, remote_reference: 'SNNMT-1' });
    expect(remote.received).toHaveLength(1);
    expect(remote.received[0]!.body).toMatchObject({ code: received.code, procedureCode: '1.012756', fromUnitCode: '21025', toUnitCode: '51.SNNMT', receivingUnitCode: '21025' });
    // No personal data crosses with the hand-over.
    expect(JSON.stringify(remote.received[0]!.body)).not.toMatch(/051190007777|Phạm Văn Dũng/);
    // The transfer changed no status: EMC and the other systems got nothing for it.
    const others = await t.sql<{ connector: string; kind: string }>(`select connector, kind from sync_record where dossier_code = $1 and event->>'action' = 'TRANSFER'`, [received.code]);
    expect(others).toEqual([{ connector: 'agency-system', kind: 'dossier.transfer' }]);
  });

  test('reconciliation of what was handed over: a filing the agency lost is found and sent again, once', async () => {
    const RECONCILE = `mutation { reconcile(connector: "agency-system", unitCode: "51", from: "2026-03-02", to: "2026-03-02") {
      status localTotal remoteTotal rows { unitCode date localCount remoteCount missingRemotely } } }`;
    expect(dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile).toMatchObject({ status: 'MATCHED', localTotal: 1, remoteTotal: 1 });

    const lost = remote.received.shift()!;
    const report = dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile;
    expect(report).toMatchObject({
      status: 'MISMATCHED', localTotal: 1, remoteTotal: 0,
      rows: [{ unitCode: '51.SNNMT', date: '2026-03-02', localCount: 1, remoteCount: 0, missingRemotely: [lost.body.code] }],
    });
    await eventually('the lost hand-over filed again', async () => remote.received.length === 1);
    expect(remote.received[0]!.key).toBe(lost.key);
    expect(dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile).toMatchObject({ status: 'MATCHED', localTotal: 1, remoteTotal: 1 });
  });
});
