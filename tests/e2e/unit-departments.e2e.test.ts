import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const UPSERT = `mutation($input: [UnitInput!]!) { upsertUnits(input: $input) { created updated userErrors { code field } } }`;
const IMPORT = `mutation($input: [ImportDossierInput!]!) {
  importDossiers(input: $input) { imported skipped errors { index code userErrors { code field } } }
}`;
const LIST = `query($unit: String!) { dossiers(filter: {unitCode: $unit}, first: 50) { totalCount nodes { code unit { code } } } }`;
const STATS = `query($unit: String!) { statistics(unitCode: $unit, from: "2026-04-01", to: "2026-04-30", groupBy: CHANNEL) { key received } }`;

const dossierAt = (code: string, unitCode: string) => ({
  code,
  procedureCode: '1.004873',
  unitCode,
  channel: 'IN_PERSON',
  applicant: { fullName: 'Lê Văn Cường', citizenId: '051190001234' },
  receivedAt: '2026-04-02T09:00:00+07:00',
  history: [],
});

describe("a center's own departments and branches under the real units", () => {
  let t: TestApp;
  let provinceAdmin: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, clock: new TestClock('2026-05-04T09:00:00+07:00') });
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
  });
  afterAll(() => t.stop());

  test('a PROVINCE_ADMIN creates a department under its province and a branch under one of its communes', async () => {
    const input = [
      { code: '51.STP', name: 'Sở Tư pháp tỉnh Quảng Ngãi', kind: 'AGENCY', parentCode: '51' },
      { code: '21025.CN1', name: 'Chi nhánh Trung tâm Phục vụ hành chính công phường Cẩm Thành', kind: 'CENTER_BRANCH', parentCode: '21025' },
    ];
    expect(dataOf(await t.gql(UPSERT, { input }, { token: provinceAdmin })).upsertUnits).toEqual({ created: 2, updated: 0, userErrors: [] });
    const read = dataOf(await t.gql(`{ unit(code: "21025.CN1") { kind parent { code } } }`));
    expect(read.unit).toEqual({ kind: 'CENTER_BRANCH', parent: { code: '21025' } });
  });

  test('codes of departments and branches cannot be official ones; official kinds keep their rules', async () => {
    const input = [
      { code: '51STP', name: 'Sở Y tế', kind: 'AGENCY', parentCode: '51' }, // no dot
      { code: '79.SYT', name: 'Sở Y tế', kind: 'AGENCY', parentCode: '51' }, // another parent's prefix
      { code: '51.syt', name: 'Sở Y tế', kind: 'AGENCY', parentCode: '51' }, // lower case
      { code: '51.SNNMT.P1', name: 'Phòng', kind: 'AGENCY', parentCode: '51.SNNMT' }, // under a department
      { code: '51.SYT', name: 'Sở Y tế', kind: 'AGENCY' }, // no parent
      { code: '21025.X', name: 'Phường X', kind: 'WARD', parentCode: '51' }, // official kind, own-unit code
    ];
    const result = dataOf(await t.gql(UPSERT, { input }, { token: provinceAdmin })).upsertUnits;
    expect(result.userErrors).toEqual([
      { code: 'INVALID_UNIT_CODE', field: ['input', '0', 'code'] },
      { code: 'INVALID_UNIT_CODE', field: ['input', '1', 'code'] },
      { code: 'INVALID_UNIT_CODE', field: ['input', '2', 'code'] },
      { code: 'PARENT_NOT_PROVINCE_OR_COMMUNE', field: ['input', '3', 'parentCode'] },
      { code: 'UNIT_PARENT_REQUIRED', field: ['input', '4', 'parentCode'] },
      { code: 'INVALID_UNIT_CODE', field: ['input', '5', 'code'] },
    ]);
    const en = await t.gql(UPSERT, { input: [input[0]] }, { token: provinceAdmin, headers: { 'accept-language': 'en' } });
    expect(en.body.data!.upsertUnits.userErrors[0]).toMatchObject({ code: 'INVALID_UNIT_CODE' });
  });

  test("another province's administrator cannot create units under 51 or its communes", async () => {
    const other = await t.token(Role.PROVINCE_ADMIN, '79');
    const input = [
      { code: '51.SXD', name: 'Sở Xây dựng', kind: 'AGENCY', parentCode: '51' },
      { code: '21025.CN2', name: 'Chi nhánh 2', kind: 'CENTER_BRANCH', parentCode: '21025' },
    ];
    const result = dataOf(await t.gql(UPSERT, { input }, { token: other })).upsertUnits;
    expect(result.userErrors).toEqual([
      { code: 'FORBIDDEN', field: ['input', '0', 'code'] },
      { code: 'FORBIDDEN', field: ['input', '1', 'code'] },
    ]);
    const officer = await t.token(Role.OFFICER, '21025');
    expect(dataOf(await t.gql(UPSERT, { input: [input[1]] }, { token: officer })).upsertUnits.userErrors).toEqual([{ code: 'FORBIDDEN', field: null }]);
  });

  test("the province's scope reaches a branch under one of its communes: lists, statistics, imports; other provinces are refused", async () => {
    const imported = dataOf(await t.gql(IMPORT, { input: [dossierAt('CN1-2026-0001', '21025.CN1'), dossierAt('STP-2026-0001', '51.STP')] }, { token: provinceAdmin }));
    expect(imported.importDossiers).toEqual({ imported: 2, skipped: 0, errors: [] });

    const province = dataOf(await t.gql(LIST, { unit: '51' }, { token: provinceAdmin })).dossiers;
    expect(province.nodes.map((d: { code: string }) => d.code).sort()).toEqual(['CN1-2026-0001', 'STP-2026-0001']);
    const commune = dataOf(await t.gql(LIST, { unit: '21025' }, { token: await t.token(Role.OFFICER, '21025') })).dossiers;
    expect(commune.nodes).toEqual([{ code: 'CN1-2026-0001', unit: { code: '21025.CN1' } }]);
    const branch = await t.gql(`{ dossier(code: "CN1-2026-0001") { code } }`, {}, { token: provinceAdmin });
    expect(dataOf(branch).dossier).toEqual({ code: 'CN1-2026-0001' });
    // The branch's own staff sign in with its code and see its dossiers only.
    const branchStaff = dataOf(await t.gql(LIST, { unit: '21025.CN1' }, { token: await t.token(Role.OFFICER, '21025.CN1') })).dossiers;
    expect(branchStaff.nodes).toEqual([{ code: 'CN1-2026-0001', unit: { code: '21025.CN1' } }]);

    const statistics = dataOf(await t.gql(STATS, { unit: '51' }, { token: provinceAdmin })).statistics;
    expect(statistics.reduce((sum: number, r: { received: number }) => sum + r.received, 0)).toBe(2);

    const elsewhere = await t.token(Role.OFFICER, '26740');
    for (const query of [t.gql(LIST, { unit: '21025.CN1' }, { token: elsewhere }), t.gql(STATS, { unit: '21025.CN1' }, { token: await t.token(Role.PROVINCE_ADMIN, '79') })]) {
      expect((await query).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // Another province's dossier answers as an unknown one: whether it exists is not revealed.
    const outsider = await t.gql(`{ dossier(code: "CN1-2026-0001") { code } }`, {}, { token: elsewhere });
    expect(outsider.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
