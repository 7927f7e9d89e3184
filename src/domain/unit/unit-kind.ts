/** Kinds of administrative units since 1 July 2025 (tỉnh, thành phố trực thuộc TW, phường, xã, đặc khu). */
export enum UnitKind {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  WARD = 'WARD',
  COMMUNE = 'COMMUNE',
  SPECIAL_ZONE = 'SPECIAL_ZONE',
}

export const PROVINCE_LEVEL_KINDS: ReadonlySet<UnitKind> = new Set([UnitKind.PROVINCE, UnitKind.CITY]);

/** Province-level units have 2-digit codes, commune-level units 5 digits (Decision 19/2025/QĐ-TTg). */
export function isProvinceLevel(kind: UnitKind): boolean {
  return PROVINCE_LEVEL_KINDS.has(kind);
}
