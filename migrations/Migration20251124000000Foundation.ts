import { Migration } from '@mikro-orm/migrations';

/**
 * The foundation: units, fields, procedures, the calendar, dossiers with their append-only history,
 * the per-unit daily code counter and the audit of staff reads; plus the reference data every
 * install needs (fields of administration and the 2025-2027 calendar). The data is written out
 * literally so that this migration means the same thing forever.
 */
export class Migration20251124000000Foundation extends Migration {
  override name = 'Migration20251124000000Foundation';

  override up(): void {
    this.addSql(`create extension if not exists pg_trgm;`);

    this.addSql(`create table "field" ("code" text not null, "name" text not null, primary key ("code"));`);

    this.addSql(`create table "administrative_unit" ("id" bigserial primary key, "code" varchar(5) not null, "name" text not null, "kind" text not null, "parent_id" bigint null, "valid_from" date null, "valid_to" date null, "successor_id" bigint null, "search_text" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_code_key" unique ("code");`);
    this.addSql(`create index "administrative_unit_parent_id_index" on "administrative_unit" ("parent_id");`);
    this.addSql(`create index "administrative_unit_search_trgm" on "administrative_unit" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_kind_check" check ("kind" in ('PROVINCE', 'CITY', 'WARD', 'COMMUNE', 'SPECIAL_ZONE'));`);
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_parent_id_foreign" foreign key ("parent_id") references "administrative_unit" ("id") on delete set null;`);
    this.addSql(`alter table "administrative_unit" add constraint "administrative_unit_successor_id_foreign" foreign key ("successor_id") references "administrative_unit" ("id") on delete set null;`);

    this.addSql(`create table "calendar_day" ("date" date not null, "working" boolean not null, "name" text not null, "updated_at" timestamptz not null default now(), primary key ("date"));`);

    this.addSql(`create table "procedure" ("id" bigserial primary key, "code" varchar(20) not null, "name" text not null, "field_code" text not null, "level" text not null, "processing_days" int not null, "online_level" text not null, "fee_vnd" int not null default 0, "required_documents" jsonb not null default '[]', "connector" text null, "form_schema" jsonb null, "search_text" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "procedure" add constraint "procedure_code_key" unique ("code");`);
    this.addSql(`create index "procedure_field_code_index" on "procedure" ("field_code");`);
    this.addSql(`create index "procedure_search_trgm" on "procedure" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`alter table "procedure" add constraint "procedure_level_check" check ("level" in ('PROVINCE', 'COMMUNE'));`);
    this.addSql(`alter table "procedure" add constraint "procedure_online_level_check" check ("online_level" in ('FULL', 'PARTIAL', 'NONE'));`);
    this.addSql(`alter table "procedure" add constraint "procedure_field_code_foreign" foreign key ("field_code") references "field" ("code");`);

    this.addSql(`create table "dossier" ("id" bigserial primary key, "code" varchar(64) not null, "procedure_id" bigint not null, "unit_id" bigint not null, "channel" text not null, "status" text not null, "outcome" text null, "applicant_full_name" text not null, "applicant_citizen_id" varchar(12) not null, "applicant_phone" varchar(15) null, "form_data" jsonb null, "submitted_at" timestamptz null, "received_at" timestamptz null, "filed_at" timestamptz not null, "due_date" date null, "extended_due_date" date null, "finished_at" timestamptz null, "resolved_at" timestamptz null, "returned_at" timestamptz null, "paused_at" timestamptz null, "paused_working_days" int not null default 0, "supplement_requested" boolean not null default false, "event_count" int not null default 0, "intake_key" text null, "intake_request_hash" text null, "search_text" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "dossier" add constraint "dossier_code_key" unique ("code");`);
    this.addSql(`alter table "dossier" add constraint "dossier_intake_key_key" unique ("intake_key");`);
    this.addSql(`create index "dossier_procedure_id_index" on "dossier" ("procedure_id");`);
    this.addSql(`create index "dossier_applicant_citizen_id_index" on "dossier" ("applicant_citizen_id");`);
    this.addSql(`create index "dossier_search_trgm" on "dossier" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "dossier_unfinished_due_index" on "dossier" ("due_date") where "status" in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED');`);
    this.addSql(`create index "dossier_filed_index" on "dossier" ("filed_at", "id");`);
    this.addSql(`create index "dossier_unit_filed_index" on "dossier" ("unit_id", "filed_at", "id");`);
    this.addSql(`alter table "dossier" add constraint "dossier_channel_check" check ("channel" in ('ONLINE', 'IN_PERSON', 'POSTAL'));`);
    this.addSql(`alter table "dossier" add constraint "dossier_status_check" check ("status" in ('SUBMITTED', 'RECEIVED', 'REFUSED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'WITHDRAWN', 'SUSPENDED', 'RESOLVED', 'RETURNED'));`);
    this.addSql(`alter table "dossier" add constraint "dossier_outcome_check" check ("outcome" in ('APPROVED', 'DENIED'));`);
    this.addSql(`alter table "dossier" add constraint "dossier_procedure_id_foreign" foreign key ("procedure_id") references "procedure" ("id");`);
    this.addSql(`alter table "dossier" add constraint "dossier_unit_id_foreign" foreign key ("unit_id") references "administrative_unit" ("id");`);

    this.addSql(`create table "dossier_event" ("id" bigserial primary key, "dossier_id" bigint not null, "seq" int not null, "action" text null, "from_status" text null, "to_status" text not null, "at" timestamptz not null, "actor" text null, "note" text null, "due_date" date null, "idempotency_key" text null, "created_at" timestamptz not null default now());`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_dossier_seq_key" unique ("dossier_id", "seq");`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_dossier_idempotency_key" unique ("dossier_id", "idempotency_key");`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_action_check" check ("action" in ('ACCEPT', 'REFUSE', 'START_PROCESSING', 'REQUEST_SUPPLEMENT', 'SUBMIT_SUPPLEMENT', 'REQUEST_PAYMENT', 'CONFIRM_PAYMENT', 'SUSPEND', 'RESUME', 'RESOLVE', 'RETURN_RESULT', 'WITHDRAW', 'EXTEND_DEADLINE'));`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_from_status_check" check ("from_status" in ('SUBMITTED', 'RECEIVED', 'REFUSED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'WITHDRAWN', 'SUSPENDED', 'RESOLVED', 'RETURNED'));`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_to_status_check" check ("to_status" in ('SUBMITTED', 'RECEIVED', 'REFUSED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'WITHDRAWN', 'SUSPENDED', 'RESOLVED', 'RETURNED'));`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id");`);
    // History is append-only: the database itself refuses to rewrite it.
    this.addSql(`create function dossier_event_append_only() returns trigger language plpgsql as $$
      begin raise exception 'dossier_event is append-only (% refused)', tg_op using errcode = 'P0001'; end $$;`);
    this.addSql(`create trigger dossier_event_append_only before update or delete on "dossier_event"
      for each row execute function dossier_event_append_only();`);

    this.addSql(`create table "dossier_counter" ("unit_id" bigint not null, "day" date not null, "last_value" int not null, primary key ("unit_id", "day"));`);

    this.addSql(`create table "dossier_read_audit" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_sub" text not null, "actor_role" text not null, "dossier_id" bigint not null, "operation" text null);`);
    this.addSql(`create index "dossier_read_audit_dossier_index" on "dossier_read_audit" ("dossier_id", "at");`);

    this.addSql(`insert into "field" ("code", "name") values
  ('HO_TICH', 'Hộ tịch'),
  ('CHUNG_THUC', 'Chứng thực'),
  ('DANG_KY_KINH_DOANH', 'Đăng ký kinh doanh'),
  ('CU_TRU', 'Cư trú'),
  ('DAT_DAI', 'Đất đai'),
  ('XAY_DUNG', 'Xây dựng'),
  ('NUOI_CON_NUOI', 'Nuôi con nuôi'),
  ('BAO_TRO_XA_HOI', 'Bảo trợ xã hội'),
  ('NGUOI_CO_CONG', 'Người có công'),
  ('MOI_TRUONG', 'Môi trường')
  on conflict ("code") do nothing;`);

    this.addSql(`insert into "calendar_day" ("date", "working", "name") values
  ('2025-01-01', false, 'Tết Dương lịch'),
  ('2025-01-25', false, 'Nghỉ Tết Nguyên đán Ất Tỵ'),
  ('2025-01-26', false, 'Nghỉ Tết Nguyên đán Ất Tỵ'),
  ('2025-01-27', false, 'Nghỉ Tết Nguyên đán Ất Tỵ (hoán đổi, làm bù 15/02)'),
  ('2025-01-28', false, 'Tết Nguyên đán Ất Tỵ (29 Tết)'),
  ('2025-01-29', false, 'Tết Nguyên đán Ất Tỵ (mùng 1)'),
  ('2025-01-30', false, 'Tết Nguyên đán Ất Tỵ (mùng 2)'),
  ('2025-01-31', false, 'Tết Nguyên đán Ất Tỵ (mùng 3)'),
  ('2025-02-01', false, 'Nghỉ Tết Nguyên đán Ất Tỵ'),
  ('2025-02-02', false, 'Nghỉ Tết Nguyên đán Ất Tỵ'),
  ('2025-02-15', true, 'Làm bù cho ngày 27/01'),
  ('2025-04-07', false, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2025-04-26', true, 'Làm bù cho ngày 02/05'),
  ('2025-04-30', false, 'Ngày Chiến thắng'),
  ('2025-05-01', false, 'Ngày Quốc tế Lao động'),
  ('2025-05-02', false, 'Nghỉ hoán đổi (làm bù 26/04)'),
  ('2025-09-01', false, 'Quốc khánh (ngày liền kề)'),
  ('2025-09-02', false, 'Quốc khánh'),
  ('2026-01-01', false, 'Tết Dương lịch'),
  ('2026-02-14', false, 'Nghỉ Tết Nguyên đán Bính Ngọ'),
  ('2026-02-15', false, 'Nghỉ Tết Nguyên đán Bính Ngọ'),
  ('2026-02-16', false, 'Tết Nguyên đán Bính Ngọ (29 Tết)'),
  ('2026-02-17', false, 'Tết Nguyên đán Bính Ngọ (mùng 1)'),
  ('2026-02-18', false, 'Tết Nguyên đán Bính Ngọ (mùng 2)'),
  ('2026-02-19', false, 'Tết Nguyên đán Bính Ngọ (mùng 3)'),
  ('2026-02-20', false, 'Tết Nguyên đán Bính Ngọ (mùng 4)'),
  ('2026-02-21', false, 'Nghỉ Tết Nguyên đán Bính Ngọ'),
  ('2026-02-22', false, 'Nghỉ Tết Nguyên đán Bính Ngọ'),
  ('2026-04-26', false, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2026-04-27', false, 'Nghỉ bù Giỗ Tổ Hùng Vương'),
  ('2026-04-30', false, 'Ngày Chiến thắng'),
  ('2026-05-01', false, 'Ngày Quốc tế Lao động'),
  ('2026-09-01', false, 'Quốc khánh (ngày liền kề)'),
  ('2026-09-02', false, 'Quốc khánh'),
  ('2026-11-24', false, 'Ngày Văn hóa Việt Nam'),
  ('2027-01-01', false, 'Tết Dương lịch'),
  ('2027-02-05', false, 'Tết Nguyên đán Đinh Mùi (30 Tết, dự kiến)'),
  ('2027-02-06', false, 'Tết Nguyên đán Đinh Mùi (mùng 1)'),
  ('2027-02-07', false, 'Tết Nguyên đán Đinh Mùi (mùng 2)'),
  ('2027-02-08', false, 'Tết Nguyên đán Đinh Mùi (mùng 3)'),
  ('2027-02-09', false, 'Tết Nguyên đán Đinh Mùi (mùng 4)'),
  ('2027-02-10', false, 'Nghỉ bù Tết Nguyên đán (mùng 1 trùng thứ Bảy, dự kiến)'),
  ('2027-02-11', false, 'Nghỉ bù Tết Nguyên đán (mùng 2 trùng Chủ nhật, dự kiến)'),
  ('2027-04-16', false, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
  ('2027-04-30', false, 'Ngày Chiến thắng'),
  ('2027-05-01', false, 'Ngày Quốc tế Lao động'),
  ('2027-05-03', false, 'Nghỉ bù Ngày Quốc tế Lao động'),
  ('2027-09-02', false, 'Quốc khánh'),
  ('2027-09-03', false, 'Quốc khánh (ngày liền kề)'),
  ('2027-11-24', false, 'Ngày Văn hóa Việt Nam')
  on conflict ("date") do nothing;`);
  }

  override down(): void {
    for (const table of ['dossier_read_audit', 'dossier_counter', 'dossier_event', 'dossier', 'procedure', 'calendar_day', 'administrative_unit', 'field']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
    this.addSql(`drop function if exists dossier_event_append_only();`);
  }
}
