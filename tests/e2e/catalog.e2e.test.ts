import { Role } from '../../src/domain/access/actor.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

describe('catalog over HTTP: units, procedures, calendar, node', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true });
    admin = await t.token(Role.SYSTEM_ADMIN);
  });
  afterAll(() => t.stop());

  test('units are public: by code with parent and children, listed with search and pagination', async () => {
    const one = dataOf(await t.gql(`{ unit(code: "21025") { id code name kind parent { code name kind } } }`));
    expect(one.unit).toMatchObject({ code: '21025', name: 'Phường Cẩm Thành', kind: 'WARD', parent: { code: '51', kind: 'PROVINCE' } });

    const province = dataOf(await t.gql(`{ unit(code: "51") { children(first: 2) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } } }`));
    // Five communes and the demo department (Sở Nông nghiệp và Môi trường), by code.
    expect(province.unit.children.totalCount).toBe(6);
    expect(province.unit.children.nodes.map((u: { code: string }) => u.code)).toEqual(['21025', '21028']);
    const after = province.unit.children.pageInfo.endCursor;
    const next = dataOf(await t.gql(`query($after: String) { units(parentCode: "51", first: 10, after: $after) { nodes { code } pageInfo { hasNextPage hasPreviousPage } } }`, { after }));
    expect(next.units.nodes.map((u: { code: string }) => u.code)).toEqual(['21040', '21211', '21548', '51.SNNMT']);
    expect(next.units.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });

    const search = dataOf(await t.gql(`{ units(search: "cam thanh") { nodes { code name } } }`));
    expect(search.units.nodes).toEqual([{ code: '21025', name: 'Phường Cẩm Thành' }]);
    expect(dataOf(await t.gql(`{ unit(code: "99999") { code } }`)).unit).toBeNull();
  });

  test('procedures: search ignores case and diacritics, filters by field, level and online level', async () => {
    const byName = dataOf(await t.gql(`{ procedures(filter: {search: "dang ky khai sinh"}) { nodes { code name } } }`));
    expect(byName.procedures.nodes.map((p: { code: string }) => p.code)).toEqual(['1.001193']);
    const upper = dataOf(await t.gql(`{ procedures(filter: {search: "ĐĂNG KÝ KHAI TỬ"}) { nodes { code } } }`));
    expect(upper.procedures.nodes).toEqual([{ code: '1.000656' }]);
    const byCode = dataOf(await t.gql(`{ procedures(filter: {search: "1.0048"}) { nodes { code } } }`));
    expect(byCode.procedures.nodes.map((p: { code: string }) => p.code).sort()).toEqual(['1.004837', '1.004873', '1.004884']);
    const filtered = dataOf(await t.gql(`{ procedures(filter: {fieldCode: "CHUNG_THUC", onlineLevel: NONE, level: COMMUNE}) { totalCount nodes { code field { code name } onlineLevel } } }`));
    expect(filtered.procedures.totalCount).toBe(4);
    expect(filtered.procedures.nodes[0]).toMatchObject({ field: { code: 'CHUNG_THUC', name: 'Chứng thực' }, onlineLevel: 'NONE' });
    const one = dataOf(await t.gql(`{ procedure(code: "2.000635") { name feeVnd processingDays onlineLevel level connector requiredDocuments { name copies mandatory } } }`));
    expect(one.procedure).toMatchObject({ feeVnd: 8000, processingDays: 0, onlineLevel: 'FULL', level: 'COMMUNE', connector: 'civil-status' });
    expect(one.procedure.requiredDocuments[0]).toEqual({ name: 'Tờ khai cấp bản sao trích lục hộ tịch', copies: 1, mandatory: true });
  });

  test('the calendar of a year lists holidays, compensatory days and swaps', async () => {
    const { calendar } = dataOf(await t.gql(`{ calendar(year: 2026) { date working name } }`));
    const dates = calendar.map((d: { date: string }) => d.date);
    expect(dates).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-20', '2026-04-27', '2026-09-02', '2026-11-24']));
    expect(calendar.find((d: { date: string }) => d.date === '2026-04-27')).toEqual({ date: '2026-04-27', working: false, name: 'Nghỉ bù Giỗ Tổ Hùng Vương' });
    const swap = dataOf(await t.gql(`{ calendar(year: 2025) { date working } }`)).calendar.find((d: { date: string }) => d.date === '2025-04-26');
    expect(swap).toEqual({ date: '2025-04-26', working: true });
  });

  test('setCalendar replaces the exceptions of a year, for administrators only', async () => {
    const set = await t.gql(
      `mutation($days: [CalendarDayInput!]!) { setCalendar(year: 2030, days: $days) { date working name } }`,
      { days: [{ date: '2030-01-01', working: false, name: 'Tết Dương lịch' }, { date: '2030-01-02', working: false, name: 'Nghỉ thử' }] },
      { token: admin },
    );
    expect(dataOf(set).setCalendar).toHaveLength(2);
    const replaced = await t.gql(
      `mutation($days: [CalendarDayInput!]!) { setCalendar(year: 2030, days: $days) { date } }`,
      { days: [{ date: '2030-01-01', working: false, name: 'Tết Dương lịch' }] },
      { token: admin },
    );
    expect(dataOf(replaced).setCalendar).toEqual([{ date: '2030-01-01' }]);
    const outside = await t.gql(`mutation { setCalendar(year: 2030, days: [{date: "2031-01-01", working: false, name: "x"}]) { date } }`, {}, { token: admin });
    expect(outside.body.errors![0].extensions).toMatchObject({ code: 'DATE_NOT_IN_YEAR', field: ['days', '0', 'date'] });
    const officer = await t.token(Role.OFFICER, '21025');
    const refused = await t.gql(`mutation { setCalendar(year: 2030, days: []) { date } }`, {}, { token: officer });
    expect(refused.body.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(dataOf(await t.gql(`{ calendar(year: 2030) { date } }`)).calendar).toEqual([{ date: '2030-01-01' }]);
  });

  test('upsertUnits creates and updates by code, all or nothing, parents before children', async () => {
    const input = [
      { code: '01', name: 'Thành phố Hà Nội', kind: 'CITY' },
      { code: '00004', name: 'Phường Ba Đình', kind: 'WARD', parentCode: '01' },
    ];
    const first = dataOf(await t.gql(`mutation($input: [UnitInput!]!) { upsertUnits(input: $input) { created updated userErrors { code field } } }`, { input }, { token: admin }));
    expect(first.upsertUnits).toEqual({ created: 2, updated: 0, userErrors: [] });
    const renamed = [{ ...input[1], name: 'Phường Ba Đình (mới)' }];
    expect(dataOf(await t.gql(`mutation($input: [UnitInput!]!) { upsertUnits(input: $input) { created updated } }`, { input: renamed }, { token: admin })).upsertUnits).toEqual({ created: 0, updated: 1 });

    const bad = [
      { code: '00008', name: 'Phường Hoàn Kiếm', kind: 'WARD', parentCode: '01' },
      { code: '123', name: 'Sai mã', kind: 'COMMUNE', parentCode: '01' },
      { code: '00010', name: 'Không có tỉnh', kind: 'COMMUNE' },
    ];
    const refused = dataOf(await t.gql(`mutation($input: [UnitInput!]!) { upsertUnits(input: $input) { created updated userErrors { code field } } }`, { input: bad }, { token: admin }));
    expect(refused.upsertUnits).toEqual({
      created: 0,
      updated: 0,
      userErrors: [
        { code: 'INVALID_UNIT_CODE', field: ['input', '1', 'code'] },
        { code: 'PARENT_REQUIRED', field: ['input', '2', 'parentCode'] },
      ],
    });
    expect(dataOf(await t.gql(`{ unit(code: "00008") { code } }`)).unit).toBeNull();

    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    const ownCommune = dataOf(await t.gql(`mutation { upsertUnits(input: [{code: "25400", name: "Xã Mới", kind: COMMUNE, parentCode: "51"}]) { created userErrors { code } } }`, {}, { token: provinceAdmin }));
    expect(ownCommune.upsertUnits).toEqual({ created: 1, userErrors: [] });
    const otherProvince = dataOf(await t.gql(`mutation { upsertUnits(input: [{code: "00012", name: "Xã Khác", kind: COMMUNE, parentCode: "01"}]) { created userErrors { code } } }`, {}, { token: provinceAdmin }));
    expect(otherProvince.upsertUnits).toEqual({ created: 0, userErrors: [{ code: 'FORBIDDEN' }] });
  });

  test('upsertProcedures creates and updates by code, with its field, and validates every row', async () => {
    const input = [{ code: '1.999001', name: 'Thủ tục thử nghiệm', fieldCode: 'THU_NGHIEM', fieldName: 'Thử nghiệm', level: 'COMMUNE', processingDays: 4, onlineLevel: 'PARTIAL', requiredDocuments: [{ name: 'Đơn' }] }];
    const created = dataOf(await t.gql(`mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { created updated userErrors { code } } }`, { input }, { token: admin }));
    expect(created.upsertProcedures).toEqual({ created: 1, updated: 0, userErrors: [] });
    const p = dataOf(await t.gql(`{ procedure(code: "1.999001") { processingDays feeVnd field { code name } requiredDocuments { name copies mandatory } } }`)).procedure;
    expect(p).toEqual({ processingDays: 4, feeVnd: 0, field: { code: 'THU_NGHIEM', name: 'Thử nghiệm' }, requiredDocuments: [{ name: 'Đơn', copies: 1, mandatory: true }] });
    const invalid = [{ ...input[0], code: '1999', processingDays: -1 }];
    const refused = dataOf(await t.gql(`mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { created userErrors { code field } } }`, { input: invalid }, { token: admin }));
    expect(refused.upsertProcedures.userErrors).toEqual([
      { code: 'INVALID_PROCEDURE_CODE', field: ['input', '0', 'code'] },
      { code: 'INVALID_PROCESSING_DAYS', field: ['input', '0', 'processingDays'] },
    ]);
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    expect(dataOf(await t.gql(`mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { userErrors { code } } }`, { input }, { token: provinceAdmin })).upsertProcedures.userErrors).toEqual([{ code: 'FORBIDDEN' }]);
  });

  test('node(id) resolves units and procedures publicly; malformed ids are BAD_USER_INPUT, unknown types null', async () => {
    const { unit } = dataOf(await t.gql(`{ unit(code: "21028") { id } }`));
    const viaNode = dataOf(await t.gql(`query($id: ID!) { node(id: $id) { __typename id ... on AdministrativeUnit { code } } }`, { id: unit.id }));
    expect(viaNode.node).toEqual({ __typename: 'AdministrativeUnit', id: unit.id, code: '21028' });
    const { procedure } = dataOf(await t.gql(`{ procedure(code: "1.001193") { id } }`));
    expect(dataOf(await t.gql(`query($id: ID!) { node(id: $id) { ... on Procedure { code } } }`, { id: procedure.id })).node).toEqual({ code: '1.001193' });
    const malformed = await t.gql(`{ node(id: "not-a-global-id") { id } }`);
    expect(malformed.status).toBeLessThan(500);
    expect(malformed.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID' });
    const unknownType = Buffer.from('Planet:1').toString('base64url');
    expect(dataOf(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: unknownType })).node).toBeNull();
  });
});
