import type { ReferenceUnits } from './reference-units.js';
import { ReferenceDataError, type SourceProvince, type SourceWardMapping } from './reference-source.js';

/** An old commune-level unit (before 1 July 2025) and the unit that took it over. */
export interface LegacyMapping {
  /**
   * `code:{old code}`, or `name:{province}|{district}|{ward}>{new code}` for a row without an old
   * code: an old unit split between new ones (a part of Phường 13, Gò Vấp, to each of two wards)
   * has one such row per part.
   */
  key: string;
  oldCode: string | null;
  oldWardName: string | null;
  oldDistrictName: string | null;
  oldProvinceName: string | null;
  newCode: string;
}

/** What the source needed fixing, row by row, as the import report shows it. */
export interface MappingFixes {
  /** new_ward_code is in no ward: resolved by the new ward's name in the new province. */
  newCodeNotInWards: number;
  /** new_ward_code is another ward (other name, other province): resolved by name likewise. */
  newCodeOfAnotherWard: number;
  /** No old_ward_code (empty or null): kept as a mapping by old names only. */
  withoutOldCode: number;
  /** Neither an old code nor an old name: nothing to map, left out. */
  withoutOldUnit: number;
  /** The same old unit to the same new unit again (exact repeats, or a name-only row repeating a coded one): left out. */
  duplicates: number;
  /**
   * Old codes that are also the code of a current unit other than their new one (23737, old Xã Ia
   * Mơ Nông, now in Xã Ia Ly; 23737 is today's Xã Ia Mơ): kept, but a dossier coded so goes to the
   * current unit (DossierImportService).
   */
  oldCodeIsAnotherCurrentUnit: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '');

/**
 * The legacy mappings of a source, with the fixes it needs (counted in `fixes`). A row that cannot
 * be resolved, or an old code sent to two different units, fails the whole import: a wrong mapping
 * would file a citizen's dossier under a commune that never had it.
 */
export function legacyMappingsOf(
  units: ReferenceUnits,
  provinces: readonly SourceProvince[],
  rows: readonly SourceWardMapping[],
): { mappings: LegacyMapping[]; fixes: MappingFixes } {
  const fixes: MappingFixes = {
    newCodeNotInWards: 0, newCodeOfAnotherWard: 0, withoutOldCode: 0, withoutOldUnit: 0, duplicates: 0, oldCodeIsAnotherCurrentUnit: 0,
  };
  const provinceByName = new Map<string, string>();
  for (const p of units.provinces) provinceByName.set(p.name, p.code);
  for (const p of provinces) {
    for (const name of [text(p.name), text(p.short_name)]) if (name) provinceByName.set(name, text(p.province_code));
  }
  const communeByCode = new Map(units.communes.map((c) => [c.code, c]));
  const communeByName = new Map<string, string | null>();
  for (const c of units.communes) {
    const key = `${c.parentCode}|${c.name}`;
    // Two communes of one name in one province would make a name ambiguous: null marks it so.
    communeByName.set(key, communeByName.has(key) ? null : c.code);
  }

  const problems: string[] = [];
  const byKey = new Map<string, LegacyMapping>();
  const newCodeOf = (row: SourceWardMapping, i: number): string | null => {
    const code = text(row.new_ward_code);
    const name = text(row.new_ward_name);
    const provinceCode = provinceByName.get(text(row.new_province_name));
    const named = communeByCode.get(code);
    if (named && named.name === name && (!provinceCode || named.parentCode === provinceCode)) return code;
    const resolved = provinceCode ? communeByName.get(`${provinceCode}|${name}`) : undefined;
    if (!resolved) {
      problems.push(`ward_mappings[${i}]: new unit ${code} "${name}" (${text(row.new_province_name)}) is not a current unit`);
      return null;
    }
    if (named) fixes.newCodeOfAnotherWard++;
    else fixes.newCodeNotInWards++;
    return resolved;
  };

  rows.forEach((row, i) => {
    const newCode = newCodeOf(row, i);
    if (newCode === null) return;
    const oldCode = text(row.old_ward_code) || null;
    const names = [text(row.old_province_name), text(row.old_district_name), text(row.old_ward_name)];
    if (oldCode !== null && !/^\d{5}$/.test(oldCode)) return problems.push(`ward_mappings[${i}]: old code "${oldCode}" is not 5 digits`);
    if (oldCode === null) {
      fixes.withoutOldCode++;
      if (!names[2]) return fixes.withoutOldUnit++;
    }
    const mapping: LegacyMapping = {
      key: oldCode !== null ? `code:${oldCode}` : `name:${names.join('|')}>${newCode}`,
      oldCode,
      oldWardName: names[2] || null,
      oldDistrictName: names[1] || null,
      oldProvinceName: names[0] || null,
      newCode,
    };
    const earlier = byKey.get(mapping.key);
    if (earlier && earlier.newCode !== newCode) {
      return problems.push(`ward_mappings[${i}]: ${mapping.key} goes to ${earlier.newCode} and to ${newCode}`);
    }
    if (earlier) return fixes.duplicates++;
    byKey.set(mapping.key, mapping);
  });
  if (problems.length > 0) {
    throw new ReferenceDataError(`the reference source has ${problems.length} bad ward mapping row(s); nothing was imported`, problems);
  }

  // A name-only row that repeats a coded row (same old names, same new unit) adds nothing.
  const codedNames = new Set(
    [...byKey.values()].filter((m) => m.oldCode !== null).map((m) => `name:${m.oldProvinceName ?? ''}|${m.oldDistrictName ?? ''}|${m.oldWardName ?? ''}>${m.newCode}`),
  );
  const mappings: LegacyMapping[] = [];
  for (const m of byKey.values()) {
    if (m.oldCode === null && codedNames.has(m.key)) {
      fixes.duplicates++;
      continue;
    }
    if (m.oldCode !== null && m.oldCode !== m.newCode && communeByCode.has(m.oldCode)) fixes.oldCodeIsAnotherCurrentUnit++;
    mappings.push(m);
  }
  mappings.sort((a, b) => a.key.localeCompare(b.key));
  return { mappings, fixes };
}
