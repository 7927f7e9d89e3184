import type { RunningSimulators } from '../../simulators/index.js';
import { Role } from '../../src/domain/access/actor.js';
import { Channel } from '../../src/domain/vocabulary/dossier-enums.js';
import { TestClock } from '../support/clock.js';
import { deliveriesSettled, receiveDossier, startAppWithSimulators, type Path } from '../support/reconciliation-fixtures.js';
import { eventually } from '../support/eventually.js';
import { dataOf, type TestApp } from '../support/test-app.js';

const REPORT_FIELDS = `id connector countBasis unitCode from to status localTotal remoteTotal trigger requestedBy
  resent awaitingDelivery notResendable followUpDueAt csvPath
  rows { unitCode date localCount remoteCount difference missingRemotely unknownLocally }
  allRows: rows(includeMatched: true) { unitCode date localCount remoteCount difference missingRemotely unknownLocally }`;
const RECONCILE = `mutation($connector: String!, $unitCode: String!, $from: Date!, $to: Date!) {
  reconcile(connector: $connector, unitCode: $unitCode, from: $from, to: $to) { ${REPORT_FIELDS} }
}`;
const NODE = `query($id: ID!) { node(id: $id) { ... on ReconciliationReport { ${REPORT_FIELDS}
  followUp { ${REPORT_FIELDS} followUpOf { id } } } } }`;

interface Row { unitCode: string; date: string; localCount: number; remoteCount: number; difference: number; missingRemotely: string[]; unknownLocally: string[] }
interface Report {
  id: string; status: string; localTotal: number; remoteTotal: number; trigger: string; resent: string[]; awaitingDelivery: string[];
  notResendable: string[]; followUpDueAt: string | null; csvPath: string; rows: Row[]; allRows: Row[];
  followUp?: (Report & { followUpOf: { id: string } }) | null;
}

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-04'];
const UNITS = ['21025', '21028'];
/** Per unit and day: online dossiers by path (most only received: losing their one EMC event loses the dossier). */
const ONLINE_PATHS: Path[] = ['RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED', 'RECEIVED', 'PROCESSING', 'PROCESSING', 'PROCESSING_TWICE', 'PROCESSING_TWICE'];

/** Per unit and day, Hộ tịch dossiers (civil status): one online, the others in person or by post. */
const CIVIL_CHANNELS = [Channel.ONLINE, Channel.IN_PERSON, Channel.IN_PERSON, Channel.POSTAL, Channel.IN_PERSON];
const ONLINE_PER_DAY = ONLINE_PATHS.length + CIVIL_CHANNELS.filter((c) => c === Channel.ONLINE).length;

/** Codes of dossiers the remote holds nothing of: every push about them was dropped. */
function lostCodes(sims: RunningSimulators, system: 'emc' | 'civil-status', online: (body: Record<string, unknown>) => boolean): string[] {
  const handle = sims.systems[system];
  const codeOf = (body: Record<string, unknown>) => String(body.CodeProfile ?? body.code);
  const held = new Set(handle.received().map((p) => codeOf(p.body as Record<string, unknown>)));
  const dropped = handle.dropped().filter((d) => online(d.body as Record<string, unknown>)).map((d) => codeOf(d.body as Record<string, unknown>));
  return [...new Set(dropped)].filter((c) => !held.has(c)).sort();
}

