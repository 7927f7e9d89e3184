/**
 * Kinds of administrative units since 1 July 2025 (tỉnh, thành phố trực thuộc TW, phường, xã, đặc
 * khu), and the units a center creates under them: a department or agency (Sở, phòng chuyên môn)
 * and a branch of the one-stop center. Only the first five are official (Resolution 202/2025/QH15).
 */
export enum UnitKind {
  PROVINCE = 'PROVINCE',
  CITY = 'CITY',
  WARD = 'WARD',
  COMMUNE = 'COMMUNE',
  SPECIAL_ZONE = 'SPECIAL_ZONE',
  AGENCY = 'AGENCY',
  CENTER_BRANCH = 'CENTER_BRANCH',
}

export const PROVINCE_LEVEL_KINDS: ReadonlySet<UnitKind> = new Set([UnitKind.PROVINCE, UnitKind.CITY]);

export const COMMUNE_LEVEL_KINDS: ReadonlySet<UnitKind> = new Set([UnitKind.WARD, UnitKind.COMMUNE, UnitKind.SPECIAL_ZONE]);

/** Units a center creates under a province or a commune; their codes are not official ones. */
export const CENTER_OWN_KINDS: ReadonlySet<UnitKind> = new Set([UnitKind.AGENCY, UnitKind.CENTER_BRANCH]);

/** Province-level units have 2-digit codes, commune-level units 5 digits (Decision 19/2025/QĐ-TTg). */
export function isProvinceLevel(kind: UnitKind): boolean {
  return PROVINCE_LEVEL_KINDS.has(kind);
}

export function isCommuneLevel(kind: UnitKind): boolean {
  return COMMUNE_LEVEL_KINDS.has(kind);
}

export function isCenterOwn(kind: UnitKind): boolean {
  return CENTER_OWN_KINDS.has(kind);
}
