import type { UnitRef } from '../access/access-policy.js';
import type { AdministrativeUnit } from './administrative-unit.entity.js';

/** The code and parent code of a unit whose parent is loaded (populate: ['parent']). */
export function unitRefOf(unit: AdministrativeUnit): UnitRef {
  const parent = unit.parent ? unit.parent.unwrap() : null;
  if (parent && !parent.code) throw new Error(`unit ${unit.code}: parent not loaded`);
  return { code: unit.code, parentCode: parent?.code ?? null, provinceCode: unit.provinceCode };
}

/** The scope reference of a province-level unit (its own province, no parent). */
export function provinceRefOf(provinceCode: string): UnitRef {
  return { code: provinceCode, parentCode: null, provinceCode };
}
