import { canReadDossier, requireActionAllowed, seesPersonalData, type DossierAccessRef } from '../../../src/domain/access/access-policy.js';
import { Role, type Actor } from '../../../src/domain/access/actor.js';
import { DossierAction } from '../../../src/domain/vocabulary/dossier-enums.js';
import { DomainError } from '../../../src/domain/errors.js';

const actor = (role: Role, unitCode: string | null, sub = 'x'): Actor => ({ sub, role, unitCode });
const commune = { code: '21025', parentCode: '51', provinceCode: '51' };
const department = { code: '51.SNNMT', parentCode: '51', provinceCode: '51' };
const communeAgency = { code: '21025.PTNMT', parentCode: '21025', provinceCode: '51' };
const received: DossierAccessRef = { unit: commune, applicantCitizenId: '051190004321' };
const atDepartment: DossierAccessRef = { ...received, holder: department, holders: [commune, department] };
const backAtCommune: DossierAccessRef = { ...received, holder: commune, holders: [commune, department] };

function refusal(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'THROWN';
  }
}

describe('who sees and acts on a dossier that travels (docs/routing.md)', () => {
  test('the holder and past holders read it; the receiving center follows it; the province sees all; others do not', () => {
    expect(canReadDossier(actor(Role.OFFICER, '51.SNNMT'), received)).toBe(false);
    expect(canReadDossier(actor(Role.OFFICER, '51.SNNMT'), atDepartment)).toBe(true);
    expect(canReadDossier(actor(Role.OFFICER, '51.SNNMT'), backAtCommune)).toBe(true);
    expect(canReadDossier(actor(Role.OFFICER, '21025'), atDepartment)).toBe(true);
    expect(canReadDossier(actor(Role.STATISTICIAN, '51'), atDepartment)).toBe(true);
    expect(canReadDossier(actor(Role.OFFICER, '21028'), atDepartment)).toBe(false);
    expect(canReadDossier(actor(Role.OFFICER, '79'), atDepartment)).toBe(false);
    // A commune's own agency is in the commune's scope, and reads what it held.
    expect(canReadDossier(actor(Role.OFFICER, '21025.PTNMT'), { ...received, holder: communeAgency, holders: [commune, communeAgency] })).toBe(true);
  });

  test('only the current holder (or the province over it) acts: NOT_HOLDER for a unit that may read it, FORBIDDEN otherwise', () => {
    const act = (who: Actor, ref: DossierAccessRef) => refusal(() => requireActionAllowed(who, DossierAction.START_PROCESSING, ref));
    expect(act(actor(Role.OFFICER, '51.SNNMT'), atDepartment)).toBeNull();
    expect(act(actor(Role.OFFICER, '21025'), atDepartment)).toBe('NOT_HOLDER');
    expect(act(actor(Role.OFFICER, '51.SNNMT'), backAtCommune)).toBe('NOT_HOLDER');
    expect(act(actor(Role.OFFICER, '21025'), backAtCommune)).toBeNull();
    expect(act(actor(Role.PROVINCE_ADMIN, '51'), atDepartment)).toBeNull();
    expect(act(actor(Role.OFFICER, '21028'), atDepartment)).toBe('FORBIDDEN');
    expect(act(actor(Role.STATISTICIAN, '51'), atDepartment)).toBe('FORBIDDEN');
    expect(refusal(() => requireActionAllowed(actor(Role.CITIZEN, null, '051190004321'), DossierAction.TRANSFER, atDepartment))).toBe('FORBIDDEN');
  });

  test('the applicant in clear: staff of the receiving unit and of the current holder, not past holders', () => {
    expect(seesPersonalData(actor(Role.OFFICER, '51.SNNMT'), atDepartment)).toBe(true);
    expect(seesPersonalData(actor(Role.OFFICER, '21025'), atDepartment)).toBe(true);
    expect(seesPersonalData(actor(Role.OFFICER, '51.SNNMT'), backAtCommune)).toBe(false);
    expect(seesPersonalData(actor(Role.PROVINCE_ADMIN, '51'), atDepartment)).toBe(false);
  });
});
