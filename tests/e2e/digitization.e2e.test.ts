import { rebuildStatistics } from '../../src/domain/statistics/statistics-rebuild.js';
import { snapshotsAroundRebuild } from '../support/statistics.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { readPdf } from '../support/pdf.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Digitization end to end (Decision 766): documents received are digitized into the
 * content-addressed store or reused from another dossier of the same citizen; RESOLVE issues the
 * electronic result, downloaded as stored and verified publicly by its SHA-256 without personal
 * data; the rates of both per unit and period. Every refusal writes nothing (no row, no file).
 */
const RESIDENCE = '1.004222'; // Đăng ký thường trú
const TEMPORARY = '1.004194'; // Đăng ký tạm trú: shares "Giấy tờ chứng minh chỗ ở hợp pháp"
const FORM = 'Tờ khai thay đổi thông tin cư trú';
const PROOF = 'Giấy tờ chứng minh chỗ ở hợp pháp';
const CITIZEN = { fullName: 'Phạm Thị Hoa', citizenId: '051203012345' };
const OTHER = { fullName: 'Trần Văn Bình', citizenId: '051203054321' };
const PUBLIC = 'https://dichvucong.quangngai.test';

const PDF = Buffer.from('%PDF-1.4\n% to khai cu tru\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code } } }`;
const DOCUMENT = 'document { id documentName fileName mediaType sizeBytes sha256 scannedBy reused reusedFromId downloadPath }';
const DIGITIZE = `mutation($input: DigitizeDocumentInput!) { digitizeDocument(input: $input) { ${DOCUMENT} userErrors { code field } } }`;
const REUSE = `mutation($input: ReuseDigitizedDocumentInput!) { reuseDigitizedDocument(input: $input) { ${DOCUMENT} userErrors { code field } } }`;
const DOSSIER = `query($code: String!) { dossier(code: $code) {
  digitizedDocuments { id documentName sha256 reused reusedFromId }
  reusableDocuments { id documentName sha256 }
  electronicResult { sha256 sizeBytes issuedAt issuedDate signed signer downloadPath } } }`;
const RATES = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  digitizationStatistics(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) {
    key label received receivedDigitized digitizationRate documentsDigitized documentsReused reuseRate
    resolved resolvedWithElectronicResult electronicResultRate } }`;

let t: TestApp;
let officer: string;
let otherOfficer: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00');

beforeAll(async () => {
  t = await startTestApp({ catalog: true, clock, logLevel: 'debug', env: { PUBLIC_BASE_URL: PUBLIC } });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
  otherOfficer = await t.token(Role.OFFICER, '21028', 'officer-2');
});
afterAll(async () => {
  await t?.stop();
});

async function receive(procedureCode: string, applicant: { fullName: string; citizenId: string }, unitCode = '21025', token = officer) {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, { input: { unitCode, channel: 'IN_PERSON', procedureCode, applicant } }, { token }));
  expect(receiveDossier.userErrors).toEqual([]);
  return receiveDossier.dossier as { id: string; code: string };
}
async function act(dossierId: string, action: string, token = officer) {
  const { actOnDossier } = dataOf(await t.gql(ACT, { input: { dossierId, action, ...(action === 'RESOLVE' ? { outcome: 'APPROVED' } : {}) } }, { token }));
  expect(actOnDossier.userErrors).toEqual([]);
}
async function digitize(input: Record<string, unknown>, token = officer) {
  return dataOf(await t.gql(DIGITIZE, { input }, { token, headers: { 'accept-language': 'en' } })).digitizeDocument;
}
async function reuse(input: Record<string, unknown>, token = officer) {
  return dataOf(await t.gql(REUSE, { input }, { token })).reuseDigitizedDocument;
}
const dossierOf = async (code: string, token = officer) => dataOf(await t.gql(DOSSIER, { code }, { token })).dossier;
const documentRows = async () => (await t.sql<{ n: number }>('select count(*)::int as n from digitized_document'))[0]!.n;
const storedFiles = () => {
  const root = join(t.dataDir, 'documents');
  return existsSync(root) ? readdirSync(root, { recursive: true }).map(String).filter((f) => /[0-9a-f]{64}$/.test(f)).length : 0;
};
const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

describe('digitizing the documents received', () => {
  let first: { id: string; code: string };
  let scanned: { id: string; sha256: string };

  test('a scan is stored once under its SHA-256, listed on the dossier, downloaded as sent', async () => {
    first = await receive(RESIDENCE, CITIZEN);
    const done = await digitize({ dossierId: first.id, documentName: FORM, fileName: 'C:\\scan\\to-khai.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') });
    expect(done.userErrors).toEqual([]);
    expect(done.document).toMatchObject({
      documentName: FORM, fileName: 'to-khai.pdf', mediaType: 'application/pdf', sizeBytes: PDF.length, sha256: sha(PDF),
      scannedBy: 'officer-1', reused: false, reusedFromId: null,
    });
    scanned = done.document;
    expect(existsSync(join(t.dataDir, 'documents', sha(PDF).slice(0, 2), sha(PDF)))).toBe(true);
    const [row] = await t.sql<{ citizen_key: string; scanned_date: string; unit_code: string }>(
      `select citizen_key, to_char(scanned_date, 'YYYY-MM-DD') as scanned_date, unit_code from digitized_document`);
    expect(row).toMatchObject({ scanned_date: '2026-03-02', unit_code: '21025' });
    expect(row!.citizen_key).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.citizen_key).not.toContain(CITIZEN.citizenId);
    expect((await dossierOf(first.code)).digitizedDocuments).toEqual([{ id: scanned.id, documentName: FORM, sha256: sha(PDF), reused: false, reusedFromId: null }]);

    const file = await get(done.document.downloadPath, officer);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    // Another unit's staff neither download it nor see it listed.
    expect((await get(done.document.downloadPath, otherOfficer)).status).toBe(404);
    expect((await get(done.document.downloadPath)).status).toBe(401);

    // The same bytes again on the same dossier: refused, still one file.
    const again = await digitize({ dossierId: first.id, documentName: PROOF, fileName: 'x.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') });
    expect(again.userErrors).toEqual([{ code: 'DOCUMENT_ALREADY_ATTACHED', field: ['input', 'contentBase64'] }]);
    expect(storedFiles()).toBe(1);
  });

  test('bad input, a final dossier, another unit\'s staff: coded refusals, no row and no file written', async () => {
    const withdrawn = await receive(RESIDENCE, CITIZEN);
    await act(withdrawn.id, 'WITHDRAW');
    const ok = { dossierId: first.id, documentName: PROOF, fileName: 'cho-o.png', mediaType: 'image/png', contentBase64: PNG.toString('base64') };
    const tooLarge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]).toString('base64');
    const cases: [Record<string, unknown>, string, string[] | null, string?][] = [
      [{ contentBase64: 'not*base64' }, 'DOCUMENT_BASE64_INVALID', ['input', 'contentBase64']],
      [{ contentBase64: '' }, 'DOCUMENT_EMPTY', ['input', 'contentBase64']],
      [{ contentBase64: tooLarge }, 'DOCUMENT_TOO_LARGE', ['input', 'contentBase64']],
      [{ mediaType: 'text/html' }, 'DOCUMENT_MEDIA_TYPE_NOT_ALLOWED', ['input', 'mediaType']],
      [{ mediaType: 'application/pdf' }, 'DOCUMENT_CONTENT_MISMATCH', ['input', 'contentBase64']],
      [{ fileName: '  ' }, 'FILE_NAME_INVALID', ['input', 'fileName']],
      [{ documentName: 'Sổ hộ khẩu' }, 'DOCUMENT_NOT_IN_PROCEDURE', ['input', 'documentName']],
      [{ dossierId: withdrawn.id }, 'DOSSIER_FINAL', ['input', 'dossierId']],
      [{}, 'NOT_FOUND', ['input', 'dossierId'], otherOfficer],
      [{ dossierId: 'not-an-id' }, 'BAD_USER_INPUT', ['input', 'dossierId']],
    ];
    for (const [change, code, field, token] of cases) {
      const refused = await digitize({ ...ok, ...change }, token ?? officer);
      expect({ change: Object.keys(change), ...refused }).toEqual({ change: Object.keys(change), document: null, userErrors: [{ code, field }] });
    }
    const statistician = await t.token(Role.STATISTICIAN, '21025');
    expect((await digitize(ok, statistician)).userErrors[0].code).toBe('FORBIDDEN');
    expect((await t.gql(DIGITIZE, { input: ok })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await documentRows()).toBe(1);
    expect(storedFiles()).toBe(1);
    // A province officer acts for its communes.
    const province = await digitize(ok, await t.token(Role.OFFICER, '51', 'province-officer'));
    expect(province.userErrors).toEqual([]);
    expect(storedFiles()).toBe(2);
  });

  test('reused for the same citizen\'s next dossier: a new row, same SHA-256, no new file; refused across citizens', async () => {
    const next = await receive(TEMPORARY, CITIZEN);
    const stranger = await receive(TEMPORARY, OTHER);
    const offered = (await dossierOf(next.code)).reusableDocuments;
    expect(offered.map((d: { sha256: string }) => d.sha256).sort()).toEqual([sha(PDF), sha(PNG)].sort());
    expect((await dossierOf(stranger.code)).reusableDocuments).toEqual([]);

    const proof = offered.find((d: { sha256: string }) => d.sha256 === sha(PNG));
    const filesBefore = storedFiles();
    const reused = await reuse({ dossierId: next.id, documentId: proof.id });
    expect(reused.userErrors).toEqual([]);
    expect(reused.document).toMatchObject({ documentName: PROOF, sha256: sha(PNG), reused: true, reusedFromId: proof.id, scannedBy: 'officer-1' });
    expect(storedFiles()).toBe(filesBefore);
    const file = await get(reused.document.downloadPath, officer);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);

    const rows = await documentRows();
    // The form is not a document of the temporary residence procedure under another name.
    expect((await reuse({ dossierId: next.id, documentId: scanned.id, documentName: 'Giấy khai sinh' })).userErrors).toEqual([{ code: 'DOCUMENT_NOT_IN_PROCEDURE', field: ['input', 'documentName'] }]);
    expect((await reuse({ dossierId: next.id, documentId: proof.id })).userErrors[0].code).toBe('DOCUMENT_ALREADY_ATTACHED');
    expect((await reuse({ dossierId: stranger.id, documentId: proof.id })).userErrors).toEqual([{ code: 'DOCUMENT_NOT_REUSABLE', field: ['input', 'documentId'] }]);
    expect((await reuse({ dossierId: first.id, documentId: scanned.id })).userErrors[0].code).toBe('DOCUMENT_NOT_REUSABLE');
    expect((await reuse({ dossierId: next.id, documentId: 'bm90LWFuLWlk' })).userErrors[0].code).toBe('BAD_USER_INPUT');
    expect((await reuse({ dossierId: next.id, documentId: proof.id }, otherOfficer)).userErrors[0].code).toBe('NOT_FOUND');
    expect(await documentRows()).toBe(rows);
  });
});

describe('the electronic result', () => {
  test('issued at RESOLVE; the PDF downloaded has the recorded SHA-256; verified publicly without personal data', async () => {
    const dossier = await receive(RESIDENCE, CITIZEN);
    await act(dossier.id, 'START_PROCESSING');
    expect((await dossierOf(dossier.code)).electronicResult).toBeNull();
    const none = await get(`/dossiers/${dossier.code}/result.pdf`, officer);
    expect({ status: none.status, code: ((await none.json()) as any).error.code }).toEqual({ status: 409, code: 'NO_ELECTRONIC_RESULT' });

    clock.set('2026-03-02T15:30:00+07:00');
    await act(dossier.id, 'RESOLVE');
    const { electronicResult } = await dossierOf(dossier.code);
    expect(electronicResult).toMatchObject({
      issuedAt: '2026-03-02T15:30:00+07:00', issuedDate: '2026-03-02', signed: false, signer: null,
      downloadPath: `/dossiers/${dossier.code}/result.pdf`,
    });
    const response = await get(electronicResult.downloadPath, officer);
    expect(response.status).toBe(200);
    const pdf = Buffer.from(await response.arrayBuffer());
    expect(sha(pdf)).toBe(electronicResult.sha256);
    expect(pdf.length).toBe(electronicResult.sizeBytes);
    const content = await readPdf(pdf);
    expect(content.text).toContain('KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH');
    expect(content.text).toContain(dossier.code);
    expect(content.text).toContain(CITIZEN.fullName);
    expect(content.text).not.toContain(CITIZEN.citizenId);
    expect(content.qrCodes).toEqual([`${PUBLIC}/verify/result`]);
    expect((await get(electronicResult.downloadPath, otherOfficer)).status).toBe(404);

    // Anyone holding the file checks it: JSON for programs, a page for browsers, no personal data in either.
    const verified = await get(`/verify/result/${electronicResult.sha256}`);
    const text = await verified.text();
    expect(verified.status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      issued: true, sha256: electronicResult.sha256, dossierCode: dossier.code, unitCode: '21025', unitName: expect.any(String),
      procedureCode: RESIDENCE, procedureName: 'Đăng ký thường trú', issuedAt: '2026-03-02T15:30:00+07:00', issuedDate: '2026-03-02',
      signed: false, signer: null,
    });
    const page = await get(`/verify/result?sha256=${electronicResult.sha256.toUpperCase()}`, undefined, { accept: 'text/html' });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toContain(dossier.code);
    for (const body of [text, html]) {
      expect(body).not.toContain(CITIZEN.fullName);
      expect(body).not.toContain(CITIZEN.citizenId);
      expect(body).not.toContain(CITIZEN.citizenId.slice(-4));
    }
    const unknown = await get(`/verify/result/${sha(Buffer.from('forged'))}`);
    expect({ status: unknown.status, code: ((await unknown.json()) as any).error.code }).toEqual({ status: 404, code: 'RESULT_NOT_ISSUED' });
    const malformed = await get('/verify/result/xyz');
    expect({ status: malformed.status, code: ((await malformed.json()) as any).error.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect((await get('/verify/result', undefined, { accept: 'text/html' })).status).toBe(200);

    // Handing the result over changes nothing of it; the dossier is then final for digitizing.
    await act(dossier.id, 'RETURN_RESULT');
    expect((await dossierOf(dossier.code)).electronicResult.sha256).toBe(electronicResult.sha256);
    clock.set('2026-03-02T09:00:00+07:00');
  });
});

describe('the rates', () => {
  test('per unit, day and field for a known data set; scopes and periods as Query.statistics', async () => {
    clock.set('2026-03-10T09:00:00+07:00');
    const a = await receive(RESIDENCE, CITIZEN);
    const b = await receive(TEMPORARY, CITIZEN);
    await receive(TEMPORARY, OTHER);
    const elsewhere = await receive(RESIDENCE, OTHER, '21028', otherOfficer);
    const png = (n: number) => Buffer.concat([PNG, Buffer.from([n])]).toString('base64');
    for (const [name, n] of [[FORM, 1], [PROOF, 2]] as const) {
      expect((await digitize({ dossierId: a.id, documentName: name, fileName: `${n}.png`, mediaType: 'image/png', contentBase64: png(n) })).userErrors).toEqual([]);
    }
    const proof = (await dossierOf(b.code)).reusableDocuments.find((d: { documentName: string }) => d.documentName === PROOF);
    expect((await reuse({ dossierId: b.id, documentId: proof.id })).userErrors).toEqual([]);
    await act(a.id, 'RESOLVE');
    await act(b.id, 'RESOLVE');
    await act(elsewhere.id, 'RESOLVE', otherOfficer);
    // The rates are service index counters kept change by change: they equal a rebuild from the tables.
    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(incremental).toEqual(rebuilt);
    // A result handed over on paper before electronic results (its record removed by SQL, so the
    // aggregates are rebuilt as after any such change): counted resolved, not electronic.
    await t.sql('delete from electronic_result where dossier_id = (select id from dossier where code = $1)', [b.code]);
    await rebuildStatistics(t.app.orm);

    const statistician = await t.token(Role.STATISTICIAN, '51');
    const rates = async (vars: Record<string, unknown>, token = statistician) => t.gql(RATES, { from: '2026-03-10', to: '2026-03-10', ...vars }, { token });
    const [commune] = dataOf(await rates({ unitCode: '21025' })).digitizationStatistics;
    expect(commune).toEqual({
      key: 'ALL', label: expect.any(String), received: 3, receivedDigitized: 2, digitizationRate: 2 / 3,
      documentsDigitized: 2, documentsReused: 1, reuseRate: 1 / 3, resolved: 2, resolvedWithElectronicResult: 1, electronicResultRate: 0.5,
    });
    const byUnit = dataOf(await rates({ unitCode: '51', groupBy: 'UNIT' })).digitizationStatistics;
    expect(byUnit.find((r: { key: string }) => r.key === '21028')).toMatchObject({
      received: 1, receivedDigitized: 0, digitizationRate: 0, documentsDigitized: 0, reuseRate: null, resolved: 1, resolvedWithElectronicResult: 1, electronicResultRate: 1,
    });
    expect(byUnit.find((r: { key: string }) => r.key === '21025')).toMatchObject({ received: 3, documentsReused: 1 });
    const byDay = dataOf(await rates({ unitCode: '21025', from: '2026-03-09', groupBy: 'DAY' })).digitizationStatistics;
    expect(byDay.map((r: { key: string; received: number; digitizationRate: number | null }) => [r.key, r.received, r.digitizationRate]))
      .toEqual([['2026-03-09', 0, null], ['2026-03-10', 3, 2 / 3]]);
    const byProcedure = dataOf(await rates({ unitCode: '21025', groupBy: 'PROCEDURE' })).digitizationStatistics;
    expect(byProcedure.map((r: { key: string; received: number; label: string }) => [r.key, r.received, r.label]))
      .toEqual([[TEMPORARY, 2, 'Đăng ký tạm trú'], [RESIDENCE, 1, 'Đăng ký thường trú']]);

    const errorOf = async (vars: Record<string, unknown>, token?: string) => (await rates(vars, token)).body.errors?.[0]?.extensions?.code;
    expect(await errorOf({ unitCode: '21025' }, officer)).toBe('FORBIDDEN');
    expect(await errorOf({ unitCode: '21025' }, await t.token(Role.STATISTICIAN, '21028'))).toBe('FORBIDDEN');
    expect(await errorOf({ unitCode: '21025', from: '2026-03-11' })).toBe('INVALID_PERIOD');
    expect(await errorOf({ unitCode: '99999' })).toBe('NOT_FOUND');
    expect((await t.gql(RATES, { unitCode: '21025', from: '2026-03-10', to: '2026-03-10' })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('no citizen id or name reached a log line', () => {
    const logs = t.logs.join('\n');
    for (const secret of [CITIZEN.citizenId, CITIZEN.fullName, OTHER.citizenId, OTHER.fullName]) expect(logs).not.toContain(secret);
  });
});
