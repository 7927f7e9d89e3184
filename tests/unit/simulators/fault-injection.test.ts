import { MALFORMED_BODY, SettingsError, startSimulators, type RunningSimulators } from '../../../simulators/index.js';
import { agencyTransfer, emcEvent, http, pushEmc, pushTransfer } from './sim-http-client.js';
import { eventually } from '../../support/eventually.js';

/** The fault injection every simulated system shares, exercised over real HTTP (mostly on EMC). */
let sims: RunningSimulators;
const emc = () => sims.urls.emc;
const NO_FAULTS = { failureRate: 0, rateLimitRate: 0, timeoutRate: 0, malformedRate: 0, dropRate: 0, outages: [], token: null };

beforeAll(async () => {
  sims = await startSimulators({ env: {} });
});
afterAll(() => sims.stop());
beforeEach(() => {
  sims.reset();
  for (const system of Object.values(sims.systems)) system.setSettings(NO_FAULTS);
});

const anHourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('forced by X-Sim-Fault', () => {
  test('fail answers 503 and records nothing', async () => {
    const answer = await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'fail' });
    expect(answer.status).toBe(503);
    expect(answer.json).toEqual({ error_code: 'SIMULATED_FAILURE', message: expect.any(String) });
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('ratelimit answers 429 with Retry-After = retryAfterSeconds, recording nothing', async () => {
    sims.systems.emc.setSettings({ retryAfterSeconds: 7 });
    const answer = await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'ratelimit' });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('malformed answers 200 with a body that does not parse, recording nothing', async () => {
    const answer = await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'malformed' });
    expect(answer.status).toBe(200);
    expect(answer.text).toBe(MALFORMED_BODY);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('malformed applies to reads too', async () => {
    const answer = await http(`${sims.urls.vneid}/citizens/079203001234`, { headers: { 'x-sim-fault': 'malformed' } });
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
  });

  test('drop answers the normal success, records nothing, and remembers the push in /_sim/dropped', async () => {
    const answer = await pushEmc(emc(), 'A:RECEIVED:1', emcEvent({ CodeProfile: 'A' }), { 'x-sim-fault': 'drop' });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ error_code: '0', message: 'OK' });
    expect(sims.systems.emc.received()).toEqual([]);
    const dropped = await http(`${emc()}/_sim/dropped`);
    expect(dropped.json).toEqual([
      { idempotencyKey: 'A:RECEIVED:1', code: 'A', status: 1, at: expect.any(String), body: emcEvent({ CodeProfile: 'A' }) },
    ]);
    expect(sims.systems.emc.dropped()).toEqual(dropped.json);
    // The remote never counted it...
    const report = await http(`${emc()}/reports/online-dossiers?siteId=79&from=2025-11-24&to=2025-11-24`);
    expect(report.json).toEqual([]);
    // ...and does not know the key: a redelivery (reconciliation) is recorded.
    await pushEmc(emc(), 'A:RECEIVED:1', emcEvent({ CodeProfile: 'A' }));
    expect(sims.systems.emc.received()).toEqual([expect.objectContaining({ idempotencyKey: 'A:RECEIVED:1', count: 1 })]);
  });

  test('a drop of a push the remote already holds changes nothing: it stays recorded and is counted', async () => {
    await pushEmc(emc(), 'K', emcEvent());
    await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'drop' });
    expect(sims.systems.emc.dropped()).toEqual([]);
    expect(sims.systems.emc.received()[0]!.count).toBe(2);
  });

  test('a dropped civil-status dossier is answered PENDING but unknown when polled', async () => {
    const body = { code: 'C1', unitCode: '26740', procedureCode: '1.001193', receivedAt: '2025-11-24T09:00:00+07:00', formData: {} };
    const answer = await http(`${sims.urls['civil-status']}/dossiers`, { body, headers: { 'idempotency-key': 'C1', 'x-sim-fault': 'drop' } });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ code: 'C1', status: 'PENDING' });
    expect((await http(`${sims.urls['civil-status']}/dossiers/C1`)).status).toBe(404);
    expect(sims.systems['civil-status'].dropped()).toEqual([expect.objectContaining({ idempotencyKey: 'C1', code: 'C1', status: null })]);
  });

  test('a dropped hand-over gets its 201 and a receipt, is left out of the report, and is filed when sent again with its key', async () => {
    const agency = sims.systems['agency-system'];
    const base = sims.urls['agency-system'];
    const report = () => http(`${base}/reports/transfers?from=2026-03-02&to=2026-03-02`);
    const answer = await pushTransfer(base, 'T:transfer:2', agencyTransfer({ code: 'T' }), { 'x-sim-fault': 'drop' });
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ code: 'T', receiptNumber: 'BN-51.SNNMT-000001' });
    expect(agency.received()).toEqual([]);
    expect(agency.dropped()).toEqual([expect.objectContaining({ idempotencyKey: 'T:transfer:2', code: 'T', status: null })]);
    expect((await report()).json).toEqual([]);
    // What reconciliation does: the same hand-over, the same key. The dropped receipt stays used up.
    const again = await pushTransfer(base, 'T:transfer:2', agencyTransfer({ code: 'T' }));
    expect([again.status, again.json.receiptNumber]).toEqual([201, 'BN-51.SNNMT-000002']);
    expect((await report()).json).toEqual([{ date: '2026-03-02', unitCode: '51.SNNMT', count: 1, codes: ['T'] }]);
  });

  test('timeout holds the request for hangMs, then 504, recording nothing', async () => {
    sims.systems.emc.setSettings({ hangMs: 1 });
    const answer = await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'timeout' });
    expect(answer.status).toBe(504);
    expect(answer.json.error_code).toBe('TIMEOUT');
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('timeout never answers a client that gives up first', async () => {
    sims.systems.emc.setSettings({ hangMs: 600_000 });
    const client = new AbortController();
    const gaveUp = http(`${emc()}/TrackingMCDT`, {
      body: emcEvent(),
      headers: { 'idempotency-key': 'K', 'x-sim-fault': 'timeout' },
      signal: client.signal,
    }).then(
      () => 'answered',
      (error: Error) => error.name,
    );
    await eventually('the request is held', async () => sims.heldRequests() === 1);
    client.abort();
    expect(await gaveUp).toBe('AbortError');
    // Hanging up ends the hold: nothing is left waiting for the ten minutes.
    await eventually('the hold released', async () => sims.heldRequests() === 0);
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('stop() releases a held request at once instead of waiting for hangMs', async () => {
    const other = await startSimulators({ env: {}, settings: { emc: { timeoutRate: 1, hangMs: 600_000 } } });
    const held = pushEmc(other.urls.emc, 'K', emcEvent()).then(
      () => 'answered',
      () => 'connection closed',
    );
    await eventually('the request is held', async () => other.heldRequests() === 1);
    await other.stop();
    expect(await held).toBe('connection closed');
  });

  test('none forces a clean answer while fault rates are set', async () => {
    sims.systems.emc.setSettings({ failureRate: 1 });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(503);
    expect((await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'none' })).status).toBe(200);
  });

  test('an unknown fault name is a 400', async () => {
    const answer = await pushEmc(emc(), 'K', emcEvent(), { 'x-sim-fault': 'explode' });
    expect(answer.status).toBe(400);
    expect(answer.json.error_code).toBe('INVALID_SIM_FAULT');
  });
});

