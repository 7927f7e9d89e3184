import { readFileSync } from 'node:fs';
import { NATIONAL_SAMPLE, SAMPLE_DECISION, writeCatalogXlsx } from '../../src/cli/catalog-samples.js';
import { Role } from '../../src/domain/access/actor.js';
import { UnitKind } from '../../src/domain/unit/unit-kind.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const sample = (name: string) => readFileSync(new URL(`../../docs/samples/${name}`, import.meta.url));
const base64 = (file: Buffer | string) => Buffer.from(file).toString('base64');
const json = (records: unknown) => Buffer.from(JSON.stringify(records));

const IMPORT = `mutation($input: ImportProcedureCatalogInput!) { importProcedureCatalog(input: $input) {
  dryRun provinceCode rows created updated unchanged provinceTimes failedRows
  failed { row code procedureCode field message } userErrors { code message field } } }`;
const PROCEDURE = `query($code: String!) { procedure(code: $code) { code name level feeVnd onlineLevel connector processingDays
  processingTime { value unit text } field { code name } requiredDocuments { name copies mandatory } } }`;

describe('catalogue import (national JSON export, province xlsx list)', () => {
  let t: TestApp;
  let admin: string;
  let lamDong: string;

  const run = async (input: Record<string, unknown>, token: string | undefined = admin, headers?: Record<string, string>) =>
    dataOf(await t.gql(IMPORT, { input }, { token, headers })).importProcedureCatalog;
  const procedure = async (code: string) => dataOf(await t.gql(PROCEDURE, { code })).procedure;
  const count = async () => Number((await t.sql<{ n: string }>('select count(*) n from procedure'))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.services.units.upsert(ADMIN, [
      { code: '68', name: 'Tỉnh Lâm Đồng', kind: UnitKind.PROVINCE },
      { code: '24001', name: 'Phường Xuân Hương - Đà Lạt', kind: UnitKind.WARD, parentCode: '68' },
      { code: '51', name: 'Tỉnh Quảng Ngãi', kind: UnitKind.PROVINCE },
    ]);
    admin = await t.token(Role.SYSTEM_ADMIN);
    lamDong = await t.token(Role.PROVINCE_ADMIN, '68');
  });
  afterAll(() => t.stop());

  test('only administrators import: OFFICER and another province are FORBIDDEN, nothing is read', async () => {
    const file = base64(sample('csdlqg-tthc-mau.json'));
    const officer = await run({ format: 'JSON', fileBase64: file }, await t.token(Role.OFFICER, '24001'));
    expect(officer.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    const other = await run({ format: 'XLSX', fileBase64: base64(sample('danh-muc-tthc-mau.xlsx')), provinceCode: '68' }, await t.token(Role.PROVINCE_ADMIN, '51'));
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'FORBIDDEN', field: ['input', 'provinceCode'] })]);
    const anonymous = await t.gql(IMPORT, { input: { format: 'JSON', fileBase64: file } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // A province administrator cannot write the national catalogue: without provinceCode it is their own province.
    const own = await run({ format: 'JSON', fileBase64: file, dryRun: true }, lamDong);
    expect(own).toMatchObject({ provinceCode: '68', created: 0, failedRows: 13 });
    expect(own.failed[0]).toMatchObject({ row: 0, code: 'UNKNOWN_PROCEDURE', procedureCode: '1.001193' });
    expect(await count()).toBe(0);
  });

  test('a national JSON import: dryRun counts and writes nothing, then every procedure with its time, fee, documents', async () => {
    const input = { format: 'JSON', fileBase64: base64(sample('csdlqg-tthc-mau.json')) };
    expect(await run({ ...input, dryRun: true })).toMatchObject({ dryRun: true, rows: 13, created: 13, failedRows: 0, userErrors: [] });
    expect(await count()).toBe(0);

    expect(await run(input)).toMatchObject({ dryRun: false, provinceCode: null, rows: 13, created: 13, updated: 0, unchanged: 0, failed: [], userErrors: [] });
    expect(await procedure('2.000635')).toEqual({
      code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', level: 'COMMUNE', feeVnd: 8000, onlineLevel: 'FULL', connector: 'civil-status',
      processingDays: 0, processingTime: { value: 0, unit: 'SAME_DAY', text: 'Trong ngày' }, field: { code: 'HO_TICH', name: 'Hộ tịch' },
      requiredDocuments: [{ name: 'Tờ khai cấp bản sao trích lục hộ tịch', copies: 1, mandatory: true }],
    });
    expect(await procedure('1.012756')).toMatchObject({ level: 'PROVINCE', processingTime: { value: 17, unit: 'WORKING_DAYS' }, feeVnd: 0, field: { code: 'DAT_DAI' } });
    expect(await procedure('1.013225')).toMatchObject({ processingTime: { value: 15, unit: 'CALENDAR_DAYS', text: '15 ngày' }, feeVnd: 75000, onlineLevel: 'PARTIAL' });
    expect(await procedure('1.001612')).toMatchObject({ connector: 'business-registration', field: { code: 'DANG_KY_KINH_DOANH' }, feeVnd: 100000 });
    expect(await procedure('2.000815')).toMatchObject({ onlineLevel: 'NONE', feeVnd: 2000, requiredDocuments: [{ copies: 1 }, { copies: 1, mandatory: true }] });
    expect(await procedure('1.004746')).toMatchObject({ name: 'Đăng ký lại kết hôn' });
  });

  test('re-importing changes nothing; an edited record updates that procedure only', async () => {
    expect(await run({ format: 'JSON', fileBase64: base64(sample('csdlqg-tthc-mau.json')) })).toMatchObject({ created: 0, updated: 0, unchanged: 13, failed: [] });
    const edited = NATIONAL_SAMPLE.map((r) => (r.MaTTHC === '1.004873' ? { ...r, ThoiHanGiaiQuyet: '1,5 ngày làm việc', PhiLePhi: '5.000 đồng', MucDo: 'Một phần' } : r));
    expect(await run({ format: 'JSON', fileBase64: base64(json(edited)) })).toMatchObject({ created: 0, updated: 1, unchanged: 12 });
    expect(await procedure('1.004873')).toMatchObject({ processingTime: { value: 3, unit: 'HALF_WORKING_DAYS', text: '1,5 ngày làm việc' }, processingDays: 2, feeVnd: 5000, onlineLevel: 'PARTIAL' });
    expect(await run({ format: 'JSON', fileBase64: base64(sample('csdlqg-tthc-mau.json')) })).toMatchObject({ updated: 1, unchanged: 12 });
    expect(await count()).toBe(13);
  });

  test("a province import records the province's own times and never writes national data", async () => {
    const input = { format: 'XLSX', fileBase64: base64(sample('danh-muc-tthc-mau.xlsx')), provinceCode: '68', decision: SAMPLE_DECISION };
    const report = await run(input, lamDong);
    expect(report).toMatchObject({ provinceCode: '68', rows: 13, created: 0, updated: 6, unchanged: 7, provinceTimes: 6, failed: [], userErrors: [] });
    const { provinceProcessingTimes } = dataOf(await t.gql(`{ provinceProcessingTimes(provinceCode: "68") { procedureCode source processingTime { value unit text } } }`));
    expect(provinceProcessingTimes.map((p: { procedureCode: string; processingTime: { text: string } }) => [p.procedureCode, p.processingTime.text])).toEqual([
      ['1.001612', '4 giờ làm việc'],
      ['1.004222', '5 ngày làm việc'],
      ['1.004873', '1,5 ngày làm việc'],
      ['1.004884', '2,5 ngày làm việc'],
      ['1.012756', '10 ngày làm việc'],
      ['1.013225', '12 ngày'],
    ]);
    expect(provinceProcessingTimes.every((p: { source: string }) => p.source === SAMPLE_DECISION)).toBe(true);
    // National data unchanged; the province's time applies to its units.
    expect(await procedure('1.012756')).toMatchObject({ processingTime: { value: 17, unit: 'WORKING_DAYS' } });
    const at = dataOf(await t.gql(`{ procedure(code: "1.012756") { processingTimeAt(unitCode: "24001") { value unit } } }`));
    expect(at.procedure.processingTimeAt).toEqual({ value: 10, unit: 'WORKING_DAYS' });

    expect(await run(input, lamDong)).toMatchObject({ created: 0, updated: 0, unchanged: 13, provinceTimes: 0 });
    // A later list giving the national time again removes the province's own.
    const lines: (string | number | null)[][] = [[1, '1.012756', 'Đăng ký đất đai lần đầu', 'Đất đai', 'Cấp Tỉnh', '17 ngày làm việc', '', 'Toàn trình', '']];
    const back = await run({ ...input, fileBase64: base64(await writeCatalogXlsx([], ['STT', 'Mã TTHC', 'Tên thủ tục hành chính', 'Lĩnh vực', 'Cấp thực hiện', 'Thời hạn giải quyết', 'Phí, lệ phí', 'Mức độ DVCTT', 'Thành phần hồ sơ'], lines)) }, lamDong);
    expect(back).toMatchObject({ updated: 1, provinceTimes: 1 });
    expect(await procedure('1.012756')).toMatchObject({ name: 'Đăng ký đất đai, tài sản gắn liền với đất lần đầu', onlineLevel: 'FULL' });
    expect(dataOf(await t.gql(`{ provinceProcessingTimes(provinceCode: "68") { procedureCode } }`)).provinceProcessingTimes).toHaveLength(5);
  });

  test('a code the catalogue lacks: reported for a province administrator, created by a system administrator', async () => {
    const record = { ...NATIONAL_SAMPLE[0], MaTTHC: '1.000689', TenTTHC: 'Đăng ký nhận cha, mẹ, con', ThoiHanGiaiQuyet: '03 ngày làm việc' };
    const input = { format: 'JSON', fileBase64: base64(json([record])), provinceCode: '68', decision: 'QĐ 1/QĐ-UBND' };
    const refused = await run(input, lamDong);
    expect(refused).toMatchObject({ created: 0, failedRows: 1, failed: [{ row: 0, code: 'UNKNOWN_PROCEDURE', procedureCode: '1.000689', field: null }] });
    expect(refused.failed[0].message).toContain('1.000689');
    expect(await procedure('1.000689')).toBeNull();
    expect(await run(input)).toMatchObject({ created: 1, provinceTimes: 1, failed: [] });
    expect(await procedure('1.000689')).toMatchObject({ processingTime: { value: 3, unit: 'WORKING_DAYS' } });
  });

  test('bad rows are reported with their row number and reason; the good rows are imported', async () => {
    const json = await run({ format: 'JSON', fileBase64: base64(sample('csdlqg-tthc-loi-mau.json')) });
    expect(json.failed.map((f: { row: number; code: string; field: string | null }) => [f.row, f.code, f.field])).toEqual([
      [1, 'INVALID_PROCEDURE_CODE', 'MaTTHC'],
      [2, 'PROCESSING_TIME_OUT_OF_RANGE', 'ThoiHanGiaiQuyet'],
      [3, 'PROCESSING_TIME_OUT_OF_RANGE', 'ThoiHanGiaiQuyet'],
      [4, 'PROCESSING_TIME_OUT_OF_RANGE', 'ThoiHanGiaiQuyet'],
      [5, 'PROCESSING_TIME_UNPARSEABLE', 'ThoiHanGiaiQuyet'],
      [6, 'PROCESSING_TIME_UNIT_UNKNOWN', 'ThoiHanGiaiQuyet'],
      [7, 'PROCEDURE_LEVEL_UNKNOWN', 'CapThucHien'],
      [8, 'FEE_UNPARSEABLE', 'PhiLePhi'],
      [9, 'DUPLICATE_IN_FILE', null],
      [10, 'CATALOG_ROW_NOT_OBJECT', null],
      [11, 'ONLINE_LEVEL_UNKNOWN', 'MucDo'],
      [12, 'CATALOG_VALUE_REQUIRED', 'TenTTHC'],
    ]);
    expect(json).toMatchObject({ rows: 14, failedRows: 12, created: 0, unchanged: 2, userErrors: [] });
    expect(json.failed.find((f: { row: number }) => f.row === 9).message).toBe('Mã 1.001193 đã có ở dòng 0; dòng này không được nhập.');
    expect(await procedure('1.000656')).toMatchObject({ processingTime: { unit: 'SAME_DAY' } });

    const xlsx = await run({ format: 'XLSX', fileBase64: base64(sample('danh-muc-tthc-loi-mau.xlsx')), dryRun: true }, admin, { 'accept-language': 'en' });
    expect(xlsx.failed.map((f: { row: number; code: string; field: string | null }) => [f.row, f.code, f.field])).toEqual([
      [9, 'INVALID_PROCEDURE_CODE', 'Mã TTHC'],
      [10, 'PROCESSING_TIME_OUT_OF_RANGE', 'Thời hạn giải quyết'],
      [11, 'PROCESSING_TIME_OUT_OF_RANGE', 'Thời hạn giải quyết'],
      [12, 'PROCESSING_TIME_OUT_OF_RANGE', 'Thời hạn giải quyết'],
      [13, 'PROCESSING_TIME_UNPARSEABLE', 'Thời hạn giải quyết'],
      [14, 'PROCESSING_TIME_UNIT_UNKNOWN', 'Thời hạn giải quyết'],
      [15, 'PROCEDURE_LEVEL_UNKNOWN', 'Cấp thực hiện'],
      [16, 'FEE_UNPARSEABLE', 'Phí, lệ phí'],
      [17, 'DUPLICATE_IN_FILE', null],
      [18, 'ONLINE_LEVEL_UNKNOWN', 'Mức độ DVCTT'],
      [19, 'CATALOG_VALUE_REQUIRED', 'Mã TTHC'],
    ]);
    expect(xlsx).toMatchObject({ dryRun: true, rows: 13, unchanged: 1, updated: 1 });
    expect(xlsx.failed[3].message).toBe('The processing time “400 ngày” is impossible (more than 0, whole half days, at most a year).');
    // dryRun: 1.004222 keeps its national 7 days.
    expect(await procedure('1.004222')).toMatchObject({ processingTime: { value: 7, unit: 'WORKING_DAYS' } });
  });

  test('columns are found by title whatever the case, diacritics, spacing and order; bare numbers are days', async () => {
    const header = ['thoi han giai quyet (ngay lam viec)', 'TÊN THỦ TỤC', 'Mã  số TTHC', 'Lĩnh\nvực', 'cap thuc hien', 'Phi, le phi'];
    const file = await writeCatalogXlsx(['DANH MỤC'], header, [[3, 'Xác nhận tình trạng hôn nhân', '1.004873.000.00.00.H37', 'Hộ tịch', 'Cấp Xã', 8000]]);
    const report = await run({ format: 'XLSX', fileBase64: base64(file), dryRun: true });
    expect(report).toMatchObject({ rows: 1, updated: 1, failed: [], userErrors: [] });
  });

  test('group rows split over STT and name give field and level; a numbered row without a code is reported; notes are skipped', async () => {
    const header = ['STT', 'Mã TTHC', 'Tên thủ tục hành chính', 'Thời hạn giải quyết'];
    const file = await writeCatalogXlsx(['DANH MỤC'], header, [
      ['A', null, 'THỦ TỤC HÀNH CHÍNH CẤP XÃ'], // row 4
      ['I', null, 'Lĩnh vực Hộ tịch'],
      [1, '1.001193', 'Đăng ký khai sinh', 'Trong ngày'],
      ['II', null, 'Chứng thực'],
      [2, '2.000884', 'Chứng thực chữ ký trong các giấy tờ, văn bản', 'Trong ngày'],
      [3, null, 'Chứng thực hợp đồng, giao dịch'], // row 9: a procedure without its code
      [null, null, 'Ghi chú: thủ tục in nghiêng là thủ tục mới ban hành'],
      [4],
    ]);
    const report = await run({ format: 'XLSX', fileBase64: base64(file), dryRun: true });
    expect(report.failed.map((f: { row: number; code: string; field: string }) => [f.row, f.code, f.field])).toEqual([
      [9, 'CATALOG_VALUE_REQUIRED', 'Mã TTHC'],
      [9, 'CATALOG_VALUE_REQUIRED', 'Thời hạn giải quyết'],
    ]);
    expect(report).toMatchObject({ rows: 3, unchanged: 2, failedRows: 1, userErrors: [] });
  });

  test('three imports of the same new procedures at once: one creates them, the others find them unchanged (no unique-key error)', async () => {
    const fresh = Array.from({ length: 300 }, (_, i) => ({ ...NATIONAL_SAMPLE[i % NATIONAL_SAMPLE.length], MaTTHC: `2.${String(100000 + i)}` }));
    const input = { format: 'JSON', fileBase64: base64(json(fresh)) };
    const reports = await Promise.all([run(input), run(input), run(input)]);
    expect(reports.map((r) => [r.created, r.unchanged, r.userErrors]).sort()).toEqual([[0, 300, []], [0, 300, []], [300, 0, []]]);
  });

  test('whole-file problems are coded errors and write nothing', async () => {
    const before = await t.sql('select code, name, processing_time_value, fee_vnd from procedure order by code');
    const missing = await writeCatalogXlsx([], ['STT', 'Mã TTHC', 'Tên thủ tục hành chính', 'Lĩnh vực'], [[1, '1.001193', 'Đăng ký khai sinh', 'Hộ tịch']]);
    const noColumns = await run({ format: 'XLSX', fileBase64: base64(missing) });
    expect(noColumns.userErrors).toEqual([
      { code: 'CATALOG_MISSING_COLUMNS', message: 'Thiếu cột: Cấp thực hiện, Thời hạn giải quyết. Không dòng nào được nhập.', field: ['input', 'fileBase64'] },
    ]);
    expect(noColumns).toMatchObject({ created: 0, updated: 0, failed: [] });
    const codeOf = async (input: Record<string, unknown>) => (await run(input)).userErrors.map((e: { code: string }) => e.code);
    expect(await codeOf({ format: 'XLSX', fileBase64: base64(sample('csdlqg-tthc-mau.json')) })).toEqual(['CATALOG_NOT_XLSX']);
    expect(await codeOf({ format: 'XLSX', fileBase64: base64(Buffer.from('PK\u0003\u0004 not really a zip')) })).toEqual(['CATALOG_NOT_XLSX']);
    expect(await codeOf({ format: 'JSON', fileBase64: base64(sample('danh-muc-tthc-mau.xlsx')) })).toEqual(['CATALOG_NOT_JSON']);
    expect(await codeOf({ format: 'JSON', fileBase64: base64('{"MaTTHC": "1.001193"}') })).toEqual(['CATALOG_NOT_JSON']);
    expect(await codeOf({ format: 'JSON', fileBase64: base64('[]') })).toEqual(['CATALOG_EMPTY']);
    expect(await codeOf({ format: 'JSON', fileBase64: 'not base64!' })).toEqual(['INVALID_BASE64']);
    expect(await codeOf({ format: 'JSON', fileBase64: base64(Buffer.alloc(6 * 1024 * 1024 + 1, 32)) })).toEqual(['CATALOG_FILE_TOO_LARGE']);
    expect(await t.sql('select code, name, processing_time_value, fee_vnd from procedure order by code')).toEqual(before);
  });
});
