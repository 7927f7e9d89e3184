import { Migration } from '@mikro-orm/migrations';

/**
 * Reconciliation (issue 5): the reports that compare what a remote system holds with what was
 * received locally, per unit and day (reconciliation_report, reconciliation_row), and what repair
 * needs in the outbox: a delivery acknowledged by a remote that later turns out to have lost it is
 * superseded by a new sync record with the same idempotency key. The key stays unique among the
 * records in force (superseded_at is null), so the original record is kept as evidence.
 */
export class Migration20251204000000Reconciliation extends Migration {
  override name = 'Migration20251204000000Reconciliation';

  override up(): void {
    this.addSql(`create table "reconciliation_report" (
      "id" bigserial primary key,
      "connector" text not null,
      "count_basis" text not null,
      "unit_code" varchar(5) not null,
      "unit_parent_code" varchar(5) null,
      "from_date" date not null,
      "to_date" date not null,
      "status" text not null,
      "trigger" text not null,
      "requested_by" text null,
      "local_total" int not null,
      "remote_total" int not null,
      "resent" text[] not null default '{}',
      "awaiting_delivery" text[] not null default '{}',
      "not_resendable" text[] not null default '{}',
      "follow_up_of_id" bigint null,
      "follow_up_id" bigint null,
      "follow_up_due_at" timestamptz null,
      "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "reconciliation_report" add constraint "reconciliation_report_status_check" check ("status" in ('MATCHED', 'MISMATCHED'));`);
    this.addSql(`alter table "reconciliation_report" add constraint "reconciliation_report_trigger_check" check ("trigger" in ('MANUAL', 'SCHEDULED', 'FOLLOW_UP'));`);
    this.addSql(`alter table "reconciliation_report" add constraint "reconciliation_report_follow_up_of_foreign" foreign key ("follow_up_of_id") references "reconciliation_report" ("id");`);
    this.addSql(`alter table "reconciliation_report" add constraint "reconciliation_report_follow_up_foreign" foreign key ("follow_up_id") references "reconciliation_report" ("id");`);
    // Lists are per scope (a unit, or a province with its communes), newest first.
    this.addSql(`create index "reconciliation_report_unit_index" on "reconciliation_report" ("unit_code", "id");`);
    this.addSql(`create index "reconciliation_report_unit_parent_index" on "reconciliation_report" ("unit_parent_code", "id");`);

    this.addSql(`create table "reconciliation_row" (
      "report_id" bigint not null,
      "unit_code" varchar(5) not null,
      "day" date not null,
      "local_count" int not null,
      "remote_count" int not null,
      "missing_remotely" text[] not null default '{}',
      "unknown_locally" text[] not null default '{}',
      primary key ("report_id", "unit_code", "day"));`);
    this.addSql(`alter table "reconciliation_row" add constraint "reconciliation_row_report_foreign" foreign key ("report_id") references "reconciliation_report" ("id") on delete cascade;`);

    this.addSql(`alter table "sync_record" add column "superseded_at" timestamptz null,
      add column "supersedes_id" bigint null, add column "reconciliation_report_id" bigint null;`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_supersedes_foreign" foreign key ("supersedes_id") references "sync_record" ("id");`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_reconciliation_report_foreign" foreign key ("reconciliation_report_id") references "reconciliation_report" ("id");`);
    this.addSql(`alter table "sync_record" drop constraint "sync_record_connector_key";`);
    this.addSql(`create unique index "sync_record_connector_key" on "sync_record" ("connector", "idempotency_key") where "superseded_at" is null;`);

    // Local counts per unit and day of receipt: an index-only range scan per unit.
    this.addSql(`create index "dossier_unit_received_index" on "dossier" ("unit_id", "received_at") include ("channel", "procedure_id", "code") where "received_at" is not null;`);
  }

  override down(): void {
    this.addSql(`drop index if exists "dossier_unit_received_index";`);
    this.addSql(`alter table "sync_record" drop constraint if exists "sync_record_reconciliation_report_foreign", drop constraint if exists "sync_record_supersedes_foreign";`);
    this.addSql(`drop index if exists "sync_record_connector_key";`);
    // Keys are unique again only without the superseded records (the evidence of lost deliveries).
    this.addSql(`delete from "sync_record" where "superseded_at" is not null;`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_connector_key" unique ("connector", "idempotency_key");`);
    this.addSql(`alter table "sync_record" drop column if exists "reconciliation_report_id", drop column if exists "supersedes_id", drop column if exists "superseded_at";`);
    this.addSql(`drop table if exists "reconciliation_row" cascade;`);
    this.addSql(`drop table if exists "reconciliation_report" cascade;`);
  }
}
