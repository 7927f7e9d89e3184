import { UnitKind } from '../unit-kind.js';

/**
 * The figures of Resolution 202/2025/QH15 (province-level units) and of the Standing Committee's
 * resolutions on commune-level units, in force from 1 July 2025: 34 province-level units (28 tỉnh,
 * 6 thành phố trực thuộc trung ương) and 3,321 commune-level units (2,621 xã, 687 phường, 13 đặc
 * khu). A source that disagrees is refused rather than half-applied: a missing commune would leave
 * its center unable to receive dossiers, an extra one would invent a unit.
 */
export const RESOLUTION_202_COUNTS: Readonly<Record<OfficialKind, number>> = {
  [UnitKind.PROVINCE]: 28,
  [UnitKind.CITY]: 6,
  [UnitKind.COMMUNE]: 2621,
  [UnitKind.WARD]: 687,
  [UnitKind.SPECIAL_ZONE]: 13,
};

export type OfficialKind = UnitKind.PROVINCE | UnitKind.CITY | UnitKind.WARD | UnitKind.COMMUNE | UnitKind.SPECIAL_ZONE;

/** The day the new units took over (Resolution 202/2025/QH15, Article 2). */
export const RESOLUTION_202_VALID_FROM = '2025-07-01';
