import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql, type Kysely } from 'kysely';
import { foldForSearch } from '../../text/search-text.js';
import { legacyMappingsOf, type LegacyMapping, type MappingFixes } from './legacy-mappings.js';
import { readReferenceSource, type ReferenceSource } from './reference-source.js';
import { referenceUnitsOf, type ReferenceUnit } from './reference-units.js';

export const REFERENCE_DATASET = 'administrative-units';

export interface RowCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ReferenceImportReport extends RowCounts {
  version: string;
  checksum: string;
  /** Official units in the source (34 + 3,321). */
  units: number;
  mappings: RowCounts & { removed: number; total: number };
  fixes: MappingFixes;
  ms: number;
}

type Db = Kysely<unknown>;

/**
 * Applies a reference list of the official units and the legacy mappings, all or nothing: the
 * source is parsed and checked completely first (reference-units.ts, legacy-mappings.ts), then
 * written in one transaction with a handful of set-based statements (one per table, not one per
 * unit: 3,355 units and ~10,800 mappings take well under a second). Rows are upserted by code and
 * only rewritten when a value differs, so a second run reports 0 created and 0 updated. Units the
 * source does not list (a center's own departments, units entered by hand) are left alone.
 */
export async function importReferenceUnits(orm: MikroORM, source: ReferenceSource = readReferenceSource()): Promise<ReferenceImportReport> {
  const started = Date.now();
  const units = referenceUnitsOf(source.provinces, source.wards);
  const { mappings, fixes } = legacyMappingsOf(units, source.provinces, source.mappings);
  return orm.em.fork().transactional(async (em: EntityManager) => {
    const db = em.getKysely() as Db;
    // Two processes starting together (API and workers) apply the list once, one after the other.
    await sql`select pg_advisory_xact_lock(hashtext(${'motcua:reference-units'}))`.execute(db);
    const provinces = await upsertUnits(db, units.provinces);
    const communes = await upsertUnits(db, units.communes);
    const mapped = await upsertMappings(db, mappings);
    const all = [...units.provinces, ...units.communes];
    const report: ReferenceImportReport = {
      version: source.version,
      checksum: source.checksum,
      units: all.length,
      created: provinces.created + communes.created,
      updated: provinces.updated + communes.updated,
      unchanged: all.length - provinces.created - communes.created - provinces.updated - communes.updated,
      mappings: mapped,
      fixes,
      ms: 0,
    };
    report.ms = Date.now() - started;
    await sql`insert into reference_dataset (name, version, checksum, report)
      values (${REFERENCE_DATASET}, ${source.version}, ${source.checksum}, ${JSON.stringify(report)}::jsonb)
      on conflict (name) do update set version = excluded.version, checksum = excluded.checksum, report = excluded.report, applied_at = now()
      where (reference_dataset.version, reference_dataset.checksum) is distinct from (excluded.version, excluded.checksum)`.execute(db);
    return report;
  });
}

/** The version and checksum last applied, or null on a database that never had the list. */
export async function appliedReferenceDataset(orm: MikroORM): Promise<{ version: string; checksum: string } | null> {
  const { rows } = await sql<{ version: string; checksum: string }>`select version, checksum from reference_dataset
    where name = ${REFERENCE_DATASET}`.execute(orm.em.fork().getKysely() as Db);
  return rows[0] ?? null;
}

/**
 * Applies the bundled list when it is not the one recorded (first start, or a new package version):
 * at application start, so that a fresh install has every real unit without a manual step.
 */
export async function importReferenceUnitsIfChanged(orm: MikroORM): Promise<ReferenceImportReport | null> {
  const source = readReferenceSource();
  const applied = await appliedReferenceDataset(orm);
  if (applied && applied.version === source.version && applied.checksum === source.checksum) return null;
  return importReferenceUnits(orm, source);
}

