import { Migration } from '@mikro-orm/migrations';

const UNITS = `('WORKING_DAYS', 'HALF_WORKING_DAYS', 'WORKING_HOURS', 'SAME_DAY', 'CALENDAR_DAYS')`;

/**
 * Processing times with their unit (issue 11): the catalogue keeps the time as published (half days,
 * working hours, same day, calendar days) and `processing_days` stays as the whole-day figure of the
 * contract. Existing procedures were entered in whole working days (0 = same day), which is how
 * they are carried over. Provinces may publish their own, shorter time: `procedure_time_override`.
 */
export class Migration20261204200000ProcessingTime extends Migration {
  override name = 'Migration20261204200000ProcessingTime';

  override up(): void {
    this.addSql(`alter table "procedure" add column "processing_time_value" integer null, add column "processing_time_unit" text null;`);
    this.addSql(`update "procedure" set "processing_time_value" = "processing_days",
      "processing_time_unit" = case when "processing_days" = 0 then 'SAME_DAY' else 'WORKING_DAYS' end;`);
    this.addSql(`alter table "procedure" alter column "processing_time_value" set not null, alter column "processing_time_unit" set not null;`);
    this.addSql(`alter table "procedure" add constraint "procedure_processing_time_unit_check" check ("processing_time_unit" in ${UNITS});`);
    this.addSql(`create table "procedure_time_override" (
      "province_id" bigint not null references "administrative_unit" ("id") on update cascade on delete cascade,
      "procedure_id" bigint not null references "procedure" ("id") on update cascade on delete cascade,
      "value" integer not null,
      "unit" text not null check ("unit" in ${UNITS}),
      "source" text null,
      "updated_at" timestamptz not null default now(),
      primary key ("province_id", "procedure_id"));`);
    this.addSql(`create index "procedure_time_override_procedure_id_index" on "procedure_time_override" ("procedure_id");`);
  }

  override down(): void {
    this.addSql(`drop table if exists "procedure_time_override";`);
    this.addSql(`alter table "procedure" drop column if exists "processing_time_value", drop column if exists "processing_time_unit";`);
  }
}
