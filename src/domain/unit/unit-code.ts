import { isCenterOwn, isProvinceLevel, UnitKind } from './unit-kind.js';

const PROVINCE_CODE_RE = /^\d{2}$/;
const COMMUNE_CODE_RE = /^\d{5}$/;
const OWN_SUFFIX_RE = /^[A-Z0-9]{1,12}$/;

/**
 * Whether a code fits its kind. Official codes are 2 digits (province level) or 5 (commune level,
 * Decision 19/2025/QĐ-TTg). A center's own department or branch is `{parent code}.{A-Z0-9}{1,12}`:
 * the dot keeps it apart from every official code, present or future, and the parent's code in
 * front keeps two centers from picking the same code.
 */
export function isValidUnitCode(code: string, kind: UnitKind, parentCode: string | null | undefined): boolean {
  if (isProvinceLevel(kind)) return PROVINCE_CODE_RE.test(code);
  if (!isCenterOwn(kind)) return COMMUNE_CODE_RE.test(code);
  if (!parentCode || !code.startsWith(`${parentCode}.`)) return false;
  return OWN_SUFFIX_RE.test(code.slice(parentCode.length + 1));
}