describe('by settings', () => {
  test('failureRate 1 fails every request with failureStatus; the _sim endpoints are never faulted', async () => {
    const put = await http(`${emc()}/_sim/settings`, { method: 'PUT', body: { failureRate: 1, failureStatus: 500 } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ failureRate: 1, failureStatus: 500 });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(500);
    expect((await http(`${emc()}/reports/online-dossiers?siteId=79&from=2025-11-01&to=2025-11-30`)).status).toBe(500);
    expect((await http(`${emc()}/_sim/received`)).json).toEqual([]);
    expect((await http(`${emc()}/_sim/settings`)).json.failureRate).toBe(1);
    // Other systems keep their own settings.
    expect((await http(`${sims.urls.vneid}/citizens/079203001234`)).status).toBe(200);
  });

  test('rateLimitRate, malformedRate, timeoutRate and dropRate of 1 give that fault to every request', async () => {
    sims.systems.emc.setSettings({ rateLimitRate: 1, retryAfterSeconds: 2 });
    const limited = await pushEmc(emc(), 'K', emcEvent());
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '2']);
    sims.systems.emc.setSettings({ rateLimitRate: 0, malformedRate: 1 });
    expect((await pushEmc(emc(), 'K', emcEvent())).json).toBeUndefined();
    sims.systems.emc.setSettings({ malformedRate: 0, timeoutRate: 1, hangMs: 1 });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(504);
    sims.systems.emc.setSettings({ timeoutRate: 0, dropRate: 1 });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(200);
    expect(sims.systems.emc.received()).toEqual([]);
    expect(sims.systems.emc.dropped()).toHaveLength(1);
  });

  test('an outage window answers 503 to every request in it, until it is removed', async () => {
    sims.systems.emc.setSettings({ outages: [{ from: anHourAgo(), to: inAnHour() }] });
    const down = await pushEmc(emc(), 'K', emcEvent());
    expect(down.status).toBe(503);
    expect(down.json.error_code).toBe('OUTAGE');
    expect((await http(`${emc()}/reports/online-dossiers?siteId=79&from=2025-11-01&to=2025-11-30`)).status).toBe(503);
    // A window in the past or the future does not apply.
    sims.systems.emc.setSettings({ outages: [{ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' }, { from: inAnHour(), to: '2099-01-01T00:00:00Z' }] });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(200);
  });

  test('POST /_sim/outage {forMs} starts an outage now', async () => {
    const started = await http(`${emc()}/_sim/outage`, { body: { forMs: 3_600_000 } });
    expect(started.status).toBe(201);
    expect(started.json.outage).toEqual({ from: expect.any(String), to: expect.any(String) });
    expect(started.json.outages).toHaveLength(1);
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(503);
    expect((await http(`${emc()}/_sim/outage`, { body: { forMs: -1 } })).status).toBe(400);
    sims.systems.emc.setSettings({ outages: [] });
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(200);

    sims.systems.vneid.startOutage(3_600_000);
    expect((await http(`${sims.urls.vneid}/citizens/079203001234`)).status).toBe(503);
  });

  test('a token, when set, is required as a bearer token (401 otherwise) and never shown', async () => {
    sims.systems.emc.setSettings({ token: 's3cret' });
    const missing = await pushEmc(emc(), 'K', emcEvent());
    expect(missing.status).toBe(401);
    expect(missing.json.error_code).toBe('UNAUTHORIZED');
    expect((await pushEmc(emc(), 'K', emcEvent(), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await pushEmc(emc(), 'K', emcEvent(), { authorization: 'Bearer s3cret' })).status).toBe(200);
    expect((await http(`${emc()}/_sim/settings`)).json.token).toBe('[set]');
  });

  test('latency is accepted as a number or a [min, max] range, and requests still succeed', async () => {
    const put = await http(`${emc()}/_sim/settings`, { method: 'PUT', body: { latencyMs: [1, 3] } });
    expect(put.json.latencyMs).toEqual([1, 3]);
    expect((await pushEmc(emc(), 'K', emcEvent())).status).toBe(200);
    sims.systems.emc.setSettings({ latencyMs: 0 });
  });

  test.each([
    [{ failureRate: 2 }, 'failureRate'],
    [{ failureRate: 0.6, dropRate: 0.6 }, 'over 1'],
    [{ latencyMs: [5, 1] }, 'latencyMs'],
    [{ outages: [{ from: 'yesterday', to: 'today' }] }, 'outages[0]'],
    [{ failureStatus: 404 }, 'failureStatus'],
    [{ failurRate: 0.1 }, 'unknown setting "failurRate"'],
    [{ decideAfterMs: 10 }, 'unknown setting'],
  ])('PUT %j is a 400 INVALID_SETTINGS mentioning %s, and changes nothing', async (patch, mention) => {
    const before = (await http(`${emc()}/_sim/settings`)).json;
    const answer = await http(`${emc()}/_sim/settings`, { method: 'PUT', body: patch });
    expect(answer.status).toBe(400);
    expect(answer.json.error_code).toBe('INVALID_SETTINGS');
    expect(answer.json.message).toContain(mention);
    expect((await http(`${emc()}/_sim/settings`)).json).toEqual(before);
  });
});

describe('seeded randomness', () => {
  /** Sends the same 40 pushes, one after the other, and returns the statuses. */
  async function statuses(target: RunningSimulators): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < 40; i++) out.push((await pushEmc(target.urls.emc, `K${i}`, emcEvent({ CodeProfile: `D${i}` }))).status);
    return out;
  }

  test('the same seed gives the same faults in the same order; reset starts the sequence again', async () => {
    const settings = { emc: { seed: 'bench-7', failureRate: 0.3, rateLimitRate: 0.2 } };
    const one = await startSimulators({ env: {}, settings });
    const two = await startSimulators({ env: {}, settings });
    try {
      const first = await statuses(one);
      expect(await statuses(two)).toEqual(first);
      expect(new Set(first)).toEqual(new Set([200, 429, 503]));
      one.reset();
      expect(await statuses(one)).toEqual(first);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
    }
  });
});

describe('settings from the environment', () => {
  test('SIM_<SYSTEM>_<SETTING> variables set each system, SIM_SEED seeds them all, options win', async () => {
    const env = {
      SIM_EMC_FAILURE_RATE: '0.25',
      SIM_EMC_LATENCY_MS: '5,10',
      SIM_EMC_OUTAGES: JSON.stringify([{ from: anHourAgo(), to: inAnHour() }]),
      SIM_EMC_TOKEN: 'abc',
      SIM_CIVIL_STATUS_DECIDE_AFTER_MS: '0',
      SIM_CIVIL_STATUS_REJECTION_RATE: '0.5',
      SIM_VNEID_RATE_LIMIT_RATE: '1',
      SIM_VNEID_RETRY_AFTER_SECONDS: '3',
      SIM_NOTIFY_SEED: 'own',
      SIM_AGENCY_SYSTEM_DROP_RATE: '0.1',
      SIM_AGENCY_SYSTEM_FAILURE_RATE: '0.2',
      SIM_SEED: 'all',
    };
    const fromEnv = await startSimulators({ env, settings: { emc: { failureRate: 0.1 } } });
    try {
      const emcSettings = fromEnv.systems.emc.settings();
      expect(emcSettings).toMatchObject({ failureRate: 0.1, latencyMs: [5, 10], token: 'abc', seed: 'all' });
      expect(emcSettings.outages).toHaveLength(1);
      expect(fromEnv.systems['civil-status'].settings()).toMatchObject({ decideAfterMs: 0, rejectionRate: 0.5, seed: 'all' });
      expect(fromEnv.systems.notify.settings().seed).toBe('own');
      expect(fromEnv.systems['agency-system'].settings()).toMatchObject({ dropRate: 0.1, failureRate: 0.2, seed: 'all' });
      const limited = await http(`${fromEnv.urls.vneid}/citizens/079203001234`);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '3']);
      expect((await pushEmc(fromEnv.urls.emc, 'K', emcEvent(), { authorization: 'Bearer abc' })).status).toBe(503);
    } finally {
      await fromEnv.stop();
    }
  });

  test('a bad variable stops the start with an error that names it', async () => {
    await expect(startSimulators({ env: { SIM_EMC_FAILURE_RATE: 'often' } })).rejects.toThrow(SettingsError);
    await expect(startSimulators({ env: { SIM_BUSINESS_REGISTRATION_REJECTION_RATE: '3' } })).rejects.toThrow(
      'SIM_BUSINESS_REGISTRATION_REJECTION_RATE',
    );
    await expect(startSimulators({ env: { SIM_EMC_FAILURE_RATE: '0.7', SIM_EMC_DROP_RATE: '0.7' } })).rejects.toThrow('over 1');
    await expect(startSimulators({ env: { SIM_AGENCY_SYSTEM_DROP_RATE: 'some' } })).rejects.toThrow('SIM_AGENCY_SYSTEM_DROP_RATE');
  });
});
