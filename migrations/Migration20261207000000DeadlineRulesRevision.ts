import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13: a revision of everything a deadline is computed from, so that intake can keep the
 * deadline rules in memory (src/domain/calendar/deadline-rules-cache.ts) and its one statement can
 * refuse to commit against rules that changed since they were read.
 * - deadline_rules_revision: one row, bumped by a statement-level trigger on every write to the
 *   national days, the provinces' days, the opening hours, the provinces' processing times, and
 *   the unit columns that decide which province and which hours a unit has. Bumped inside the
 *   writer's transaction: a reader sees the new revision exactly when it sees the new rules.
 * - deadline_rules_require(expected): raises SQLSTATE MC001 unless the committed revision is still
 *   `expected` (volatile: it reads the latest committed row, not the caller's snapshot).
 * Written out literally so that this migration means the same thing forever.
 */
const EVERY_WRITE = 'insert or update or delete or truncate';
const SOURCES = [
  { table: 'calendar_day', events: EVERY_WRITE },
  { table: 'province_calendar_day', events: EVERY_WRITE },
  { table: 'unit_opening_hours', events: EVERY_WRITE },
  { table: 'procedure_time_override', events: EVERY_WRITE },
  { table: 'administrative_unit', events: 'update of parent_id, province_code, code or delete' },
];

export class Migration20261207000000DeadlineRulesRevision extends Migration {
  override name = 'Migration20261207000000DeadlineRulesRevision';

  override up(): void {
    this.addSql(`create table "deadline_rules_revision" ("only" boolean primary key default true check ("only"), "revision" bigint not null);`);
    this.addSql(`insert into "deadline_rules_revision" ("revision") values (1);`);
    this.addSql(`create function deadline_rules_bump() returns trigger language plpgsql as $$
      begin
        update deadline_rules_revision set revision = revision + 1;
        return null;
      end $$;`);
    for (const { table, events } of SOURCES) {
      this.addSql(`create trigger ${table}_deadline_rules_bump after ${events} on "${table}"
        for each statement execute function deadline_rules_bump();`);
    }
    this.addSql(`create function deadline_rules_require(expected bigint) returns boolean language plpgsql volatile as $$
      begin
        if (select revision from deadline_rules_revision) is distinct from expected then
          raise exception 'the deadline rules changed since they were read' using errcode = 'MC001';
        end if;
        return true;
      end $$;`);
  }

  override down(): void {
    for (const { table } of SOURCES) this.addSql(`drop trigger if exists ${table}_deadline_rules_bump on "${table}";`);
    this.addSql(`drop function if exists deadline_rules_require(bigint);`);
    this.addSql(`drop function if exists deadline_rules_bump();`);
    this.addSql(`drop table if exists "deadline_rules_revision";`);
  }
}