/** `xmax = 0` tells a row this statement inserted from one it updated. */
async function countWritten(db: Db, statement: ReturnType<typeof sql<{ inserted: boolean }>>): Promise<Omit<RowCounts, 'unchanged'>> {
  const { rows } = await statement.execute(db);
  const created = rows.filter((r) => r.inserted).length;
  return { created, updated: rows.length - created };
}

async function upsertUnits(db: Db, units: readonly ReferenceUnit[]): Promise<Omit<RowCounts, 'unchanged'>> {
  if (units.length === 0) return { created: 0, updated: 0 };
  const col = <T>(f: (u: ReferenceUnit) => T) => units.map(f);
  return countWritten(db, sql<{ inserted: boolean }>`insert into administrative_unit (code, name, kind, parent_id, province_code, valid_from, search_text)
    select i.code, i.name, i.kind, p.id, coalesce(i.parent_code, i.code), i.valid_from, i.search_text
    from unnest(${col((u) => u.code)}::text[], ${col((u) => u.name)}::text[], ${col((u) => u.kind)}::text[],
      ${col((u) => u.parentCode)}::text[], ${col((u) => u.validFrom)}::date[], ${col((u) => foldForSearch(`${u.code} ${u.name}`))}::text[])
      as i(code, name, kind, parent_code, valid_from, search_text)
    left join administrative_unit p on p.code = i.parent_code
    on conflict (code) do update set name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id,
      province_code = excluded.province_code, valid_from = excluded.valid_from, search_text = excluded.search_text, updated_at = now()
    where (administrative_unit.name, administrative_unit.kind, administrative_unit.parent_id, administrative_unit.province_code,
        administrative_unit.valid_from, administrative_unit.search_text)
      is distinct from (excluded.name, excluded.kind, excluded.parent_id, excluded.province_code, excluded.valid_from, excluded.search_text)
    returning (xmax = 0) as inserted`);
}

/** Upserts by mapping key; mappings a newer source no longer has are removed. */
async function upsertMappings(db: Db, mappings: readonly LegacyMapping[]): Promise<ReferenceImportReport['mappings']> {
  const col = <T>(f: (m: LegacyMapping) => T) => mappings.map(f);
  const written = await countWritten(db, sql<{ inserted: boolean }>`insert into legacy_unit_mapping
      (mapping_key, old_code, old_ward_name, old_district_name, old_province_name, new_unit_id)
    select i.mapping_key, i.old_code, i.old_ward_name, i.old_district_name, i.old_province_name, u.id
    from unnest(${col((m) => m.key)}::text[], ${col((m) => m.oldCode)}::text[], ${col((m) => m.oldWardName)}::text[],
      ${col((m) => m.oldDistrictName)}::text[], ${col((m) => m.oldProvinceName)}::text[], ${col((m) => m.newCode)}::text[])
      as i(mapping_key, old_code, old_ward_name, old_district_name, old_province_name, new_code)
    join administrative_unit u on u.code = i.new_code
    on conflict (mapping_key) do update set old_code = excluded.old_code, old_ward_name = excluded.old_ward_name,
      old_district_name = excluded.old_district_name, old_province_name = excluded.old_province_name,
      new_unit_id = excluded.new_unit_id, updated_at = now()
    where (legacy_unit_mapping.old_code, legacy_unit_mapping.old_ward_name, legacy_unit_mapping.old_district_name,
        legacy_unit_mapping.old_province_name, legacy_unit_mapping.new_unit_id)
      is distinct from (excluded.old_code, excluded.old_ward_name, excluded.old_district_name, excluded.old_province_name, excluded.new_unit_id)
    returning (xmax = 0) as inserted`);
  const removed = await sql`delete from legacy_unit_mapping where mapping_key <> all(${col((m) => m.key)}::text[])`.execute(db);
  return {
    ...written,
    unchanged: mappings.length - written.created - written.updated,
    removed: Number(removed.numAffectedRows ?? 0),
    total: mappings.length,
  };
}