describe('reconciliation finds exactly what a remote silently lost, re-sends it, and the follow-up matches', () => {
  const clock = new TestClock('2026-03-02T08:00:00+07:00');
  let t: TestApp;
  let sims: RunningSimulators;
  let admin: string;
  const online: string[] = [];
  const direct: string[] = [];
  const civil: string[] = [];

  beforeAll(async () => {
    ({ t, sims } = await startAppWithSimulators(clock));
    admin = await t.token(Role.PROVINCE_ADMIN, '51');
    // Both remotes answer 2xx to every push but silently drop 10 % of them.
    sims.systems.emc.setSettings({ dropRate: 0.1 });
    sims.systems['civil-status'].setSettings({ dropRate: 0.1 });
    for (const [d, day] of DAYS.entries()) {
      for (const unitCode of UNITS) {
        clock.set(`${day}T08:00:00+07:00`);
        for (const path of ONLINE_PATHS) {
          clock.advance(60_000);
          online.push(await receiveDossier(t, { unitCode, procedureCode: '1.004222', channel: Channel.ONLINE, path }));
        }
        for (const channel of [Channel.IN_PERSON, Channel.POSTAL, Channel.POSTAL]) {
          clock.advance(60_000);
          direct.push(await receiveDossier(t, { unitCode, procedureCode: '1.004222', channel, path: 'PROCESSING' }));
        }
        // Hộ tịch dossiers go to civil status whatever the channel.
        for (const channel of CIVIL_CHANNELS) {
          clock.advance(60_000);
          const code = await receiveDossier(t, { unitCode, procedureCode: d % 2 === 0 ? '2.000635' : '1.000894', channel });
          civil.push(code);
          (channel === Channel.ONLINE ? online : direct).push(code);
        }
      }
    }
    // A dossier received online after the period is not counted in it.
    clock.set('2026-03-05T09:00:00+07:00');
    await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    await eventually('every EMC delivery to finish', () => deliveriesSettled(t, 'emc'));
    await eventually('every civil-status delivery to finish', () => deliveriesSettled(t, 'civil-status'));
    // Re-sent deliveries are not dropped again: the follow-up must find the remote complete.
    sims.systems.emc.setSettings({ dropRate: 0 });
    sims.systems['civil-status'].setSettings({ dropRate: 0 });
    clock.set('2026-03-06T10:00:00+07:00');
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await sims?.stop();
  });

  async function reconcile(connector: string, unitCode = '51'): Promise<Report> {
    return dataOf(await t.gql<{ reconcile: Report }>(RECONCILE, { connector, unitCode, from: DAYS[0], to: DAYS[2] }, { token: admin })).reconcile;
  }

  async function followUpOf(id: string): Promise<NonNullable<Report['followUp']>> {
    return eventually(`the follow-up of ${id}`, async () => {
      const report = dataOf(await t.gql<{ node: Report }>(NODE, { id }, { token: admin })).node;
      return report.followUp ?? null;
    });
  }

  let emcReport: Report;

  test('EMC: the report lists exactly the dropped online dossiers of which EMC holds nothing', async () => {
    const lost = lostCodes(sims, 'emc', (body) => body.FormsReception === 1);
    expect(lost.length).toBeGreaterThan(0);
    emcReport = await reconcile('emc');
    const missing = emcReport.rows.flatMap((r) => r.missingRemotely).sort();
    expect(missing).toEqual(lost);
    expect(emcReport).toMatchObject({
      status: 'MISMATCHED',
      trigger: 'MANUAL',
      // Online dossiers only, each counted once (the ones that went PROCESSING twice included).
      localTotal: online.length,
      remoteTotal: online.length - lost.length,
      resent: lost,
      awaitingDelivery: [],
      notResendable: [],
    });
    expect(emcReport.followUpDueAt).not.toBeNull();
    for (const row of emcReport.rows) {
      expect(row.difference).toBe(row.localCount - row.remoteCount);
      expect(row.difference).toBe(row.missingRemotely.length);
      expect(row.unknownLocally).toEqual([]);
    }
    // includeMatched: every unit and day, with its online dossiers; in-person and postal never count.
    expect(emcReport.allRows.map((r) => [r.unitCode, r.date, r.localCount])).toEqual(
      UNITS.flatMap((u) => DAYS.map((d) => [u, d, ONLINE_PER_DAY])),
    );
    const listed = new Set(emcReport.allRows.flatMap((r) => [...r.missingRemotely, ...r.unknownLocally]));
    expect(direct.some((code) => listed.has(code))).toBe(false);
  });

  test('EMC: the re-sent deliveries supersede the lost ones with the same idempotency keys, and nothing is doubled', async () => {
    const records = await t.sql<{ dossier_code: string; idempotency_key: string; state: string; superseded: boolean; supersedes_id: string | null }>(
      `select dossier_code, idempotency_key, state, superseded_at is not null as superseded, supersedes_id
       from sync_record where connector = 'emc' and dossier_code = any($1) order by id`, [emcReport.resent],
    );
    const old = records.filter((r) => r.superseded);
    const fresh = records.filter((r) => r.supersedes_id !== null);
    expect(old.length).toBeGreaterThanOrEqual(emcReport.resent.length);
    expect(old.every((r) => r.state === 'SUCCEEDED')).toBe(true);
    expect(fresh.map((r) => r.idempotency_key).sort()).toEqual(old.map((r) => r.idempotency_key).sort());

    // Operators see both records of a re-sent dossier: the superseded original and the new one, linked to the report.
    const SYNC = `query($code: String!) { syncRecords(filter: { connector: "emc", dossierCode: $code }) {
      nodes { idempotencyKey state supersededAt reconciliationReport { id } } } }`;
    const seen = dataOf(await t.gql(SYNC, { code: emcReport.resent[0] }, { token: admin })).syncRecords.nodes as
      { idempotencyKey: string; supersededAt: string | null; reconciliationReport: { id: string } | null }[];
    const replaced = seen.filter((n) => n.supersededAt !== null);
    expect(replaced.length).toBeGreaterThan(0);
    for (const original of replaced) {
      expect(original.reconciliationReport).toBeNull();
      expect(seen.filter((n) => n.idempotencyKey === original.idempotencyKey && n.supersededAt === null))
        .toEqual([expect.objectContaining({ reconciliationReport: { id: emcReport.id } })]);
    }

    const followUp = await followUpOf(emcReport.id);
    expect(followUp).toMatchObject({
      status: 'MATCHED',
      trigger: 'FOLLOW_UP',
      localTotal: online.length,
      remoteTotal: online.length,
      resent: [],
      rows: [],
      followUpOf: { id: emcReport.id },
    });
    expect(followUp.allRows.every((r) => r.difference === 0 && r.missingRemotely.length === 0)).toBe(true);
    // At most one push per idempotency key, and at most one "received" (Status 1) event per dossier.
    const pushes = sims.systems.emc.received();
    const keys = pushes.map((p) => p.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const receivedEvents = pushes.map((p) => p.body as { CodeProfile: string; Status: number }).filter((b) => b.Status === 1).map((b) => b.CodeProfile);
    expect(new Set(receivedEvents).size).toBe(receivedEvents.length);
    expect(fresh.every((r) => keys.includes(r.idempotency_key))).toBe(true);
  });

  test('the CSV evidence: UTF-8 with BOM, Vietnamese headers, one line per unit and day with the missing codes', async () => {
    const response = await fetch(`${t.url}${emcReport.csvPath}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Mã đơn vị,Tên đơn vị,Ngày tiếp nhận,Số hồ sơ tại địa phương,Số hồ sơ trên hệ thống,Chênh lệch,Mã hồ sơ thiếu trên hệ thống,Mã hồ sơ không có tại địa phương');
    expect(lines).toHaveLength(1 + emcReport.allRows.length);
    for (const [i, row] of emcReport.allRows.entries()) {
      const cells = lines[i + 1]!.split(',');
      expect(cells[0]).toBe(row.unitCode);
      expect(cells[2]).toBe(row.date);
      expect(cells.slice(3, 6).map(Number)).toEqual([row.localCount, row.remoteCount, row.difference]);
      expect(cells[6]).toBe(row.missingRemotely.join(' '));
    }
    expect(lines.some((l) => l.startsWith('21025,Phường Cẩm Thành,'))).toBe(true);

    const anonymous = await fetch(`${t.url}${emcReport.csvPath}`);
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer']);
    const otherProvince = await t.token(Role.PROVINCE_ADMIN, '79');
    const hidden = await fetch(`${t.url}${emcReport.csvPath}`, { headers: { authorization: `Bearer ${otherProvince}` } });
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await fetch(`${t.url}/export/reconciliation/not-an-id.csv`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(400);
    // A malformed percent escape is an invalid id (400), not a URIError (500).
    const malformed = await fetch(`${t.url}/export/reconciliation/%E0.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string; field: string[] } }).error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID', field: ['reportId'] });
  });

  test('civil status (every dossier it handles, all channels): the lost dossiers are found, re-sent, and the follow-up matches', async () => {
    const lost = lostCodes(sims, 'civil-status', () => true);
    expect(lost.length).toBeGreaterThan(0);
    const report = await reconcile('civil-status');
    expect(report).toMatchObject({ status: 'MISMATCHED', localTotal: civil.length, remoteTotal: civil.length - lost.length, resent: lost });
    expect(report.rows.flatMap((r) => r.missingRemotely).sort()).toEqual(lost);
    const followUp = await followUpOf(report.id);
    expect(followUp).toMatchObject({ status: 'MATCHED', localTotal: civil.length, remoteTotal: civil.length, rows: [] });
  });

  test('a commune is reconciled alone, and a period that matches re-sends nothing and schedules no follow-up', async () => {
    const integrator = await t.token(Role.INTEGRATOR, '21028');
    const result = await t.gql<{ reconcile: Report }>(RECONCILE, { connector: 'emc', unitCode: '21028', from: DAYS[0], to: DAYS[2] }, { token: integrator });
    const report = dataOf(result).reconcile;
    expect(report).toMatchObject({ status: 'MATCHED', localTotal: ONLINE_PER_DAY * DAYS.length, resent: [], followUpDueAt: null, rows: [] });
    expect(new Set(report.allRows.map((r) => r.unitCode))).toEqual(new Set(['21028']));
  });
});
