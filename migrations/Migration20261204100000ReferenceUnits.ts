import { Migration } from '@mikro-orm/migrations';

/**
 * The real administrative units (docs/units.md):
 * - unit codes widen from 5 characters to 18, so that a center's own departments and branches can
 *   be coded `{parent code}.{A-Z0-9}{1,12}`, which no official 2- or 5-digit code can collide with;
 *   the tables that copy a unit code (sync records, reconciliation) widen with them;
 * - two new kinds, AGENCY (a Sở or a phòng chuyên môn) and CENTER_BRANCH (a one-stop center branch);
 * - `province_code`: the province-level unit a unit belongs to (itself for a province), kept on the
 *   row so that the scope of a province administrator reaches a unit under one of its communes
 *   without walking the tree at every check;
 * - `legacy_unit_mapping`: old commune-level units (before 1 July 2025) to the unit that took them over,
 *   so that legacy dossiers of merged units are imported under their new unit;
 * - `reference_dataset`: the version and checksum of the reference list last applied;
 * - `dossier.legacy_unit_code`: the old unit code a legacy dossier was filed under.
 */
export class Migration20261204100000ReferenceUnits extends Migration {
  override name = 'Migration20261204100000ReferenceUnits';

  override up(): void {
    this.addSql(`alter table "administrative_unit" alter column "code" type varchar(18);`);
    for (const table of ['sync_record', 'reconciliation_report']) {
      this.addSql(`alter table "${table}" alter column "unit_code" type varchar(18), alter column "unit_parent_code" type varchar(18);`);
    }
    this.addSql(`alter table "reconciliation_row" alter column "unit_code" type varchar(18);`);
    this.addSql(`alter table "administrative_unit" drop constraint "administrative_unit_kind_check";`);
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_kind_check" check ("kind" in ('PROVINCE', 'CITY', 'WARD', 'COMMUNE', 'SPECIAL_ZONE', 'AGENCY', 'CENTER_BRANCH'));`);

    this.addSql(`alter table "administrative_unit" add column "province_code" varchar(2) null;`);
    // Units present before: provinces and their communes (one level).
    this.addSql(`update "administrative_unit" u set "province_code" = coalesce((select p."code" from "administrative_unit" p where p."id" = u."parent_id"), u."code");`);
    this.addSql(`alter table "administrative_unit" alter column "province_code" set not null;`);
    this.addSql(`create index "administrative_unit_province_code_index" on "administrative_unit" ("province_code");`);

    this.addSql(`create table "legacy_unit_mapping" (
      "id" bigserial primary key,
      "mapping_key" text not null,
      "old_code" varchar(5) null,
      "old_ward_name" text null,
      "old_district_name" text null,
      "old_province_name" text null,
      "new_unit_id" bigint not null references "administrative_unit" ("id"),
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "legacy_unit_mapping_key" unique ("mapping_key"));`);
    this.addSql(`create unique index "legacy_unit_mapping_old_code_key" on "legacy_unit_mapping" ("old_code") where "old_code" is not null;`);
    this.addSql(`create index "legacy_unit_mapping_new_unit_id_index" on "legacy_unit_mapping" ("new_unit_id");`);

    this.addSql(`create table "reference_dataset" (
      "name" text primary key,
      "version" text not null,
      "checksum" text not null,
      "applied_at" timestamptz not null default now(),
      "report" jsonb not null);`);

    this.addSql(`alter table "dossier" add column "legacy_unit_code" varchar(5) null;`);
  }

  override down(): void {
    this.addSql(`alter table "dossier" drop column if exists "legacy_unit_code";`);
    this.addSql(`drop table if exists "reference_dataset";`);
    this.addSql(`drop table if exists "legacy_unit_mapping";`);
    this.addSql(`alter table "administrative_unit" drop column if exists "province_code";`);
  }
}
