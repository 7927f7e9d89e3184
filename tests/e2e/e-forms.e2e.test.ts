import { Role } from '../../src/domain/access/actor.js';
import { DEMO_FORMS } from '../../src/db/seed/demo-forms.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { code status formData } userErrors { code message field } }
}`;
const UPSERT = `mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { created updated userErrors { code message field } } }`;
const PROCEDURE = `query($code: String!) { procedure(code: $code) { code formSchema requiredDocuments { name copies mandatory } } }`;
const applicant = { fullName: 'Nguyễn Thị Lan', citizenId: '051195001234', phone: '0912345678' };

/** A residence procedure (Cư trú) as upsertProcedures takes it. */
const residenceProcedure = (code: string, name: string, processingDays: number) =>
  ({ code, name, fieldCode: 'CU_TRU', fieldName: 'Cư trú', level: 'COMMUNE', processingDays, onlineLevel: 'FULL' }) as const;

describe('e-forms over HTTP', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  let t: TestApp;
  let officer: string;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    officer = await t.token(Role.OFFICER, '21025', 'officer-1');
    admin = await t.token(Role.SYSTEM_ADMIN);
  });
  afterAll(() => t.stop());

  const receive = async (input: Record<string, unknown>, token = officer) =>
    dataOf(await t.gql(RECEIVE, { input: { unitCode: '21025', channel: 'IN_PERSON', applicant, ...input } }, { token })).receiveDossier;

  test('Procedure.formSchema returns the form with its UI hints; required documents come along', async () => {
    const { procedure } = dataOf(await t.gql(PROCEDURE, { code: '1.001193' }));
    expect(procedure.formSchema).toEqual(DEMO_FORMS['1.001193']);
    expect(procedure.formSchema.properties.child['x-order']).toEqual(['fullName', 'sex', 'birthDate', 'birthPlace', 'ethnicity', 'nationality', 'hometown']);
    expect(procedure.formSchema.properties.child.properties.birthDate).toMatchObject({ title: 'Ngày, tháng, năm sinh', 'x-widget': 'date' });
    expect(procedure.requiredDocuments).toEqual([
      { name: 'Tờ khai đăng ký khai sinh', copies: 1, mandatory: true },
      { name: 'Giấy chứng sinh', copies: 1, mandatory: true },
    ]);
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004222' })).procedure.formSchema).toBeNull();
  });

  test('good form data is accepted and kept', async () => {
    const formData = validFormData('1.001193', applicant);
    const result = await receive({ procedureCode: '1.001193', formData });
    expect(result.userErrors).toEqual([]);
    expect(result.dossier.formData).toEqual(formData);
  });

  test('bad form data: one userError per bad field with its path and a Vietnamese message; nothing is written', async () => {
    const formData = structuredClone(validFormData('1.001193', applicant)!) as Record<string, any>;
    delete formData.child.birthDate;
    formData.extractCopies = 'hai';
    formData.mother.citizenId = '12345';
    const before = await t.sql<{ n: string }>('select count(*) as n from dossier');
    const result = await receive({ procedureCode: '1.001193', formData });
    expect(result.dossier).toBeNull();
    expect(result.userErrors).toEqual(
      expect.arrayContaining([
        { code: 'FORM_INVALID', field: ['input', 'formData', 'child', 'birthDate'], message: 'Biểu mẫu: cần nhập “Ngày, tháng, năm sinh”.' },
        { code: 'FORM_INVALID', field: ['input', 'formData', 'extractCopies'], message: 'Biểu mẫu: “Số bản sao trích lục yêu cầu cấp” sai kiểu dữ liệu (cần integer).' },
        { code: 'FORM_INVALID', field: ['input', 'formData', 'mother', 'citizenId'], message: 'Biểu mẫu: “Số định danh cá nhân” không đúng mẫu quy định.' },
      ]),
    );
    expect(result.userErrors).toHaveLength(3);
    expect(await t.sql<{ n: string }>('select count(*) as n from dossier')).toEqual(before);
  });

  test('messages in English on request', async () => {
    const english = dataOf(
      await t.gql(RECEIVE, { input: { procedureCode: '1.000656', unitCode: '21025', channel: 'IN_PERSON', applicant, formData: { relationship: 'CON' } } }, {
        token: officer,
        headers: { 'accept-language': 'en' },
      }),
    ).receiveDossier;
    expect(english.userErrors).toEqual(
      expect.arrayContaining([{ code: 'FORM_INVALID', field: ['input', 'formData', 'deceased'], message: 'Form: “Người đã chết” is required.' }]),
    );
  });

  test('staff may register a paper declaration without form data; an online filing must fill the form', async () => {
    expect((await receive({ procedureCode: '1.001193' })).userErrors).toEqual([]);
    // Online is online whoever types it in: staff entering a filing for the portal fill the form too.
    expect((await receive({ procedureCode: '1.001193', channel: 'ONLINE' })).userErrors[0]).toMatchObject({ code: 'FORM_INVALID' });
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const online = await receive({ procedureCode: '1.001193', channel: 'ONLINE' }, citizen);
    expect(online.userErrors.map((e: { field: string[] }) => e.field)).toEqual([
      ['input', 'formData', 'relationship'],
      ['input', 'formData', 'child'],
      ['input', 'formData', 'mother'],
      ['input', 'formData', 'extractCopies'],
    ]);
    const filed = await receive({ procedureCode: '1.001193', channel: 'ONLINE', formData: validFormData('1.001193', applicant) }, citizen);
    expect(filed.userErrors).toEqual([]);
    expect(filed.dossier.status).toBe('SUBMITTED');
  });

  test('an administrator sets, replaces and removes a form through upsertProcedures; the new form applies at once', async () => {
    const base = residenceProcedure('1.004222', 'Đăng ký thường trú', 7);
    const form = {
      type: 'object',
      title: 'Tờ khai thay đổi thông tin cư trú',
      properties: { newAddress: { type: 'string', title: 'Địa chỉ thường trú mới', minLength: 5 } },
      required: ['newAddress'],
      'x-order': ['newAddress'],
    };
    expect(dataOf(await t.gql(UPSERT, { input: [{ ...base, formSchema: form }] }, { token: admin })).upsertProcedures).toEqual({
      created: 0,
      updated: 1,
      userErrors: [],
    });
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004222' })).procedure.formSchema).toEqual(form);
    const missing = await receive({ procedureCode: '1.004222', formData: {} });
    expect(missing.userErrors).toEqual([
      { code: 'FORM_INVALID', field: ['input', 'formData', 'newAddress'], message: 'Biểu mẫu: cần nhập “Địa chỉ thường trú mới”.' },
    ]);

    // A new version: the compiled form cached for the old one must not be used.
    const relaxed = { ...form, required: [] };
    expect(dataOf(await t.gql(UPSERT, { input: [{ ...base, formSchema: relaxed }] }, { token: admin })).upsertProcedures.userErrors).toEqual([]);
    expect((await receive({ procedureCode: '1.004222', formData: {} })).userErrors).toEqual([]);

    // Absent keeps the form; null removes it.
    expect(dataOf(await t.gql(UPSERT, { input: [base] }, { token: admin })).upsertProcedures.userErrors).toEqual([]);
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004222' })).procedure.formSchema).toEqual(relaxed);
    expect(dataOf(await t.gql(UPSERT, { input: [{ ...base, formSchema: null }] }, { token: admin })).upsertProcedures.userErrors).toEqual([]);
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004222' })).procedure.formSchema).toBeNull();
  });

  test('an invalid form is refused with userErrors and nothing is saved', async () => {
    const base = residenceProcedure('1.004194', 'Đăng ký tạm trú', 3);
    const result = dataOf(
      await t.gql(
        UPSERT,
        {
          input: [
            { ...base, formSchema: { type: 'object', properties: { a: { type: 'strin' } } } },
            { ...base, code: '1.004206', name: 'Xóa đăng ký thường trú', formSchema: 'not a schema' },
            { ...base, code: '1.004207', name: 'Thủ tục thử', formSchema: { type: 'object', properties: {}, 'x-order': ['ghost'] } },
          ],
        },
        { token: admin },
      ),
    ).upsertProcedures;
    expect(result).toMatchObject({ created: 0, updated: 0 });
    expect(result.userErrors).toEqual([
      expect.objectContaining({ code: 'INVALID_FORM_SCHEMA', field: ['input', '0', 'formSchema'], message: expect.stringContaining('Biểu mẫu không hợp lệ') }),
      expect.objectContaining({ code: 'INVALID_FORM_SCHEMA', field: ['input', '1', 'formSchema'] }),
      expect.objectContaining({ code: 'INVALID_FORM_SCHEMA', field: ['input', '2', 'formSchema', 'x-order', '0'] }),
    ]);
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004194' })).procedure.formSchema).toBeNull();
    expect(dataOf(await t.gql(PROCEDURE, { code: '1.004207' })).procedure).toBeNull();
  });

  test('only a system administrator sets forms', async () => {
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    const input = [{ ...residenceProcedure('1.004222', 'Đăng ký thường trú', 7), formSchema: { type: 'object' } }];
    expect(dataOf(await t.gql(UPSERT, { input }, { token: provinceAdmin })).upsertProcedures.userErrors[0].code).toBe('FORBIDDEN');
  });

  test('imported dossiers keep their form data, checked against the form', async () => {
    const IMPORT = `mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { index userErrors { code field } } } }`;
    const integrator = await t.token(Role.INTEGRATOR, '21025');
    const legacy = { procedureCode: '1.004873', unitCode: '21025', channel: 'IN_PERSON', applicant, receivedAt: '2026-02-23T09:00:00+07:00', history: [] };
    const result = dataOf(
      await t.gql(IMPORT, {
        input: [
          { ...legacy, code: 'LEGACY-001', formData: validFormData('1.004873', applicant) },
          { ...legacy, code: 'LEGACY-002', formData: { maritalStatus: 'KHONG_RO' } },
        ],
      }, { token: integrator }),
    ).importDossiers;
    expect(result.imported).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].index).toBe(1);
    expect(result.errors[0].userErrors).toEqual(
      expect.arrayContaining([
        { code: 'FORM_INVALID', field: ['input', '1', 'formData', 'maritalStatus'] },
        { code: 'FORM_INVALID', field: ['input', '1', 'formData', 'subject'] },
      ]),
    );
    const [stored] = await t.sql<{ form_data: unknown }>(`select form_data from dossier where code = 'LEGACY-001'`);
    expect(stored!.form_data).toEqual(validFormData('1.004873', applicant));
  });
});
