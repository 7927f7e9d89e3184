import type { LocalDate } from '../../time/local-time.js';
import { UnitKind } from '../unit-kind.js';
import { RESOLUTION_202_COUNTS, RESOLUTION_202_VALID_FROM, type OfficialKind } from './resolution-202.js';
import { ReferenceDataError, type SourceProvince, type SourceWard } from './reference-source.js';

/** One official unit as the import writes it. */
export interface ReferenceUnit {
  code: string;
  name: string;
  kind: OfficialKind;
  /** Null for a province-level unit. */
  parentCode: string | null;
  validFrom: LocalDate;
}

export interface ReferenceUnits {
  provinces: ReferenceUnit[];
  communes: ReferenceUnit[];
}

const PLACE_TYPES: Readonly<Record<string, OfficialKind>> = {
  'Tỉnh': UnitKind.PROVINCE,
  'Thành phố Trung Ương': UnitKind.CITY,
};

/** The official prefix of each province-level kind: the source writes "Quảng Ngãi" for "Tỉnh Quảng Ngãi". */
const PROVINCE_PREFIX: Readonly<Record<string, string>> = { [UnitKind.PROVINCE]: 'Tỉnh', [UnitKind.CITY]: 'Thành phố' };

/** Commune-level kinds by the prefix of their official name (the source has no type column for them). */
const COMMUNE_PREFIXES: ReadonlyArray<[string, OfficialKind]> = [
  ['Phường ', UnitKind.WARD],
  ['Xã ', UnitKind.COMMUNE],
  ['Đặc khu ', UnitKind.SPECIAL_ZONE],
];

const text = (value: unknown): string => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '');

/** "Tỉnh Quảng Ngãi" for a tỉnh named "Quảng Ngãi"; a name already carrying its prefix is kept. */
export function officialProvinceName(kind: OfficialKind, sourceName: string): string {
  const prefix = PROVINCE_PREFIX[kind]!;
  return sourceName.startsWith(`${prefix} `) ? sourceName : `${prefix} ${sourceName}`;
}

function communeKindOf(name: string): OfficialKind | null {
  return COMMUNE_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1] ?? null;
}

/**
 * The official units of a source, checked row by row (codes, names, kinds, parents) and then as a
 * whole against the Resolution's figures. Every problem is collected before failing, so that an
 * operator fixing a file sees them all at once.
 */
export function referenceUnitsOf(provinces: readonly SourceProvince[], wards: readonly SourceWard[]): ReferenceUnits {
  const problems: string[] = [];
  const seen = new Set<string>();
  const byProvince = new Map<string, ReferenceUnit>();
  const out: ReferenceUnits = { provinces: [], communes: [] };

  provinces.forEach((row, i) => {
    const code = text(row?.province_code);
    const name = text(row?.name);
    const kind = PLACE_TYPES[text(row?.place_type)];
    if (!/^\d{2}$/.test(code)) return problems.push(`provinces[${i}]: code "${code}" is not 2 digits`);
    if (seen.has(code)) return problems.push(`provinces[${i}]: code ${code} appears twice`);
    if (!kind) return problems.push(`provinces[${i}] (${code}): unknown place_type "${text(row?.place_type)}"`);
    if (!name) return problems.push(`provinces[${i}] (${code}): no name`);
    seen.add(code);
    const unit: ReferenceUnit = { code, name: officialProvinceName(kind, name), kind, parentCode: null, validFrom: RESOLUTION_202_VALID_FROM };
    byProvince.set(code, unit);
    out.provinces.push(unit);
  });

  wards.forEach((row, i) => {
    const code = text(row?.ward_code);
    const name = text(row?.name);
    const parentCode = text(row?.province_code);
    if (!/^\d{5}$/.test(code)) return problems.push(`wards[${i}]: code "${code}" is not 5 digits`);
    if (seen.has(code)) return problems.push(`wards[${i}]: code ${code} appears twice`);
    const kind = communeKindOf(name);
    if (!kind) return problems.push(`wards[${i}] (${code}): name "${name}" starts with none of Phường, Xã, Đặc khu`);
    if (!byProvince.has(parentCode)) return problems.push(`wards[${i}] (${code}): unknown province "${parentCode}"`);
    seen.add(code);
    out.communes.push({ code, name, kind, parentCode, validFrom: RESOLUTION_202_VALID_FROM });
  });

  if (problems.length > 0) throw new ReferenceDataError(`the reference source has ${problems.length} bad unit row(s); nothing was imported`, problems);
  checkCounts([...out.provinces, ...out.communes]);
  out.provinces.sort((a, b) => a.code.localeCompare(b.code));
  out.communes.sort((a, b) => a.code.localeCompare(b.code));
  return out;
}

/** Counts per kind against Resolution 202/2025/QH15. */
function checkCounts(units: readonly ReferenceUnit[]): void {
  const counts = new Map<OfficialKind, number>();
  for (const u of units) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);
  const problems = (Object.entries(RESOLUTION_202_COUNTS) as [OfficialKind, number][])
    .filter(([kind, expected]) => (counts.get(kind) ?? 0) !== expected)
    .map(([kind, expected]) => `${kind}: ${counts.get(kind) ?? 0} in the source, ${expected} in the Resolution`);
  if (problems.length > 0) {
    throw new ReferenceDataError('the reference source disagrees with Resolution 202/2025/QH15 (34 province-level, 3,321 commune-level units); nothing was imported', problems);
  }
}
