import { coversUnit } from '../../../src/domain/access/access-policy.js';
import { Role, type Actor } from '../../../src/domain/access/actor.js';
import { isValidUnitCode } from '../../../src/domain/unit/unit-code.js';
import { UnitKind } from '../../../src/domain/unit/unit-kind.js';

const actor = (role: Role, unitCode: string): Actor => ({ sub: 'x', role, unitCode });
const branchUnderCommune = { code: '21025.CN1', parentCode: '21025', provinceCode: '51' };

describe('scope over units under communes', () => {
  test("a province's scope covers a branch under one of its communes, three levels down", () => {
    expect(coversUnit(actor(Role.PROVINCE_ADMIN, '51'), branchUnderCommune)).toBe(true);
    expect(coversUnit(actor(Role.OFFICER, '21025'), branchUnderCommune)).toBe(true);
    expect(coversUnit(actor(Role.OFFICER, '21025.CN1'), branchUnderCommune)).toBe(true);
  });

  test('other provinces, other communes and siblings are outside', () => {
    expect(coversUnit(actor(Role.PROVINCE_ADMIN, '79'), branchUnderCommune)).toBe(false);
    expect(coversUnit(actor(Role.OFFICER, '21028'), branchUnderCommune)).toBe(false);
    expect(coversUnit(actor(Role.OFFICER, '21025.CN2'), branchUnderCommune)).toBe(false);
    // A branch's own staff do not see the commune above it.
    expect(coversUnit(actor(Role.OFFICER, '21025.CN1'), { code: '21025', parentCode: '51', provinceCode: '51' })).toBe(false);
  });
});

describe('unit codes by kind', () => {
  test.each([
    ['51', UnitKind.PROVINCE, null, true],
    ['051', UnitKind.PROVINCE, null, false],
    ['21025', UnitKind.WARD, '51', true],
    ['21025.X', UnitKind.WARD, '51', false],
    ['51.SNNMT', UnitKind.AGENCY, '51', true],
    ['21025.CN1', UnitKind.CENTER_BRANCH, '21025', true],
    ['21025.CN1', UnitKind.CENTER_BRANCH, '51', false],
    ['51.', UnitKind.AGENCY, '51', false],
    ['51.ABCDEFGHIJKLM', UnitKind.AGENCY, '51', false],
    ['51.Sở', UnitKind.AGENCY, '51', false],
  ])('%s as %s under %s: %s', (code, kind, parent, valid) => {
    expect(isValidUnitCode(code, kind, parent)).toBe(valid);
  });
});
