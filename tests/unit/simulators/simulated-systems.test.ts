import { startSimulators, type RunningSimulators } from '../../../simulators/index.js';
import { agencyTransfer, emcEvent, http, pushEmc, pushTransfer } from './sim-http-client.js';

/** Each simulated system's own behaviour, over real HTTP, without faults. */
let sims: RunningSimulators;

beforeAll(async () => {
  sims = await startSimulators({ env: {} });
});
afterAll(() => sims.stop());
beforeEach(() => sims.reset());

describe('emc', () => {
  const base = () => sims.urls.emc;

  test('a TrackingMCDT event is accepted and recorded once per Idempotency-Key, with its delivery count', async () => {
    const first = await pushEmc(base(), 'A:RECEIVED:1', emcEvent());
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ error_code: '0', message: 'OK' });
    const again = await pushEmc(base(), 'A:RECEIVED:1', emcEvent());
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ error_code: '0', message: 'OK' });

    const received = (await http(`${base()}/_sim/received`)).json;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ idempotencyKey: 'A:RECEIVED:1', count: 2, body: emcEvent() });
    expect(sims.systems.emc.received()).toEqual(received);
  });

  test.each([
    [{ CodeProfile: undefined }, 'MISSING_CODE_PROFILE'],
    [{ CodeProfile: '  ' }, 'MISSING_CODE_PROFILE'],
    [{ SiteId: undefined }, 'MISSING_SITE_ID'],
    [{ Status: 7 }, 'INVALID_STATUS'],
    [{ Status: 'received' }, 'INVALID_STATUS'],
    [{ FormsReception: 3 }, 'INVALID_FORMS_RECEPTION'],
    [{ ReceivedDate: '2025-02-30' }, 'INVALID_RECEIVED_DATE'],
  ])('an invalid event %j is a 400 %s and is not recorded', async (overrides, code) => {
    const answer = await pushEmc(base(), 'bad', emcEvent(overrides));
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error_code: code, message: expect.any(String) });
    expect(sims.systems.emc.received()).toEqual([]);
  });

  test('a body that is not JSON is a 400, never a 500', async () => {
    const answer = await http(`${base()}/TrackingMCDT`, { body: '{"CodeProfile":', headers: { 'idempotency-key': 'x' } });
    expect(answer.status).toBe(400);
    expect(answer.json.error_code).toBe('INVALID_JSON');
  });

  test('numeric codes sent as strings are accepted', async () => {
    const answer = await pushEmc(base(), 'S', emcEvent({ Status: '2', FormsReception: '1', SiteId: 79 }));
    expect(answer.status).toBe(200);
  });

  test('the report counts distinct online dossiers per unit and ReceivedDate, whatever their events', async () => {
    const push = (key: string, overrides: Record<string, unknown>) => pushEmc(base(), key, emcEvent(overrides));
    // Two "received" events for one dossier (a connector bug) count once.
    await push('A:1:1', { CodeProfile: 'A', Status: 1 });
    await push('A:1:2', { CodeProfile: 'A', Status: 1 });
    // Received then processing counts once.
    await push('B:1:1', { CodeProfile: 'B', Status: 1 });
    await push('B:2:1', { CodeProfile: 'B', Status: 2 });
    // A direct (or postal) dossier never counts, whatever its status.
    await push('C:1:1', { CodeProfile: 'C', Status: 1, FormsReception: 2 });
    await push('C:3:1', { CodeProfile: 'C', Status: 3, FormsReception: 2 });
    // Another unit, another day, another site.
    await push('D:1:1', { CodeProfile: 'D', UnitCode: '26737' });
    await push('E:3:1', { CodeProfile: 'E', Status: 3, ReceivedDate: '2025-11-25' });
    await push('F:1:1', { CodeProfile: 'F', SiteId: '51' });

    const report = await http(`${base()}/reports/online-dossiers?siteId=79&from=2025-11-24&to=2025-11-25`);
    expect(report.status).toBe(200);
    expect(report.json).toEqual([
      { date: '2025-11-24', unitCode: '26737', count: 1, codes: ['D'] },
      { date: '2025-11-24', unitCode: '26740', count: 2, codes: ['A', 'B'] },
      { date: '2025-11-25', unitCode: '26740', count: 1, codes: ['E'] },
    ]);

    const oneDay = await http(`${base()}/reports/online-dossiers?siteId=79&from=2025-11-25&to=2025-11-25`);
    expect(oneDay.json).toEqual([{ date: '2025-11-25', unitCode: '26740', count: 1, codes: ['E'] }]);
    const oneUnit = await http(`${base()}/reports/online-dossiers?siteId=79&from=2025-11-01&to=2025-11-30&unitCode=26737`);
    expect(oneUnit.json).toEqual([{ date: '2025-11-24', unitCode: '26737', count: 1, codes: ['D'] }]);
    // A province code keeps every unit of the site: the simulator does not know the unit tree.
    const province = await http(`${base()}/reports/online-dossiers?siteId=79&from=2025-11-01&to=2025-11-30&unitCode=79`);
    expect(province.json).toHaveLength(3);
    const otherSite = await http(`${base()}/reports/online-dossiers?siteId=51&from=2025-11-01&to=2025-11-30`);
    expect(otherSite.json).toEqual([{ date: '2025-11-24', unitCode: '26740', count: 1, codes: ['F'] }]);
    const unknownSite = await http(`${base()}/reports/online-dossiers?siteId=01&from=2025-11-01&to=2025-11-30`);
    expect(unknownSite.json).toEqual([]);
  });

  test.each([
    ['from=2025-11-01&to=2025-11-30', 'MISSING_SITE_ID'],
    ['siteId=79&to=2025-11-30', 'INVALID_FROM'],
    ['siteId=79&from=2025-11-01&to=30-11-2025', 'INVALID_TO'],
    ['siteId=79&from=2025-12-01&to=2025-11-30', 'INVALID_RANGE'],
  ])('a report query %s is a 400 %s', async (query, code) => {
    const answer = await http(`${base()}/reports/online-dossiers?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.json.error_code).toBe(code);
  });

  test('an unknown route is a 404 in the system error shape', async () => {
    const answer = await http(`${base()}/Tracking`);
    expect(answer.status).toBe(404);
    expect(answer.json.error_code).toBe('NOT_FOUND');
  });
});

describe('civil-status', () => {
  const base = () => sims.urls['civil-status'];
  const dossier = (code: string, receivedAt = '2025-11-24T09:15:00+07:00') => ({
    code,
    unitCode: '26740',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    receivedAt,
    formData: { childName: 'Nguyễn Văn An' },
  });
  const send = (code: string, key: string, receivedAt?: string) =>
    http(`${base()}/dossiers`, { body: dossier(code, receivedAt), headers: { 'idempotency-key': key } });

  test('a dossier is taken PENDING; the same key or the same code again answers its state without a duplicate', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 3_600_000 });
    const first = await send('26740-251124-0001', 'K1');
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ code: '26740-251124-0001', status: 'PENDING' });
    const sameKey = await send('26740-251124-0001', 'K1');
    expect(sameKey.status).toBe(200);
    expect(sameKey.json).toEqual({ code: '26740-251124-0001', status: 'PENDING' });
    const sameCode = await send('26740-251124-0001', 'K2');
    expect(sameCode.status).toBe(200);

    const received = sims.systems['civil-status'].received();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ idempotencyKey: 'K1', count: 3, otherIdempotencyKeys: ['K2'] });
    // The new key dedupes from now on as well.
    expect((await send('26740-251124-0001', 'K2')).status).toBe(200);
    expect(sims.systems['civil-status'].received()[0]!.count).toBe(4);

    const polled = await http(`${base()}/dossiers/26740-251124-0001`);
    expect(polled.status).toBe(200);
    expect(polled.json).toEqual({ code: '26740-251124-0001', status: 'PENDING' });
  });

  test('an unknown dossier is a 404 NOT_FOUND', async () => {
    const answer = await http(`${base()}/dossiers/nope`);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toBe('NOT_FOUND');
  });

  test('with no delay and no rejections, the first poll registers the dossier with a number', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 0, rejectionRate: 0 });
    await send('X1', 'X1');
    await send('X2', 'X2');
    const one = await http(`${base()}/dossiers/X1`);
    const two = await http(`${base()}/dossiers/X2`);
    expect(one.json).toEqual({
      code: 'X1',
      status: 'REGISTERED',
      registrationNumber: expect.stringMatching(/^KS-\d{4}-000001$/),
      decidedAt: expect.any(String),
    });
    expect(two.json.registrationNumber).toMatch(/^KS-\d{4}-000002$/);
    // A decision is final: polling again answers the same.
    expect((await http(`${base()}/dossiers/X1`)).json).toEqual(one.json);
  });

  test('with a rejection rate of 1 every dossier is rejected with a reason', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 0, rejectionRate: 1 });
    await send('R1', 'R1');
    const answer = await http(`${base()}/dossiers/R1`);
    expect(answer.json).toEqual({ code: 'R1', status: 'REJECTED', reason: expect.any(String), decidedAt: expect.any(String) });
  });

  test('with a seed, which dossiers are rejected depends on their codes only', async () => {
    const codes = Array.from({ length: 24 }, (_, i) => `26740-251124-${String(i + 1).padStart(4, '0')}`);
    const outcomes = async (order: string[]) => {
      const other = await startSimulators({ env: {}, settings: { 'civil-status': { seed: 'seed-1', decideAfterMs: 0, rejectionRate: 0.5 } } });
      try {
        for (const code of order) await http(`${other.urls['civil-status']}/dossiers`, { body: dossier(code), headers: { 'idempotency-key': code } });
        const result: Record<string, string> = {};
        for (const code of codes) result[code] = (await http(`${other.urls['civil-status']}/dossiers/${code}`)).json.status;
        return result;
      } finally {
        await other.stop();
      }
    };
    const forward = await outcomes(codes);
    const backward = await outcomes([...codes].reverse());
    expect(backward).toEqual(forward);
    const statuses = new Set(Object.values(forward));
    expect(statuses).toEqual(new Set(['REGISTERED', 'REJECTED']));
  });

  test('a decision can be forced through /_sim (tests of the polling job)', async () => {
    sims.systems['civil-status'].setSettings({ decideAfterMs: 3_600_000 });
    await send('F1', 'F1');
    const forced = await http(`${base()}/_sim/dossiers/F1/decision`, { body: { status: 'REJECTED', reason: 'Thiếu giấy tờ' } });
    expect(forced.status).toBe(200);
    expect(forced.json).toMatchObject({ code: 'F1', status: 'REJECTED', reason: 'Thiếu giấy tờ' });
    const twice = await http(`${base()}/_sim/dossiers/F1/decision`, { body: { status: 'REGISTERED' } });
    expect(twice.status).toBe(409);
    expect(twice.json.error).toBe('ALREADY_DECIDED');
    await send('F2', 'F2');
    expect(sims.systems['civil-status'].decide('F2', { status: 'REGISTERED' }).registrationNumber).toMatch(/^KS-/);
  });

  test('the report counts distinct dossiers by the local (UTC+7) date of receivedAt', async () => {
    await send('D1', 'D1', '2025-11-24T23:30:00+07:00');
    await send('D2', 'D2', '2025-11-24T17:30:00Z'); // 00:30 on the 25th in Vietnam
    await send('D1', 'D1-again', '2025-11-24T23:30:00+07:00');
    const report = await http(`${base()}/reports/dossiers?from=2025-11-24&to=2025-11-25`);
    expect(report.status).toBe(200);
    expect(report.json).toEqual([
      { date: '2025-11-24', unitCode: '26740', count: 1, codes: ['D1'] },
      { date: '2025-11-25', unitCode: '26740', count: 1, codes: ['D2'] },
    ]);
  });

  test.each([
    [{ code: undefined }, 'code'],
    [{ unitCode: '' }, 'unitCode'],
    [{ procedureCode: undefined }, 'procedureCode'],
    [{ receivedAt: '2025-11-24 09:15' }, 'receivedAt'],
  ])('an invalid dossier %j is a 400 naming %s', async (overrides, field) => {
    const answer = await http(`${base()}/dossiers`, { body: { ...dossier('I1'), ...overrides }, headers: { 'idempotency-key': 'I1' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'INVALID_BODY', message: expect.stringContaining(field) });
    expect(sims.systems['civil-status'].received()).toEqual([]);
  });
});

describe('vneid', () => {
  const base = () => sims.urls.vneid;

  test('without an override, an id exists with level 1 when it ends in 1 or 3, else level 2', async () => {
    expect((await http(`${base()}/citizens/079203001231`)).json).toEqual({ exists: true, level: 1 });
    expect((await http(`${base()}/citizens/079203001233`)).json).toEqual({ exists: true, level: 1 });
    const answer = await http(`${base()}/citizens/079203001234`);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ exists: true, level: 2 });
  });

  test('overrides answer first, until deleted or reset', async () => {
    expect((await http(`${base()}/_sim/citizens/079203001234`, { method: 'PUT', body: { exists: false } })).status).toBe(200);
    const missing = await http(`${base()}/citizens/079203001234`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ exists: false });

    await http(`${base()}/_sim/citizens/079203001234`, { method: 'PUT', body: { exists: true, level: 1 } });
    expect((await http(`${base()}/citizens/079203001234`)).json).toEqual({ exists: true, level: 1 });
    await http(`${base()}/_sim/citizens/079203001234`, { method: 'DELETE' });
    expect((await http(`${base()}/citizens/079203001234`)).json).toEqual({ exists: true, level: 2 });

    sims.systems.vneid.setCitizen('079203001236', { exists: false });
    expect((await http(`${base()}/citizens/079203001236`)).status).toBe(404);
    sims.reset();
    expect((await http(`${base()}/citizens/079203001236`)).status).toBe(200);
  });

  test('an invalid override is a 400', async () => {
    const answer = await http(`${base()}/_sim/citizens/079203001234`, { method: 'PUT', body: { exists: true, level: 3 } });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('INVALID_BODY');
  });
});

describe('business-registration', () => {
  const base = () => sims.urls['business-registration'];
  const registration = (code: string, unitCode = '26740') => ({
    code,
    unitCode,
    procedureCode: '1.001612',
    receivedAt: '2025-11-24T09:15:00+07:00',
    formData: { businessName: 'Tạp hoá Minh An' },
  });
  const register = (code: string, key: string, unitCode?: string) =>
    http(`${base()}/registrations`, { body: registration(code, unitCode), headers: { 'idempotency-key': key } });

  test('registrations get per-unit numbers; the same key or code again answers 200 with the same number', async () => {
    const first = await register('B1', 'B1');
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ code: 'B1', registrationNumber: 'HKD-26740-000001' });
    expect((await register('B2', 'B2')).json.registrationNumber).toBe('HKD-26740-000002');
    expect((await register('B3', 'B3', '26737')).json.registrationNumber).toBe('HKD-26737-000001');

    const sameKey = await register('B1', 'B1');
    expect(sameKey.status).toBe(200);
    expect(sameKey.json).toEqual({ code: 'B1', registrationNumber: 'HKD-26740-000001' });
    const sameCode = await register('B1', 'B1-other');
    expect(sameCode.status).toBe(200);
    expect(sameCode.json.registrationNumber).toBe('HKD-26740-000001');
    const received = sims.systems['business-registration'].received();
    expect(received.map((r) => [r.idempotencyKey, r.count])).toEqual([
      ['B1', 3],
      ['B2', 1],
      ['B3', 1],
    ]);
  });

  test('a body it cannot take is a 422 REJECTED with a reason, and nothing is recorded', async () => {
    const answer = await http(`${base()}/registrations`, { body: { ...registration('B1'), code: undefined }, headers: { 'idempotency-key': 'B1' } });
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ error: 'REJECTED', reason: expect.stringContaining('code') });
    expect(sims.systems['business-registration'].received()).toEqual([]);
  });

  test('with a rejection rate of 1 every registration is refused with a reason', async () => {
    sims.systems['business-registration'].setSettings({ rejectionRate: 1 });
    const answer = await register('B9', 'B9');
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({ error: 'REJECTED', reason: expect.any(String) });
    expect(sims.systems['business-registration'].received()).toEqual([]);
    sims.systems['business-registration'].setSettings({ rejectionRate: 0 });
  });
});

describe('notify', () => {
  const base = () => sims.urls.notify;
  const message = { to: '+84912345678', channel: 'SMS', template: 'DOSSIER_RESULT_READY', text: 'Hồ sơ 26740-251124-0001 đã có kết quả' };

  test('a message gets an id, is listed as delivered, and dedupes on Idempotency-Key', async () => {
    const first = await http(`${base()}/messages`, { body: message, headers: { 'idempotency-key': 'M1' } });
    expect(first.status).toBe(202);
    expect(first.json).toEqual({ messageId: expect.any(String) });
    const again = await http(`${base()}/messages`, { body: message, headers: { 'idempotency-key': 'M1' } });
    expect(again.json).toEqual(first.json);

    const delivered = await http(`${base()}/_sim/messages`);
    expect(delivered.json).toEqual([{ ...message, messageId: first.json.messageId, idempotencyKey: 'M1', at: expect.any(String) }]);
    expect(sims.systems.notify.messages()).toEqual(delivered.json);
    expect(sims.systems.notify.received()[0]!.count).toBe(2);
  });

  test.each([
    [{ to: '0912345678' }, 'to'],
    [{ channel: 'EMAIL' }, 'channel'],
    [{ template: '' }, 'template'],
    [{ text: undefined }, 'text'],
  ])('an invalid message %j is a 400 naming %s', async (overrides, field) => {
    const answer = await http(`${base()}/messages`, { body: { ...message, ...overrides }, headers: { 'idempotency-key': 'M2' } });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toContain(field);
    expect(sims.systems.notify.messages()).toEqual([]);
  });
});

describe('agency-system', () => {
  const base = () => sims.urls['agency-system'];
  const handle = () => sims.systems['agency-system'];

  test('a hand-over is filed with a per-agency receipt number; the same key again answers 200 with the same receipt', async () => {
    const first = await pushTransfer(base(), 'A:transfer:2', agencyTransfer({ code: 'A' }));
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ code: 'A', receiptNumber: 'BN-51.SNNMT-000001' });
    expect((await pushTransfer(base(), 'B:transfer:2', agencyTransfer({ code: 'B' }))).json.receiptNumber).toBe('BN-51.SNNMT-000002');
    expect((await pushTransfer(base(), 'C:transfer:2', agencyTransfer({ code: 'C', toUnitCode: '51.SXD' }))).json.receiptNumber).toBe('BN-51.SXD-000001');

    const again = await pushTransfer(base(), 'A:transfer:2', agencyTransfer({ code: 'A' }));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect(handle().received().map((r) => [r.idempotencyKey, r.count])).toEqual([
      ['A:transfer:2', 2],
      ['B:transfer:2', 1],
      ['C:transfer:2', 1],
    ]);
  });

  test('a second transfer of the same dossier (another key) is another hand-over, not a repeat', async () => {
    await pushTransfer(base(), 'A:transfer:2', agencyTransfer({ code: 'A' }));
    const second = await pushTransfer(base(), 'A:transfer:6', agencyTransfer({ code: 'A', at: '2026-03-09T02:00:00.000Z' }));
    expect(second.status).toBe(201);
    expect(second.json.receiptNumber).toBe('BN-51.SNNMT-000002');
    expect(handle().received()).toHaveLength(2);
  });

  test('the report lists the distinct dossiers filed per agency unit and local (UTC+7) day of the transfer', async () => {
    await pushTransfer(base(), 'A:1', agencyTransfer({ code: 'A', at: '2026-03-02T16:30:00.000Z' })); // 23:30 on the 2nd in Vietnam
    await pushTransfer(base(), 'B:1', agencyTransfer({ code: 'B', at: '2026-03-02T17:30:00.000Z' })); // 00:30 on the 3rd
    await pushTransfer(base(), 'B:2', agencyTransfer({ code: 'B', at: '2026-03-03T09:00:00+07:00' })); // the same dossier again that day
    await pushTransfer(base(), 'C:1', agencyTransfer({ code: 'C', toUnitCode: '51.SXD' }));

    const report = await http(`${base()}/reports/transfers?from=2026-03-02&to=2026-03-03`);
    expect(report.status).toBe(200);
    expect(report.json).toEqual([
      { date: '2026-03-02', unitCode: '51.SNNMT', count: 1, codes: ['A'] },
      { date: '2026-03-02', unitCode: '51.SXD', count: 1, codes: ['C'] },
      { date: '2026-03-03', unitCode: '51.SNNMT', count: 1, codes: ['B'] },
    ]);
    const oneUnit = await http(`${base()}/reports/transfers?from=2026-03-01&to=2026-03-31&unitCode=51.SXD`);
    expect(oneUnit.json).toEqual([{ date: '2026-03-02', unitCode: '51.SXD', count: 1, codes: ['C'] }]);
    const invalid = await http(`${base()}/reports/transfers?from=2026-03-04&to=2026-03-01`);
    expect([invalid.status, invalid.json.error]).toEqual([400, 'INVALID_RANGE']);
  });

  test.each([
    [{ code: undefined }, 'code'],
    [{ procedureCode: '' }, 'procedureCode'],
    [{ fromUnitCode: undefined }, 'fromUnitCode'],
    [{ toUnitCode: ' ' }, 'toUnitCode'],
    [{ at: '2026-03-02 09:00' }, 'at'],
  ])('an invalid hand-over %j is a 400 naming %s, and nothing is filed', async (overrides, field) => {
    const answer = await pushTransfer(base(), 'I1', agencyTransfer(overrides));
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'INVALID_BODY', message: expect.stringContaining(field) });
    expect(handle().received()).toEqual([]);
    expect((await http(`${base()}/reports/transfers?from=2026-03-01&to=2026-03-31`)).json).toEqual([]);
  });

  test('reset forgets the filings and restarts the receipt registers', async () => {
    await pushTransfer(base(), 'A:1', agencyTransfer({ code: 'A' }));
    handle().reset();
    expect((await http(`${base()}/reports/transfers?from=2026-03-01&to=2026-03-31`)).json).toEqual([]);
    expect((await pushTransfer(base(), 'A:1', agencyTransfer({ code: 'A' }))).json.receiptNumber).toBe('BN-51.SNNMT-000001');
  });
});

describe('the server', () => {
  test('lists the systems and the connector variables at /, and answers /healthz', async () => {
    const index = await http(`${sims.url}/`);
    expect(index.json.systems).toEqual(sims.urls);
    expect(index.json.env).toContain(`CONNECTOR_CIVIL_STATUS_URL=${sims.urls['civil-status']}`);
    expect(index.json.env).toContain(`CONNECTOR_AGENCY_SYSTEM_URL=${sims.urls['agency-system']}`);
    expect((await http(`${sims.url}/healthz`)).status).toBe(200);
    expect((await http(`${sims.url}/nothing-here`)).status).toBe(404);
  });

  test('POST /_sim/reset at the root forgets what every system holds', async () => {
    await pushEmc(sims.urls.emc, 'R', emcEvent());
    sims.systems.vneid.setCitizen('079203001234', { exists: false });
    expect((await http(`${sims.url}/_sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sims.systems.emc.received()).toEqual([]);
    expect(sims.systems.vneid.citizen('079203001234')).toEqual({ exists: true, level: 2 });
  });
});

describe('logging', () => {
  test('silent unless a logger is given; request lines name the route, never a citizen id or a body', async () => {
    const lines: Array<[string, object, string]> = [];
    const record = (level: string) => (object: object, message: string) => void lines.push([level, object, message]);
    const logged = await startSimulators({
      env: {},
      logger: { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') },
    });
    try {
      await http(`${logged.urls.vneid}/citizens/079203001234`);
      await pushEmc(logged.urls.emc, 'K', emcEvent({ User: { ID_local: 'Nguyễn Văn An', TYPE: 'CD' } }));
      logged.systems.emc.setSettings({ token: 'secret-token' });
    } finally {
      await logged.stop();
    }
    const text = JSON.stringify(lines);
    expect(lines).toContainEqual(['debug', expect.objectContaining({ system: 'vneid', route: 'citizens', status: 200 }), 'simulator request']);
    expect(lines).toContainEqual(['debug', expect.objectContaining({ system: 'emc', route: 'TrackingMCDT', status: 200 }), 'simulator request']);
    expect(text).not.toContain('079203001234');
    expect(text).not.toContain('Nguyễn');
    expect(text).not.toContain('secret-token');
  });
});
