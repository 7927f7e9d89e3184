import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { readPdf } from '../support/pdf.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const PUBLIC_BASE_URL = 'https://dichvucong.quangngai.example.vn';
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code status } userErrors { code field } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status extendedDueDate } userErrors { code } } }`;
const applicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };

describe('printed documents: receipt and apology letter (PDF)', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let officer: string;
  let leader: string;
  let code: string;
  let dossierId: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true, env: { PUBLIC_BASE_URL } });
    officer = await t.token(Role.OFFICER, '21025', 'officer-1');
    leader = await t.token(Role.LEADER, '21025', 'leader-1');
    const received = dataOf(
      await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '21025', channel: 'IN_PERSON', applicant } }, { token: officer }),
    ).receiveDossier;
    expect(received.userErrors).toEqual([]);
    ({ code, id: dossierId } = received.dossier);
  });
  afterAll(() => t.stop());

  const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  test('the receipt: A4, Vietnamese text with its fonts embedded, code, due date, documents and a QR code to the tracking page', async () => {
    const response = await get(`/dossiers/${code}/receipt.pdf`, officer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const pdf = await readPdf(Buffer.from(await response.arrayBuffer()));

    expect(pdf.size).toEqual({ width: 595.28, height: 841.89 });
    expect(pdf.fonts.length).toBeGreaterThan(0);
    expect(pdf.fonts.every((f) => f.embedded)).toBe(true);
    expect(pdf.fonts.map((f) => f.name).join(' ')).toContain('DejaVuSerif');

    // Diacritics come back from the file as written: the glyphs and their Unicode mapping are in it.
    expect(pdf.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(pdf.text).toContain(`Mã hồ sơ: ${code}`);
    expect(pdf.text).toMatch(/Ngày hẹn trả kết quả:\s+05\/03\/2026/);
    expect(pdf.text).toMatch(/Thời gian giải quyết hồ sơ theo quy định: 3 ngày làm việc\./);
    expect(pdf.text).toContain('Thời gian nhận hồ sơ: 09:00 ngày 02/03/2026');
    expect(pdf.text).toContain('Phường Cẩm Thành');
    expect(pdf.text).toContain('Xác nhận tình trạng hôn nhân');
    expect(pdf.text).toContain('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân: 01 bản');
    expect(pdf.text).toContain('Nguyễn Văn An');
    expect(pdf.text).toContain('********1234');
    expect(pdf.text).not.toContain(applicant.citizenId);

    expect(pdf.qrCodes).toEqual([`${PUBLIC_BASE_URL}/track/${code}`]);
  });

  test('every print is an audited read', async () => {
    const audit = await t.sql<{ actor_sub: string; operation: string }>(
      `select a.actor_sub, a.operation from dossier_read_audit a join dossier d on d.id = any(a.dossier_ids) where d.code = $1`,
      [code],
    );
    expect(audit).toEqual(expect.arrayContaining([{ actor_sub: 'officer-1', operation: 'GET /dossiers/{code}/receipt.pdf' }]));
  });

  test('only staff of the dossier’s unit and the applicant get it; others get a coded JSON error', async () => {
    const cases: [string, string | undefined, number, string][] = [
      ['no token', undefined, 401, 'UNAUTHENTICATED'],
      ['a forged token', 'not-a-jwt', 401, 'UNAUTHENTICATED'],
      // Those who may not read the dossier at all are told it does not exist, as for an unknown code.
      ['an officer of another unit', await t.token(Role.OFFICER, '21028'), 404, 'NOT_FOUND'],
      ['the province administrator (masked data only)', await t.token(Role.PROVINCE_ADMIN, '51'), 403, 'FORBIDDEN'],
      ['a system administrator', await t.token(Role.SYSTEM_ADMIN), 403, 'FORBIDDEN'],
      ['another citizen', await t.token(Role.CITIZEN, null, '079199000111'), 404, 'NOT_FOUND'],
    ];
    for (const [who, token, status, errorCode] of cases) {
      const response = await get(`/dossiers/${code}/receipt.pdf`, token);
      expect([who, response.status, response.headers.get('content-type')]).toEqual([who, status, 'application/json; charset=utf-8']);
      expect([who, ((await response.json()) as { error: { code: string } }).error.code]).toEqual([who, errorCode]);
      // The same refusal as every plain route: a 401 names the scheme (RFC 6750).
      expect([who, response.headers.get('www-authenticate')]).toEqual([who, status === 401 ? 'Bearer' : null]);
    }
    expect((await get(`/dossiers/${code}/receipt.pdf`, await t.token(Role.LEADER, '21025'))).status).toBe(200);
    expect((await get(`/dossiers/${code}/receipt.pdf`, await t.token(Role.CITIZEN, null, applicant.citizenId))).status).toBe(200);
  });

  test('an unknown code is 404; messages follow Accept-Language', async () => {
    const response = await get('/dossiers/21025-260302-9999/receipt.pdf', officer, { 'accept-language': 'en' });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: '21025-260302-9999 was not found.' } });
  });

  test('a dossier filed online and not yet received has no receipt (409)', async () => {
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const filed = dataOf(
      await t.gql(
        RECEIVE,
        { input: { procedureCode: '1.001193', unitCode: '21025', channel: 'ONLINE', applicant, formData: validFormData('1.001193') } },
        { token: citizen },
      ),
    ).receiveDossier;
    expect(filed.dossier.status).toBe('SUBMITTED');
    const response = await get(`/dossiers/${filed.dossier.code}/receipt.pdf`, officer);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('DOSSIER_NOT_RECEIVED');
  });

  test('the apology letter exists only after EXTEND_DEADLINE, with the reason and the new date', async () => {
    const before = await get(`/dossiers/${code}/apology.pdf`, officer);
    expect(before.status).toBe(409);
    expect(((await before.json()) as { error: { code: string } }).error.code).toBe('NO_DEADLINE_EXTENSION');

    clock.set('2026-03-05T09:30:00+07:00');
    const reason = 'Chờ kết quả xác minh của Ủy ban nhân dân nơi cư trú trước đây';
    const extended = dataOf(
      await t.gql(ACT, { input: { dossierId, action: 'EXTEND_DEADLINE', newDueDate: '2026-03-10', note: reason } }, { token: leader }),
    ).actOnDossier;
    expect(extended.dossier.extendedDueDate).toBe('2026-03-10');

    const response = await get(`/dossiers/${code}/apology.pdf`, officer);
    expect(response.status).toBe(200);
    const pdf = await readPdf(Buffer.from(await response.arrayBuffer()));
    expect(pdf.size).toEqual({ width: 595.28, height: 841.89 });
    expect(pdf.fonts.every((f) => f.embedded)).toBe(true);
    expect(pdf.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(pdf.text).toContain('Ông/Bà Nguyễn Văn An');
    expect(pdf.text).toContain(code);
    expect(pdf.text).toContain(reason);
    expect(pdf.text).toMatch(/Thời gian hẹn trả kết quả giải quyết hồ sơ:\s+05\/03\/2026/);
    expect(pdf.text).toMatch(/Ngày hẹn trả kết quả mới:\s+10\/03\/2026/);
    expect(pdf.text).toContain('ngày 05 tháng 03 năm 2026');
    expect(pdf.qrCodes).toEqual([`${PUBLIC_BASE_URL}/track/${code}`]);

    // The receipt reprinted after the extension mentions the new date.
    const receipt = await readPdf(Buffer.from(await (await get(`/dossiers/${code}/receipt.pdf`, officer)).arrayBuffer()));
    expect(receipt.text).toContain('hẹn lại ngày trả kết quả: 10/03/2026');
  });
});
