import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { demoFormData } from '../../src/db/seed/demo-form-data.js';
import { Role } from '../../src/domain/access/actor.js';
import { simulatorEnv } from '../support/connector-env.js';
import { eventually } from '../support/eventually.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The connector layer end to end: the server (API and workers) over a real database, talking to the
 * simulators over HTTP.
 */
const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id code status identityVerification } userErrors { code field } }
}`;
const ACT = `mutation($input: DossierActionInput!) {
  actOnDossier(input: $input) { dossier { id status } userErrors { code field } }
}`;
const DOSSIER = `query($code: String!) {
  dossier(code: $code) {
    code status outcome registrationNumber identityVerification
    history { action toStatus actor note }
    syncRecords { id connector kind state attempts idempotencyKey errorClass lastError awaitingResult }
  }
}`;
const CONNECTORS = `{ connectors { key name health pending retrying dead lastSuccessAt lastError circuit simulated capabilities } }`;
const SYNC_RECORDS = `query($filter: SyncFilter, $first: Int, $after: String) {
  syncRecords(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id connector state dossierCode idempotencyKey errorClass lastError dossier { code } }
  }
}`;

const applicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };
/** Valid e-form data for a procedure that has a form (what a citizen would have typed). */
const formDataFor = (procedureCode: string) => demoFormData(procedureCode, applicant, new Date(), () => 0.42)!;

let sims: RunningSimulators;
let t: TestApp;
let officer: string;
let admin: string;

beforeAll(async () => {
  sims = await startSimulators({ env: {}, settings: { 'civil-status': { decideAfterMs: 0, rejectionRate: 0 } } });
  t = await startTestApp({ catalog: true, workers: true, env: simulatorEnv(sims) });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
  admin = await t.token(Role.SYSTEM_ADMIN);
});
afterAll(async () => {
  await t.stop();
  await sims.stop();
});

async function receive(input: Record<string, unknown>, token = officer) {
  const result = dataOf(await t.gql(RECEIVE, { input: { unitCode: '21025', channel: 'IN_PERSON', applicant, ...input } }, { token }));
  return result.receiveDossier as { dossier: { id: string; code: string; status: string; identityVerification: string } | null; userErrors: { code: string; field: string[] }[] };
}
async function act(dossierId: string, action: string, extra: Record<string, unknown> = {}, token = officer) {
  return dataOf(await t.gql(ACT, { input: { dossierId, action, ...extra } }, { token })).actOnDossier as {
    dossier: { status: string } | null;
    userErrors: { code: string }[];
  };
}
async function dossier(code: string, token = admin) {
  return dataOf(await t.gql(DOSSIER, { code }, { token })).dossier as {
    status: string;
    outcome: string | null;
    registrationNumber: string | null;
    identityVerification: string;
    history: { action: string | null; toStatus: string; actor: string | null; note: string | null }[];
    syncRecords: { id: string; connector: string; kind: string; state: string; attempts: number; idempotencyKey: string; errorClass: string | null; lastError: string | null; awaitingResult: boolean }[];
  };
}
async function settled(code: string) {
  return eventually(`sync records of ${code} to settle`, async () => {
    const rows = await t.sql<{ state: string }>(`select state from sync_record where dossier_code = $1`, [code]);
    return rows.length > 0 && rows.every((r) => r.state === 'SUCCEEDED' || r.state === 'DEAD') ? rows : null;
  });
}
const emcKeysOf = (code: string) => sims.systems.emc.received().filter((p) => p.idempotencyKey?.startsWith(code));

describe('EMC', () => {
  test('a dossier through its lifecycle, through PROCESSING twice: one event per status, in order, each delivered once', async () => {
    const { dossier: d } = await receive({ procedureCode: '1.004222', channel: 'POSTAL' });
    for (const action of ['START_PROCESSING', 'REQUEST_SUPPLEMENT', 'SUBMIT_SUPPLEMENT']) expect((await act(d!.id, action)).userErrors).toEqual([]);
    expect((await act(d!.id, 'RESOLVE', { outcome: 'APPROVED' })).userErrors).toEqual([]);
    expect((await act(d!.id, 'RETURN_RESULT')).userErrors).toEqual([]);
    await eventually('three EMC events', async () => (emcKeysOf(d!.code).length === 3 ? true : null));
    await settled(d!.code);

    const pushes = emcKeysOf(d!.code);
    expect(pushes.map((p) => [p.idempotencyKey, p.count, (p.body as { Status: number }).Status])).toEqual([
      [`${d!.code}:RECEIVED:1`, 1, 1],
      [`${d!.code}:PROCESSING:1`, 1, 2],
      [`${d!.code}:RETURNED:1`, 1, 3],
    ]);
    // Postal is direct, never online; the site id of the province; the local date of receipt.
    expect(pushes[0]!.body).toMatchObject({ CodeProfile: d!.code, SiteId: 'QNG-SIM', FormsReception: 2, IsDVCBC: 1, Level: 1, UnitCode: '21025' });
    expect((pushes[0]!.body as { ReceivedDate: string }).ReceivedDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const view = await dossier(d!.code);
    expect(view.syncRecords.filter((r) => r.connector === 'emc').map((r) => [r.connector, r.kind, r.state, r.idempotencyKey])).toEqual([
      ['emc', 'dossier.status', 'SUCCEEDED', `${d!.code}:RECEIVED:1`],
      ['emc', 'dossier.status', 'SUCCEEDED', `${d!.code}:PROCESSING:1`],
      ['emc', 'dossier.status', 'SUCCEEDED', `${d!.code}:RETURNED:1`],
    ]);
  });

  test('an online PARTIAL filing is reported as online level 3 once accepted; a refused one never', async () => {
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const accepted = (await receive({ procedureCode: '1.013225', channel: 'ONLINE' }, citizen)).dossier!;
    const refused = (await receive({ procedureCode: '1.013225', channel: 'ONLINE' }, citizen)).dossier!;
    expect(accepted.status).toBe('SUBMITTED');
    await act(accepted.id, 'ACCEPT');
    await act(refused.id, 'REFUSE');
    await eventually('the accepted filing at EMC', async () => (emcKeysOf(accepted.code).length === 1 ? true : null));
    expect(emcKeysOf(accepted.code)[0]!.body).toMatchObject({ Status: 1, FormsReception: 1, Level: 3 });
    expect(await t.sql(`select 1 from sync_record where dossier_code = $1`, [refused.code])).toEqual([]);
  });

  test('the exchange log keeps each attempt without personal data: request id, payload hash, status, duration, class', async () => {
    const { dossier: d } = await receive({ procedureCode: '2.000815' });
    await settled(d!.code);
    const rows = await t.sql<Record<string, unknown>>(
      `select x.* from sync_exchange x join sync_record r on r.id = x.sync_record_id where r.connector = 'emc' and r.dossier_code = $1`,
      [d!.code],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ connector: 'emc', operation: 'push', http_status: 200, error_class: null });
      expect(row.request_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.payload_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(typeof row.duration_ms).toBe('number');
    }
    const everything = JSON.stringify(await t.sql(`select * from sync_exchange`)) + JSON.stringify(await t.sql(`select event from sync_record`));
    expect(everything).not.toContain(applicant.citizenId);
    expect(everything).not.toContain(applicant.phone);
    expect(everything).not.toContain('Nguyễn');
  });
});

describe('civil status', () => {
  test('a Hộ tịch dossier is sent on receipt; the registry’s decision resolves it, with its number, actor "civil-status"', async () => {
    const formData = formDataFor('1.001193');
    const { dossier: d } = await receive({ procedureCode: '1.001193', formData });
    await eventually('the civil-status delivery', async () => {
      const [row] = await t.sql<{ state: string; awaiting_result: boolean }>(
        `select state, awaiting_result from sync_record where dossier_code = $1 and connector = 'civil-status'`, [d!.code]);
      return row?.state === 'SUCCEEDED' && row.awaiting_result;
    });
    const held = sims.systems['civil-status'].received().find((p) => (p.body as { code: string }).code === d!.code)!;
    expect(held.body).toMatchObject({ code: d!.code, unitCode: '21025', procedureCode: '1.001193', formData });
    expect((held.body as { receivedAt: string }).receivedAt).toMatch(/\+07:00$/);

    const summary = await t.app.connectors.pollResults();
    expect(summary['civil-status']!.decided).toBeGreaterThanOrEqual(1);
    const view = await dossier(d!.code);
    expect(view).toMatchObject({ status: 'RESOLVED', outcome: 'APPROVED' });
    expect(view.registrationNumber).toMatch(/^KS-\d{4}-\d{6}$/);
    expect(view.history.at(-1)).toMatchObject({ action: 'RESOLVE', toStatus: 'RESOLVED', actor: 'civil-status' });
    expect(view.history.at(-1)!.note).toContain(view.registrationNumber!);
    expect(view.syncRecords.find((r) => r.connector === 'civil-status')).toMatchObject({ state: 'SUCCEEDED', awaitingResult: false });

    // Polling again records nothing twice.
    await t.app.connectors.pollResults();
    expect((await dossier(d!.code)).history.filter((e) => e.actor === 'civil-status')).toHaveLength(1);
  });

  test('a rejection resolves the dossier DENIED with the reason in its history', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 600_000 });
    const { dossier: d } = await receive({ procedureCode: '1.000656' });
    await eventually('the delivery', async () => sims.systems['civil-status'].dossier(d!.code));
    sims.systems['civil-status'].decide(d!.code, { status: 'REJECTED', reason: 'Thiếu giấy báo tử' });
    sims.systems['civil-status'].setSettings({ decideAfterMs: 0 });
    await eventually('the decision recorded', async () => {
      await t.app.connectors.pollResults();
      return (await dossier(d!.code)).status === 'RESOLVED';
    });
    const view = await dossier(d!.code);
    expect(view).toMatchObject({ outcome: 'DENIED', registrationNumber: null });
    expect(view.history.at(-1)).toMatchObject({ actor: 'civil-status', note: 'Từ chối: Thiếu giấy báo tử' });
  });
  test('a delivery the registry acknowledged and then no longer knows is superseded and sent again, as reconciliation does', async () => {
    const civilStatus = sims.systems['civil-status'];
    civilStatus.setSettings({ dropRate: 1 });
    const { dossier: d } = await receive({ procedureCode: '1.000656', formData: formDataFor('1.000656') });
    const records = () => t.sql<{ id: string; state: string; idempotency_key: string; superseded_at: Date | null; supersedes_id: string | null; awaiting_result: boolean }>(
      `select id, state, idempotency_key, superseded_at, supersedes_id, awaiting_result from sync_record
       where dossier_code = $1 and connector = 'civil-status' order by id`, [d!.code]);
    await eventually('the acknowledged (and dropped) delivery', async () => (await records())[0]?.awaiting_result ?? null);
    civilStatus.setSettings({ dropRate: 0, decideAfterMs: 600_000 });

    const summary = await t.app.connectors.pollResults();
    expect(summary['civil-status']!.redelivered).toBeGreaterThanOrEqual(1);
    const [original, again] = await records();
    expect(original).toMatchObject({ state: 'SUCCEEDED', awaiting_result: false, supersedes_id: null });
    expect(original!.superseded_at).not.toBeNull();
    expect(again).toMatchObject({ idempotency_key: original!.idempotency_key, supersedes_id: original!.id });
    await eventually('the new delivery held by the registry', async () => civilStatus.dossier(d!.code));
    civilStatus.setSettings({ decideAfterMs: 0 });
  });

  test('a decision arriving while the dossier waits for a supplement is deferred, then resolves it once processing resumes', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 600_000 });
    try {
      const { dossier: d } = await receive({ procedureCode: '1.000656' });
      await eventually('the delivery', async () => {
        const [row] = await t.sql<{ awaiting_result: boolean }>(
          `select awaiting_result from sync_record where dossier_code = $1 and connector = 'civil-status' and state = 'SUCCEEDED'`, [d!.code]);
        return row?.awaiting_result;
      });
      for (const action of ['START_PROCESSING', 'REQUEST_SUPPLEMENT']) expect((await act(d!.id, action)).userErrors).toEqual([]);
      sims.systems['civil-status'].decide(d!.code, { status: 'REGISTERED' });

      const paused = await t.app.connectors.pollResults();
      expect(paused['civil-status']!.deferred).toBeGreaterThanOrEqual(1);
      const waiting = await dossier(d!.code);
      expect(waiting.status).toBe('AWAITING_SUPPLEMENT');
      expect(waiting.registrationNumber).toMatch(/^KS-\d{4}-\d{6}$/);
      expect(waiting.syncRecords.find((r) => r.connector === 'civil-status')).toMatchObject({ awaitingResult: true });

      expect((await act(d!.id, 'SUBMIT_SUPPLEMENT')).userErrors).toEqual([]);
      await t.app.connectors.pollResults();
      const view = await dossier(d!.code);
      expect(view).toMatchObject({ status: 'RESOLVED', outcome: 'APPROVED', registrationNumber: waiting.registrationNumber });
      expect(view.history.at(-1)).toMatchObject({ action: 'RESOLVE', actor: 'civil-status' });
      expect(view.syncRecords.find((r) => r.connector === 'civil-status')).toMatchObject({ awaitingResult: false });
      // The system's key is in its own namespace, which clients may not use.
      const [event] = await t.sql<{ idempotency_key: string }>(
        `select e.idempotency_key from dossier_event e join dossier d on d.id = e.dossier_id where d.code = $1 and e.actor = 'civil-status'`, [d!.code]);
      expect(event!.idempotency_key).toBe('system:civil-status:result');
      const reserved = await act(d!.id, 'RETURN_RESULT', { idempotencyKey: 'system:civil-status:result' });
      expect(reserved.userErrors).toEqual([{ code: 'INVALID_IDEMPOTENCY_KEY', field: ['input', 'idempotencyKey'] }]);
    } finally {
      sims.systems['civil-status'].setSettings({ decideAfterMs: 0 });
    }
  });
});

describe('business registration', () => {
  test('the registration number answered on receipt is recorded on the dossier (which stays with the officers)', async () => {
    const { dossier: d } = await receive({ procedureCode: '1.001612', formData: formDataFor('1.001612') });
    const view = await eventually('the registration number', async () => {
      const v = await dossier(d!.code);
      return v.registrationNumber ? v : null;
    });
    expect(view.registrationNumber).toBe(`HKD-21025-${view.registrationNumber!.slice(-6)}`);
    expect(view.status).toBe('RECEIVED');
    await settled(d!.code);
    expect((await dossier(d!.code)).syncRecords.map((r) => [r.connector, r.state])).toEqual([
      ['emc', 'SUCCEEDED'],
      ['business-registration', 'SUCCEEDED'],
      ['notify', 'SUCCEEDED'],
    ]);
  });

  test('a refusal (422) is DEAD with the reason at once, and retryDeadSyncs sends it again once the remote accepts', async () => {
    sims.systems['business-registration'].setSettings({ rejectionRate: 1 });
    const { dossier: d } = await receive({ procedureCode: '1.004837' });
    const dead = await eventually('a DEAD record', async () => {
      const v = await dossier(d!.code);
      return v.syncRecords.find((r) => r.connector === 'business-registration' && r.state === 'DEAD');
    });
    expect(dead).toMatchObject({ errorClass: 'REMOTE_REJECTED', attempts: 1 });
    expect(dead.lastError).toMatch(/^REMOTE_REJECTED: HTTP 422/);
    // The log says which record, the class and the status; the remote's own words stay on the record.
    const logged = await eventually('the DEAD log line', async () =>
      t.logs.find((l) => l.includes('sync record is DEAD') && l.includes('"connector":"business-registration"')));
    expect(JSON.parse(logged)).toMatchObject({ errorClass: 'REMOTE_REJECTED', httpStatus: 422 });
    expect(logged).not.toContain(dead.lastError!.slice('REMOTE_REJECTED: '.length));

    sims.systems['business-registration'].setSettings({ rejectionRate: 0 });
    const requeued = dataOf(await t.gql(`mutation { retryDeadSyncs(connector: "business-registration") }`, {}, { token: admin }));
    expect(requeued.retryDeadSyncs).toBe(1);
    await eventually('the registration number', async () => (await dossier(d!.code)).registrationNumber);
  });
});

describe('VNeID at intake', () => {
  const FULL_ONLINE = { procedureCode: '1.004222', channel: 'ONLINE' };

  test('an online filing of a FULL procedure needs level 2: level 1 is refused, level 2 is VERIFIED', async () => {
    const levelOne = { ...applicant, citizenId: '051203001231' };
    const refused = await receive({ ...FULL_ONLINE, applicant: levelOne }, await t.token(Role.CITIZEN, null, levelOne.citizenId));
    expect(refused).toEqual({ dossier: null, userErrors: [{ code: 'VNEID_LEVEL_TOO_LOW', field: ['input', 'applicant', 'citizenId'] }] });
    const verified = await receive(FULL_ONLINE, await t.token(Role.CITIZEN, null, applicant.citizenId));
    expect(verified.dossier).toMatchObject({ status: 'SUBMITTED', identityVerification: 'VERIFIED' });
    // Not needed in person, nor for PARTIAL procedures.
    expect((await receive({ procedureCode: '1.004222' })).dossier!.identityVerification).toBe('NOT_REQUIRED');
  });

  test('VNeID down: the filing is kept PENDING (intake is never blocked) and verified later by the job', async () => {
    sims.systems.vneid.startOutage(60_000);
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const pending = (await receive(FULL_ONLINE, citizen)).dossier!;
    expect(pending.identityVerification).toBe('PENDING');
    const laterLevelOne = { ...applicant, citizenId: '051203005678' };
    sims.systems.vneid.setCitizen(laterLevelOne.citizenId, { exists: true, level: 1 });
    const failing = (await receive({ ...FULL_ONLINE, applicant: laterLevelOne }, await t.token(Role.CITIZEN, null, laterLevelOne.citizenId))).dossier!;
    expect(failing.identityVerification).toBe('PENDING');
    // Level 2 is not known yet: the filing cannot be accepted until VNeID answers.
    expect((await act(pending.id, 'ACCEPT')).userErrors).toEqual([{ code: 'IDENTITY_NOT_VERIFIED', field: ['input', 'action'] }]);
    // A filing withdrawn meanwhile is never asked about again.
    const withdrawn = (await receive(FULL_ONLINE, citizen)).dossier!;
    expect(withdrawn.identityVerification).toBe('PENDING');
    expect((await act(withdrawn.id, 'WITHDRAW')).userErrors).toEqual([]);

    sims.systems.vneid.setSettings({ outages: [] });
    await eventually('identities verified', async () => {
      await t.app.connectors.recheckIdentities();
      return (await dossier(pending.code)).identityVerification === 'VERIFIED' && (await dossier(failing.code)).identityVerification === 'FAILED';
    });
    expect((await dossier(withdrawn.code)).identityVerification).toBe('PENDING');
    // A filing whose applicant turned out not to have level 2 cannot be accepted.
    expect((await act(failing.id, 'ACCEPT')).userErrors).toEqual([{ code: 'VNEID_LEVEL_TOO_LOW', field: ['input', 'action'] }]);
    expect((await act(pending.id, 'ACCEPT')).userErrors).toEqual([]);
  });

  test('identity checks do not write the shared connector state once each: only when the outcome changes; their exchange log is batched', async () => {
    const states = t.app.connectors.states;
    const recorded: (string | null)[] = [];
    const recordCall = states.recordCall.bind(states);
    states.recordCall = async (key, error) => {
      recorded.push(error);
      return recordCall(key, error);
    };
    const verifies = async () => Number((await t.sql<{ n: string }>(`select count(*) as n from sync_exchange where connector = 'vneid' and operation = 'verify'`))[0]!.n);
    const before = await verifies();
    try {
      const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
      sims.systems.vneid.startOutage(60_000);
      try {
        expect((await receive(FULL_ONLINE, citizen)).dossier!.identityVerification).toBe('PENDING');
      } finally {
        sims.systems.vneid.setSettings({ outages: [] });
      }
      for (let i = 0; i < 3; i++) expect((await receive(FULL_ONLINE, citizen)).dossier!.identityVerification).toBe('VERIFIED');
      // (The scheduled re-check may add its own.)
      await eventually('the four exchanges logged', async () => (await verifies()) >= before + 4);
      // The failure, then the first success: two writes for four checks (after, possibly, the
      // earlier test's last outcome, written from the buffer once this test had begun).
      const outcomes = recorded.map((e) => (e === null ? 'success' : e.split(':')[0]));
      expect(outcomes.slice(-2)).toEqual(['TRANSIENT', 'success']);
      expect(outcomes.length).toBeLessThanOrEqual(3);
    } finally {
      delete (states as { recordCall?: unknown }).recordCall;
    }
  });

  test('a token VNeID refuses blocks it (filings stay PENDING); once fixed, the re-check job probes it, lifts the block and verifies them', async () => {
    sims.systems.vneid.setSettings({ token: 'the-right-token' });
    let pending: { code: string; identityVerification: string };
    try {
      pending = (await receive(FULL_ONLINE, await t.token(Role.CITIZEN, null, applicant.citizenId))).dossier!;
      expect(pending.identityVerification).toBe('PENDING');
      const vneid = await eventually('VNeID blocked', async () => {
        const { connectors } = dataOf(await t.gql(CONNECTORS, {}, { token: admin })) as { connectors: { key: string; health: string; lastError: string | null }[] };
        const found = connectors.find((c) => c.key === 'vneid')!;
        return found.health === 'DISABLED' ? found : null;
      });
      expect(vneid.lastError).toMatch(/^CONFIG: HTTP 401/);
    } finally {
      sims.systems.vneid.setSettings({ token: null as unknown as undefined });
    }
    await eventually('VNeID probed, unblocked, and the filing verified', async () => {
      await t.app.connectors.recheckIdentities();
      return (await dossier(pending.code)).identityVerification === 'VERIFIED';
    });
    const [state] = await t.sql<{ blocked_reason: string | null }>(`select blocked_reason from connector_state where key = 'vneid'`);
    expect(state!.blocked_reason).toBeNull();
  });
});

describe('CONFIG errors stop a connector and tell the operator; nothing is lost', () => {
  test('a token the remote refuses (401): DISABLED with the reason, records wait; after the fix and a retry, delivered', async () => {
    // The previous test's last EMC event may still be on its way: it must not be the one refused.
    await eventually('earlier EMC deliveries finished', async () =>
      (await t.sql(`select 1 from sync_record where connector = 'emc' and state not in ('SUCCEEDED', 'DEAD')`)).length === 0);
    sims.systems.emc.setSettings({ token: 'the-right-token' });
    let code: string;
    try {
      code = (await receive({ procedureCode: '2.000815' })).dossier!.code;
      const emc = await eventually('EMC blocked', async () => {
        const { connectors } = dataOf(await t.gql(CONNECTORS, {}, { token: admin })) as { connectors: { key: string; health: string; lastError: string | null }[] };
        const found = connectors.find((c) => c.key === 'emc')!;
        return found.health === 'DISABLED' ? found : null;
      });
      expect(emc.lastError).toMatch(/^CONFIG: HTTP 401/);
      // The record waits: back in line (or never tried, if another record hit the 401 first), no attempt charged.
      const [record] = await t.sql<{ state: string; error_class: string | null; attempts: number }>(
        `select state, error_class, attempts from sync_record where dossier_code = $1 and connector = 'emc'`, [code]);
      expect(['PENDING', 'RETRYING']).toContain(record!.state);
      expect(record!.attempts).toBe(0);
      expect(t.logs.some((line) => line.includes('connector stopped delivering'))).toBe(true);
    } finally {
      sims.systems.emc.setSettings({ token: null as unknown as undefined });
      dataOf(await t.gql(`mutation { retryDeadSyncs(connector: "emc") }`, {}, { token: admin }));
    }
    await eventually('delivered after the fix', async () => (emcKeysOf(code).length === 1 ? true : null));
    const { connectors } = dataOf(await t.gql(CONNECTORS, {}, { token: admin })) as { connectors: { key: string; health: string }[] };
    expect(connectors.find((c) => c.key === 'emc')!.health).not.toBe('DISABLED');
  });
});

describe('circuit breaker', () => {
  test('EMC down: the circuit opens and the connector shows DOWN; records wait (none DEAD), then go out', async () => {
    sims.systems.emc.startOutage(60_000);
    const codes: string[] = [];
    const health = async () => {
      const { connectors } = dataOf(await t.gql(CONNECTORS, {}, { token: admin })) as { connectors: { key: string; health: string }[] };
      return connectors.find((c) => c.key === 'emc')!.health;
    };
    try {
      for (let i = 0; i < 8; i++) codes.push((await receive({ procedureCode: '2.000815' })).dossier!.code);
      await eventually('EMC DOWN', async () => (await health()) === 'DOWN');
    } finally {
      sims.systems.emc.setSettings({ outages: [] });
    }
    await eventually('all delivered after the outage', async () => codes.every((code) => emcKeysOf(code).length === 1));
    const [{ dead }] = await t.sql<{ dead: string }>(`select count(*) as dead from sync_record where connector = 'emc' and state = 'DEAD'`);
    expect(Number(dead)).toBe(0);
    await eventually('EMC healthy again', async () => (await health()) === 'HEALTHY');
  });
});

describe('GraphQL: connectors, syncRecords, retrySync and scopes', () => {
  test('connectors: the systems, their capabilities, and the simulators they talk to', async () => {
    const { connectors } = dataOf(await t.gql(CONNECTORS, {}, { token: admin })) as { connectors: Record<string, unknown>[] };
    expect(connectors.map((c) => c.key)).toEqual(['emc', 'civil-status', 'vneid', 'business-registration', 'notify', 'agency-system', 'payment']);
    expect(connectors.find((c) => c.key === 'emc')!.capabilities).toEqual(['push', 'countRemote', 'checkHealth']);
    expect(connectors.find((c) => c.key === 'civil-status')!.capabilities).toEqual(['push', 'pollResult', 'countRemote', 'checkHealth']);
    expect(connectors.find((c) => c.key === 'vneid')!.capabilities).toEqual(['verifyIdentity', 'checkHealth']);
  });

  test('PROVINCE_ADMIN and INTEGRATOR see their scope; other roles are FORBIDDEN', async () => {
    const other = (await receive({ procedureCode: '2.000815', unitCode: '21028' }, await t.token(Role.OFFICER, '21028'))).dossier!;
    await settled(other.code);
    const province = await t.token(Role.PROVINCE_ADMIN, '51');
    const integrator = await t.token(Role.INTEGRATOR, '21025');
    const otherProvince = await t.token(Role.PROVINCE_ADMIN, '79');

    const codesFor = async (token: string) => {
      const result = dataOf(await t.gql(SYNC_RECORDS, { filter: { connector: 'emc' }, first: 100 }, { token })).syncRecords as { nodes: { dossierCode: string }[] };
      return new Set(result.nodes.map((n) => n.dossierCode));
    };
    expect((await codesFor(province)).has(other.code)).toBe(true);
    expect((await codesFor(integrator)).has(other.code)).toBe(false);
    expect((await codesFor(integrator)).size).toBeGreaterThan(0);
    expect((await codesFor(otherProvince)).size).toBe(0);

    for (const role of [Role.OFFICER, Role.LEADER, Role.STATISTICIAN]) {
      const token = await t.token(role, '21025');
      expect((await t.gql(CONNECTORS, {}, { token })).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect((await t.gql(SYNC_RECORDS, {}, { token })).body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    }
    expect((await t.gql(CONNECTORS)).body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    // A record of another unit: FORBIDDEN to retry, never someone else's data.
    const [foreign] = await t.sql<{ id: string }>(`select id from sync_record where dossier_code = $1`, [other.code]);
    const id = Buffer.from(`SyncRecord:${foreign!.id}`).toString('base64url');
    const refused = await t.gql(`mutation($id: ID!) { retrySync(id: $id) { id } }`, { id }, { token: integrator });
    expect(refused.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    // A SUCCEEDED record cannot be retried.
    const notRetryable = await t.gql(`mutation($id: ID!) { retrySync(id: $id) { id } }`, { id }, { token: province });
    expect(notRetryable.body.errors![0]!.extensions).toMatchObject({ code: 'SYNC_NOT_RETRYABLE' });
    // The INTEGRATOR reads records, not dossiers: the dossier link is null for it, set for a province admin.
    const viaIntegrator = dataOf(await t.gql(SYNC_RECORDS, { filter: { dossierCode: [...(await codesFor(integrator))][0] } }, { token: integrator }));
    expect((viaIntegrator.syncRecords as { nodes: { dossier: unknown }[] }).nodes[0]!.dossier).toBeNull();
    const viaProvince = dataOf(await t.gql(SYNC_RECORDS, { filter: { dossierCode: other.code } }, { token: province }));
    expect((viaProvince.syncRecords as { nodes: { dossier: { code: string } }[] }).nodes[0]!.dossier).toEqual({ code: other.code });
  });

  test('a CONFIG block stops a connector for the whole installation: a commune’s or province’s retry leaves it, a SYSTEM_ADMIN’s lifts it', async () => {
    const { states } = t.app.connectors;
    const retryDead = `mutation { retryDeadSyncs(connector: "business-registration") }`;
    await states.block('business-registration', 'CONFIG: HTTP 401 (refused token)');
    try {
      for (const token of [await t.token(Role.INTEGRATOR, '21025'), await t.token(Role.PROVINCE_ADMIN, '51')]) {
        dataOf(await t.gql(retryDead, {}, { token }));
        expect(await states.blockedReason('business-registration')).toBe('CONFIG: HTTP 401 (refused token)');
      }
      dataOf(await t.gql(retryDead, {}, { token: admin }));
      expect(await states.blockedReason('business-registration')).toBeNull();
    } finally {
      await states.unblock('business-registration');
    }
  });

  test('the dossiers of a page of sync records are read in one batch, with one audit insert for them all', async () => {
    const province = await t.token(Role.PROVINCE_ADMIN, '51', 'province-admin-audit');
    const page = dataOf(await t.gql(SYNC_RECORDS, { first: 30 }, { token: province })).syncRecords as { nodes: { dossier: { code: string } | null }[] };
    const linked = new Set(page.nodes.map((n) => n.dossier?.code).filter(Boolean));
    expect(linked.size).toBeGreaterThan(1);
    const [audit] = await t.sql<{ inserts: string; dossiers: string }>(
      `select count(*) as inserts, (select count(distinct x.id) from dossier_read_audit, unnest(dossier_ids) as x(id)
         where actor_sub = 'province-admin-audit' and operation = 'dossier') as dossiers from dossier_read_audit
       where actor_sub = 'province-admin-audit' and operation = 'dossier'`,
    );
    expect({ inserts: Number(audit!.inserts), dossiers: Number(audit!.dossiers) }).toEqual({ inserts: 1, dossiers: linked.size });
  });

  test('syncRecords pages newest first with a total, filters by state; node() resolves a record', async () => {
    const first = dataOf(await t.gql(SYNC_RECORDS, { first: 2 }, { token: admin })).syncRecords as {
      totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string }[];
    };
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await t.gql(SYNC_RECORDS, { first: 2, after: first.pageInfo.endCursor }, { token: admin })).syncRecords as { nodes: { id: string }[] };
    expect(next.nodes[0]!.id).not.toBe(first.nodes[1]!.id);
    const [{ n }] = await t.sql<{ n: string }>(`select count(*) as n from sync_record`);
    expect(first.totalCount).toBe(Number(n));
    const dead = dataOf(await t.gql(SYNC_RECORDS, { filter: { state: ['DEAD'] } }, { token: admin })).syncRecords as { totalCount: number };
    expect(dead.totalCount).toBe(0);
    const node = dataOf(await t.gql(`query($id: ID!) { node(id: $id) { __typename ... on SyncRecord { connector state } } }`, { id: first.nodes[0]!.id }, { token: admin }));
    expect(node.node).toMatchObject({ __typename: 'SyncRecord' });
  });
});
