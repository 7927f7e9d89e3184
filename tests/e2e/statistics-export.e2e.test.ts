import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { statisticsRows } from '../support/statistics.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';
import { UnitKind } from '../../src/domain/unit/unit-kind.js';

/** GET /export/statistics.csv: the rows of Query.statistics for spreadsheets. */
const A = '21211';
const applicant = { fullName: 'Đỗ Thị Lan', citizenId: '051192003579', phone: '0982333444' };
const at = (local: string) => `${local}:00+07:00`;
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { userErrors { code } } }`;

const HEADER = 'Mã,Tên,Tiếp nhận,Tiếp nhận trực tuyến,Tiếp nhận trực tiếp,Tiếp nhận qua bưu chính,Kỳ trước chuyển sang,' +
  'Đã giải quyết,Giải quyết trước hạn,Giải quyết đúng hạn,Giải quyết quá hạn,Rút hồ sơ,Đang giải quyết,' +
  'Đang giải quyết trong hạn,Đang giải quyết quá hạn,Tỷ lệ trước hạn và đúng hạn,Tỷ lệ trực tuyến,' +
  'Tỷ lệ trực tuyến toàn trình,Tỷ lệ trực tuyến một phần,Chỉ số tiến độ giải quyết (QĐ 766)';

describe('statistics CSV export', () => {
  const clock = new TestClock(at('2026-03-02T09:00'));
  let t: TestApp;
  let statistician: string;

  async function csv(query: Record<string, string>, token?: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${t.url}/export/statistics.csv?${new URLSearchParams(query)}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    statistician = await t.token(Role.STATISTICIAN, A);
    const officer = await t.token(Role.OFFICER, A);
    await t.app.services.units.upsert(ADMIN, [
      { code: '25400', name: 'Xã An Hải, Lý Sơn', kind: UnitKind.COMMUNE, parentCode: '51' },
      { code: '25401', name: '=HYPERLINK("x")', kind: UnitKind.COMMUNE, parentCode: '51' },
    ]);
    // 03-02: one in person (3 days, FULL, due 03-05) resolved early on 03-03; one online (5 days, PARTIAL) open.
    const formData = validFormData('1.004873', applicant, clock.now());
    const inPerson = dataOf(await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: A, channel: 'IN_PERSON', applicant, formData } }, { token: officer }));
    const online = dataOf(await t.gql(RECEIVE, { input: { procedureCode: '1.004884', unitCode: A, channel: 'ONLINE', applicant } }, { token: officer }));
    clock.set(at('2026-03-02T10:00'));
    await t.gql(ACT, { input: { dossierId: online.receiveDossier.dossier.id, action: 'ACCEPT' } }, { token: officer });
    clock.set(at('2026-03-03T10:00'));
    await t.gql(ACT, { input: { dossierId: inPerson.receiveDossier.dossier.id, action: 'RESOLVE', outcome: 'APPROVED' } }, { token: officer });
  });
  afterAll(() => t.stop());

  test('UTF-8 with a BOM, Vietnamese headers, CRLF lines, the same figures as the API', async () => {
    const { response, bytes } = await csv({ unitCode: A, from: '2026-03-02', to: '2026-03-06' }, statistician);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="thong-ke-21211-2026-03-02-2026-03-06-none.csv"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(`${HEADER}\r\nALL,Xã Tịnh Khê,2,1,1,0,0,1,1,0,0,0,1,1,0,1,0.5,0,1,1\r\n`);
  });

  test('every grouping exports the rows of Query.statistics, in order', async () => {
    const query = { unitCode: '51', from: '2026-02-27', to: '2026-03-04' };
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    for (const groupBy of ['DAY', 'MONTH', 'CHANNEL', 'FIELD', 'PROCEDURE']) {
      const { bytes } = await csv({ ...query, groupBy }, provinceAdmin);
      const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n').slice(1);
      const rows = await statisticsRows(t, provinceAdmin, { ...query, groupBy });
      expect(lines.map((line) => line.split(',')[0])).toEqual(rows.map((r) => r.key));
      expect(lines.map((line) => Number(line.split(',')[2]))).toEqual(rows.map((r) => r.received));
    }
    const { bytes } = await csv({ ...query, groupBy: 'DAY' }, provinceAdmin);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[1]).toBe('2026-02-27,27/02/2026,0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,');
  });

  test('names with commas and quotes are quoted; text a spreadsheet would run as a formula is defused', async () => {
    const { bytes } = await csv({ unitCode: '51', from: '2026-03-02', to: '2026-03-06', groupBy: 'UNIT' }, await t.token(Role.PROVINCE_ADMIN, '51'));
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.find((l) => l.startsWith('25400,'))).toBe('25400,"Xã An Hải, Lý Sơn",0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,');
    expect(lines.find((l) => l.startsWith('25401,'))).toBe(`25401,"'=HYPERLINK(""x"")",0,0,0,0,0,0,0,0,0,0,0,0,0,,,,,`);
  });

  test('the same token and scopes as the API; refusals are coded JSON with a 4xx status', async () => {
    const query = { unitCode: A, from: '2026-03-02', to: '2026-03-06' };
    const cases: Array<[Record<string, string>, string | undefined, number, Record<string, unknown>]> = [
      [query, undefined, 401, { code: 'UNAUTHENTICATED' }],
      [query, 'not-a-token', 401, { code: 'UNAUTHENTICATED' }],
      [query, await t.token(Role.OFFICER, A), 403, { code: 'FORBIDDEN' }],
      [{ ...query, unitCode: '51' }, statistician, 403, { code: 'FORBIDDEN', field: ['unitCode'] }],
      [{ ...query, unitCode: '99999' }, statistician, 404, { code: 'NOT_FOUND', field: ['unitCode'] }],
      [{ ...query, from: '2026-03-07' }, statistician, 400, { code: 'INVALID_PERIOD', reason: 'PERIOD_END_BEFORE_START', field: ['to'] }],
      [{ ...query, from: '2020-01-01' }, statistician, 400, { code: 'INVALID_PERIOD', reason: 'PERIOD_TOO_LONG' }],
      [{ ...query, from: '2026-02-30' }, statistician, 400, { code: 'INVALID_DATE', field: ['from'] }],
      [{ unitCode: A, from: '2026-03-02' }, statistician, 400, { code: 'BAD_USER_INPUT', reason: 'PARAMETER_REQUIRED', field: ['to'] }],
      [{ ...query, groupBy: 'WEEK' }, statistician, 400, { code: 'BAD_USER_INPUT', reason: 'INVALID_GROUPING', field: ['groupBy'] }],
      [{ ...query, groupBy: 'constructor' }, statistician, 400, { code: 'BAD_USER_INPUT', reason: 'INVALID_GROUPING' }],
    ];
    for (const [params, token, status, error] of cases) {
      const { response, bytes } = await csv(params, token);
      expect({ params, status: response.status }).toEqual({ params, status });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(JSON.parse(bytes.toString('utf8')).error).toMatchObject(error);
      expect(response.headers.get('www-authenticate')).toBe(status === 401 ? 'Bearer' : null);
    }
    const { bytes } = await csv({ ...query, from: '2026-03-07' }, statistician, { 'accept-language': 'en' });
    expect(JSON.parse(bytes.toString('utf8')).error.message).toBe('The end date (to) must not be before the start date (from).');
  });
});
