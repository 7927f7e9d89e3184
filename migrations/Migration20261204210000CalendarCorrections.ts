import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 11: a correct national calendar for 2025-2026, a calendar per province, opening hours per
 * center, and deadlines counted in the units procedures are published in.
 *
 * Calendar corrections (the Foundation migration is left as it ran; these rows replace its rows of
 * the same dates):
 * - 2025-01-27: one of the five weekdays of the Tết Ất Tỵ break 25/01-02/02/2025, not a swapped day:
 *   the break was exactly the five Tết weekdays 27-31/01 (Labor Code 2019 art. 112; the notice of
 *   the Ministry of Labour, Invalids and Social Affairs on Tết 2025 for public servants).
 * - 2025-02-15 (Saturday): NOT a make-up working day; the swap first proposed was not adopted
 *   (same notice: no make-up Saturday for Tết 2025).
 * - 2026-01-02 (Friday): day off, worked back on Saturday 2026-01-10
 *   (Văn phòng Chính phủ, notice of 25/12/2025 on the New Year 2026 holiday).
 * - 2026-08-31 (Monday): day off with 1-2/9, worked back on Saturday 2026-08-22
 *   (the National Day 2026 schedule announced in 10/2025 by the Ministry of Home Affairs;
 *   to be confirmed against the final notice, which a system administrator applies with setCalendar).
 * The effect on dossiers already received (due dates, statistics) is recomputed at start by
 * DeadlineRecompute, as after any calendar change.
 */
export class Migration20261204210000CalendarCorrections extends Migration {
  override name = 'Migration20261204210000CalendarCorrections';

  override up(): void {
    this.addSql(`delete from "calendar_day" where "date" in ('2025-01-27', '2025-02-15', '2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31');`);
    this.addSql(`insert into "calendar_day" ("date", "working", "name") values
      ('2025-01-27', false, 'Tết Nguyên đán Ất Tỵ (28 Tết)'),
      ('2026-01-02', false, 'Nghỉ Tết Dương lịch (làm bù thứ Bảy 10/01/2026)'),
      ('2026-01-10', true, 'Làm bù cho ngày 02/01/2026'),
      ('2026-08-22', true, 'Làm bù cho ngày 31/08/2026'),
      ('2026-08-31', false, 'Nghỉ Quốc khánh (làm bù thứ Bảy 22/08/2026)');`);
    // Which dates changed, so that the first start after this migration recomputes what they affect.
    this.addSql(`create table "calendar_change" (
      "id" bigserial primary key,
      "province_id" bigint null references "administrative_unit" ("id") on delete cascade,
      "from_date" date not null, "to_date" date not null,
      "reason" text not null,
      "created_at" timestamptz not null default now(),
      "recomputed_at" timestamptz null);`);
    // 2025-01-27 was a day off before and after (only its name changes): it moves no deadline.
    for (const date of ['2025-02-15', '2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31']) {
      this.addSql(`insert into "calendar_change" ("from_date", "to_date", "reason") values ('${date}', '${date}', 'Migration20261204210000CalendarCorrections');`);
    }

    // A province's own days, laid over the national calendar for its units only.
    this.addSql(`create table "province_calendar_day" (
      "province_id" bigint not null references "administrative_unit" ("id") on update cascade on delete cascade,
      "date" date not null, "working" boolean not null, "name" text not null,
      "updated_at" timestamptz not null default now(),
      primary key ("province_id", "date"));`);
    // A center's opening hours: 7 arrays (Sunday first) of {start, end} minutes from midnight.
    this.addSql(`create table "unit_opening_hours" (
      "unit_id" bigint primary key references "administrative_unit" ("id") on update cascade on delete cascade,
      "hours" jsonb not null,
      "updated_at" timestamptz not null default now());`);

    this.addSql(`alter table "dossier" add column "due_at" timestamptz null,
      add column "processing_time_value" integer null, add column "processing_time_unit" text null;`);
    this.addSql(`update "dossier" d set "processing_time_value" = p."processing_time_value", "processing_time_unit" = p."processing_time_unit"
      from "procedure" p where p."id" = d."procedure_id" and d."received_at" is not null;`);
    this.addSql(`alter table "dossier_event" add column "due_at" timestamptz null;`);

    // History stays append-only; only the two derived deadline columns may be rewritten, and only by
    // a calendar recompute that says so for its own transaction (set local motcua.deadline_recompute).
    this.addSql(`create or replace function dossier_event_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and current_setting('motcua.deadline_recompute', true) = 'on'
           and (to_jsonb(new) - 'due_date' - 'due_at') = (to_jsonb(old) - 'due_date' - 'due_at') then
          return new;
        end if;
        raise exception 'dossier_event is append-only (% refused)', tg_op using errcode = 'P0001';
      end $$;`);
  }

  override down(): void {
    this.addSql(`create or replace function dossier_event_append_only() returns trigger language plpgsql as $$
      begin raise exception 'dossier_event is append-only (% refused)', tg_op using errcode = 'P0001'; end $$;`);
    this.addSql(`alter table "dossier_event" drop column if exists "due_at";`);
    this.addSql(`alter table "dossier" drop column if exists "due_at", drop column if exists "processing_time_value", drop column if exists "processing_time_unit";`);
    this.addSql(`drop table if exists "unit_opening_hours";`);
    this.addSql(`drop table if exists "province_calendar_day";`);
    this.addSql(`drop table if exists "calendar_change";`);
  }
}
