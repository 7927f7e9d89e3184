import { Migration } from '@mikro-orm/migrations';
import { rebuildStatements } from '../src/domain/statistics/statistics-rebuild.js';

/**
 * Statistics aggregates (see src/domain/statistics/statistics-store.ts for the design): additive
 * per-day counters of dossier flows and of changes in the overdue stock, per unit and channel and
 * per unit and procedure, each with a monthly rollup. Maintained in the transaction of every
 * dossier change; derived data, so no foreign keys (a rebuild recomputes them from the dossiers).
 * The counters are filled at creation from the dossiers already present, with the rebuild's SQL
 * (src/domain/statistics/statistics-rebuild.ts).
 */
const COUNTERS = `"received_online" int not null default 0, "received_in_person" int not null default 0,
  "received_postal" int not null default 0, "received_full" int not null default 0, "received_full_online" int not null default 0,
  "received_partial" int not null default 0, "received_partial_online" int not null default 0,
  "resolved_early" int not null default 0, "resolved_on_time" int not null default 0, "resolved_late" int not null default 0,
  "withdrawn" int not null default 0, "overdue_delta" int not null default 0`;

const CHANNEL_CHECK = `check ("channel" in ('ONLINE', 'IN_PERSON', 'POSTAL'))`;

export class Migration20251201000000Statistics extends Migration {
  override name = 'Migration20251201000000Statistics';

  override up(): void {
    // Rows of the current month and day are updated by every change of a unit: room for HOT updates.
    this.addSql(`create table "statistics_unit_daily" ("unit_id" bigint not null, "channel" text not null ${CHANNEL_CHECK}, "day" date not null,
      ${COUNTERS}, primary key ("unit_id", "day", "channel")) with (fillfactor = 90);`);
    this.addSql(`create table "statistics_unit_monthly" ("unit_id" bigint not null, "channel" text not null ${CHANNEL_CHECK}, "month" date not null,
      ${COUNTERS}, primary key ("unit_id", "month", "channel"), check (extract(day from "month") = 1)) with (fillfactor = 90);`);
    this.addSql(`create table "statistics_procedure_daily" ("unit_id" bigint not null, "procedure_id" bigint not null, "day" date not null,
      ${COUNTERS}, primary key ("unit_id", "day", "procedure_id")) with (fillfactor = 90);`);
    this.addSql(`create table "statistics_procedure_monthly" ("unit_id" bigint not null, "procedure_id" bigint not null, "month" date not null,
      ${COUNTERS}, primary key ("unit_id", "month", "procedure_id"), check (extract(day from "month") = 1)) with (fillfactor = 90);`);
    for (const statement of rebuildStatements()) this.addSql(`${statement};`);
  }

  override down(): void {
    for (const table of ['statistics_unit_daily', 'statistics_unit_monthly', 'statistics_procedure_daily', 'statistics_procedure_monthly']) {
      this.addSql(`drop table if exists "${table}";`);
    }
  }
}
