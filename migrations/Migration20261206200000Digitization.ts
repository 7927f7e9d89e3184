import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14, part 2 (Decision 766: digitization of dossiers and results). `digitized_document`: a
 * document received with a dossier, stored as a file in the content-addressed document store
 * (its SHA-256 is the file's key), or reused from another dossier of the same citizen
 * (`reused_from_id`, same SHA-256, no new file). The citizen is a keyed hash (`citizen_key`, see
 * citizen-key.ts), never the citizen id. `electronic_result`: the result issued as a PDF when the
 * dossier is RESOLVED, with its SHA-256 and the signature hook's answer. `unit_code` /
 * `unit_parent_code` and the local dates make the per-unit, per-day reads one indexed scan.
 */
export class Migration20261206200000Digitization extends Migration {
  override name = 'Migration20261206200000Digitization';

  override up(): void {
    this.addSql(`create table "digitized_document" (
      "id" bigserial primary key,
      "dossier_id" bigint not null references "dossier" ("id") on delete cascade,
      "unit_code" varchar(16) not null,
      "unit_parent_code" varchar(16) null,
      "document_name" text not null,
      "file_name" varchar(255) not null,
      "media_type" varchar(32) not null check ("media_type" in ('application/pdf', 'image/jpeg', 'image/png')),
      "size_bytes" integer not null check ("size_bytes" > 0),
      "sha256" char(64) not null,
      "scanned_by" varchar(255) not null,
      "scanned_at" timestamptz not null,
      "scanned_date" date not null,
      "citizen_key" char(64) not null,
      "reused_from_id" bigint null references "digitized_document" ("id") on delete set null,
      constraint "digitized_document_dossier_sha256_key" unique ("dossier_id", "sha256")
    );`);
    this.addSql(`create index "digitized_document_unit_day_idx" on "digitized_document" ("unit_code", "scanned_date");`);
    this.addSql(`create index "digitized_document_citizen_idx" on "digitized_document" ("citizen_key", "id");`);
    this.addSql(`create table "electronic_result" (
      "dossier_id" bigint primary key references "dossier" ("id") on delete cascade,
      "unit_code" varchar(16) not null,
      "unit_parent_code" varchar(16) null,
      "sha256" char(64) not null unique,
      "size_bytes" integer not null check ("size_bytes" > 0),
      "file_key" varchar(128) not null,
      "issued_at" timestamptz not null,
      "issued_date" date not null,
      "signature" text null,
      "signer" text null
    );`);
    this.addSql(`create index "electronic_result_unit_day_idx" on "electronic_result" ("unit_code", "issued_date");`);
  }

  override down(): void {
    this.addSql('drop table if exists "electronic_result";');
    this.addSql('drop table if exists "digitized_document";');
  }
}
