import { Migration } from '@mikro-orm/migrations';

/**
 * The connector layer: the durable outbox of deliveries to specialized systems (sync_record), the
 * exchange log of every HTTP attempt (sync_exchange, no personal data), the state operators see per
 * connector (connector_state: CONFIG block, circuit, last success and error), and on dossiers the
 * registration number a system answered with and the VNeID verification of online filings.
 */
export class Migration20251202000000Connectors extends Migration {
  override name = 'Migration20251202000000Connectors';

  override up(): void {
    this.addSql(`create table "sync_record" (
      "id" bigserial primary key,
      "connector" text not null,
      "kind" text not null,
      "idempotency_key" text not null,
      "dossier_id" bigint not null,
      "dossier_code" varchar(64) not null,
      "unit_code" varchar(5) not null,
      "unit_parent_code" varchar(5) null,
      "event" jsonb not null,
      "state" text not null default 'PENDING',
      "attempts" int not null default 0,
      "manual_retries" int not null default 0,
      "next_attempt_at" timestamptz not null default now(),
      "lease_until" timestamptz null,
      "claim_token" uuid null,
      "last_attempt_at" timestamptz null,
      "last_error" text null,
      "error_class" text null,
      "remote_reference" text null,
      "awaiting_result" boolean not null default false,
      "result" jsonb null,
      "result_checked_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "succeeded_at" timestamptz null);`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_connector_key" unique ("connector", "idempotency_key");`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_state_check" check ("state" in ('PENDING', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'DEAD'));`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_error_class_check" check ("error_class" in ('TRANSIENT', 'CONFIG', 'REMOTE_REJECTED'));`);
    this.addSql(`alter table "sync_record" add constraint "sync_record_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id");`);
    // What a dispatcher claims next, per connector.
    this.addSql(`create index "sync_record_due_index" on "sync_record" ("connector", "next_attempt_at", "id") where "state" in ('PENDING', 'RETRYING');`);
    // Deliveries whose worker died: taken back when the lease has expired.
    this.addSql(`create index "sync_record_lease_index" on "sync_record" ("connector", "lease_until") where "state" = 'RUNNING';`);
    // Order per dossier (an earlier unfinished record holds later ones back) and the counts per state.
    this.addSql(`create index "sync_record_unfinished_index" on "sync_record" ("connector", "dossier_id", "id") where "state" <> 'SUCCEEDED';`);
    this.addSql(`create index "sync_record_dossier_index" on "sync_record" ("dossier_id", "id");`);
    this.addSql(`create index "sync_record_awaiting_result_index" on "sync_record" ("connector", "result_checked_at", "id") where "awaiting_result";`);
    this.addSql(`create index "sync_record_unit_index" on "sync_record" ("unit_code", "id");`);
    this.addSql(`create index "sync_record_unit_parent_index" on "sync_record" ("unit_parent_code", "id");`);

    this.addSql(`create table "sync_exchange" (
      "id" bigserial primary key,
      "at" timestamptz not null default now(),
      "connector" text not null,
      "operation" text not null,
      "sync_record_id" bigint null,
      "request_id" uuid not null,
      "attempt" int not null,
      "payload_sha256" char(64) null,
      "http_status" int null,
      "duration_ms" int not null,
      "error_class" text null);`);
    // Pruning by age is the only reader: every other index would cost each HTTP attempt's insert.
    this.addSql(`create index "sync_exchange_at_index" on "sync_exchange" ("at");`);

    this.addSql(`create table "connector_state" (
      "key" text primary key,
      "settings_fingerprint" text null,
      "blocked_reason" text null,
      "blocked_at" timestamptz null,
      "circuit" text not null default 'CLOSED',
      "circuit_changed_at" timestamptz null,
      "last_success_at" timestamptz null,
      "last_error" text null,
      "last_error_at" timestamptz null,
      "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "connector_state" add constraint "connector_state_circuit_check" check ("circuit" in ('CLOSED', 'OPEN', 'HALF_OPEN'));`);

    this.addSql(`alter table "dossier" add column "registration_number" text null;`);
    this.addSql(`alter table "dossier" add column "identity_verification" text not null default 'NOT_REQUIRED';`);
    this.addSql(`alter table "dossier" add column "identity_checked_at" timestamptz null;`);
    this.addSql(`alter table "dossier" add constraint "dossier_identity_verification_check" check ("identity_verification" in ('NOT_REQUIRED', 'PENDING', 'VERIFIED', 'FAILED'));`);
    this.addSql(`create index "dossier_identity_pending_index" on "dossier" ("identity_checked_at", "id") where "identity_verification" = 'PENDING';`);
  }

  override down(): void {
    this.addSql(`drop index if exists "dossier_identity_pending_index";`);
    this.addSql(`alter table "dossier" drop constraint if exists "dossier_identity_verification_check";`);
    this.addSql(`alter table "dossier" drop column if exists "identity_checked_at", drop column if exists "identity_verification", drop column if exists "registration_number";`);
    for (const table of ['connector_state', 'sync_exchange', 'sync_record']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }
}
