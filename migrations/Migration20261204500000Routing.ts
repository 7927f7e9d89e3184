import { Migration } from '@mikro-orm/migrations';

const ACTIONS = `'ACCEPT', 'REFUSE', 'START_PROCESSING', 'REQUEST_SUPPLEMENT', 'SUBMIT_SUPPLEMENT', 'REQUEST_PAYMENT', 'CONFIRM_PAYMENT', 'SUSPEND', 'RESUME', 'RESOLVE', 'RETURN_RESULT', 'WITHDRAW', 'EXTEND_DEADLINE'`;
const ROLES = `('RECEIVE', 'PROCESS', 'RETURN')`;

/**
 * Liên thông (issue 12): dossiers that travel between the receiving center and the agencies that
 * decide them.
 * - `procedure_route_step`: a province's route for a procedure, ordered steps with the unit that
 *   holds the dossier at that step (null: the receiving center) and its share of the deadline;
 * - `administrative_unit.connector`: the connector of an agency that works in another system, so
 *   that a transfer to it is delivered through the outbox like every sync;
 * - `unit_officer`: which staff (token `sub`) belong to a unit, so that an assignment can be checked;
 * - `dossier.holder_unit_id` / `assignee`: who has it now (null holder: the receiving unit, so that
 *   intake and every dossier received before this migration need no change);
 * - `dossier_step`: every holding period (unit and officer), written in the change's transaction;
 *   a trigger keeps it append-only except for closing an open step once and moving an open
 *   step's due when a clock pause ends.
 */
export class Migration20261204500000Routing extends Migration {
  override name = 'Migration20261204500000Routing';

  override up(): void {
    this.addSql(`alter table "dossier_event" drop constraint "dossier_event_action_check";`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_action_check" check ("action" in (${ACTIONS}, 'TRANSFER', 'ASSIGN', 'RETURN_TO_RECEIVER'));`);
    this.addSql(`alter table "administrative_unit" add column "connector" text null;`);
    this.addSql(`create table "procedure_route_step" (
      "province_id" bigint not null references "administrative_unit" ("id") on update cascade on delete cascade,
      "procedure_id" bigint not null references "procedure" ("id") on update cascade on delete cascade,
      "position" integer not null check ("position" >= 1),
      "role" text not null check ("role" in ${ROLES}),
      "unit_id" bigint null references "administrative_unit" ("id") on update cascade,
      "name" text null,
      "days" integer null check ("days" >= 0),
      primary key ("province_id", "procedure_id", "position"));`);
    this.addSql(`create index "procedure_route_step_procedure_id_index" on "procedure_route_step" ("procedure_id");`);
    this.addSql(`create table "unit_officer" (
      "unit_id" bigint not null references "administrative_unit" ("id") on update cascade on delete cascade,
      "sub" text not null,
      primary key ("unit_id", "sub"));`);
    this.addSql(`alter table "dossier" add column "holder_unit_id" bigint null references "administrative_unit" ("id") on update cascade,
      add column "assignee" text null;`);
    this.addSql(`create index "dossier_holder_index" on "dossier" ("holder_unit_id", "filed_at") where "holder_unit_id" is not null;`);
    this.addSql(`create index "dossier_assignee_index" on "dossier" ("assignee", "filed_at") where "assignee" is not null;`);
    this.addSql(`create table "dossier_step" (
      "id" bigserial primary key,
      "dossier_id" bigint not null references "dossier" ("id"),
      "seq" integer not null,
      "holder_unit_id" bigint not null references "administrative_unit" ("id") on update cascade,
      "role" text not null check ("role" in ${ROLES}),
      "route_position" integer null,
      "assignee" text null,
      "started_at" timestamptz not null,
      "started_by" text null,
      "due_date" date null,
      "due_at" timestamptz null,
      "ended_at" timestamptz null,
      "ended_by" text null,
      "end_action" text null check ("end_action" in ('TRANSFER', 'ASSIGN', 'RETURN_TO_RECEIVER', 'RETURN_RESULT', 'WITHDRAW')),
      "supplement_requested" boolean not null default false,
      constraint "dossier_step_dossier_seq_key" unique ("dossier_id", "seq"));`);
    // At most one open step per dossier: a second concurrent transfer cannot open another.
    this.addSql(`create unique index "dossier_step_open_key" on "dossier_step" ("dossier_id") where "ended_at" is null;`);
    this.addSql(`create index "dossier_step_holder_index" on "dossier_step" ("holder_unit_id", "started_at");`);
    // Append-only, with two exceptions on an open step: its closing (once), and its due moved by a
    // clock pause (the applicant's time does not count against the holder, as for the dossier).
    this.addSql(`create function dossier_step_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then raise exception 'dossier_step is append-only'; end if;
        if old.ended_at is not null
          or (new.id, new.dossier_id, new.seq, new.holder_unit_id, new.role, new.route_position, new.assignee, new.started_at, new.started_by)
             is distinct from (old.id, old.dossier_id, old.seq, old.holder_unit_id, old.role, old.route_position, old.assignee, old.started_at, old.started_by)
          or (new.ended_at is not null and (new.due_date, new.due_at) is distinct from (old.due_date, old.due_at))
          or (new.ended_at is null and (new.ended_by, new.end_action, new.supplement_requested) is distinct from (old.ended_by, old.end_action, old.supplement_requested))
        then raise exception 'dossier_step: only an open step may be closed (once) or have its due moved by a pause'; end if;
        return new;
      end $$;`);
    this.addSql(`create trigger dossier_step_append_only before update or delete on "dossier_step"
      for each row execute function dossier_step_append_only();`);
  }

  override down(): void {
    this.addSql(`drop table if exists "dossier_step";`);
    this.addSql(`drop function if exists dossier_step_append_only();`);
    this.addSql(`alter table "dossier" drop column if exists "holder_unit_id", drop column if exists "assignee";`);
    this.addSql(`drop table if exists "unit_officer";`);
    this.addSql(`drop table if exists "procedure_route_step";`);
    this.addSql(`alter table "administrative_unit" drop column if exists "connector";`);
    this.addSql(`alter table "dossier_event" drop constraint "dossier_event_action_check";`);
    this.addSql(`alter table "dossier_event" add constraint "dossier_event_action_check" check ("action" in (${ACTIONS}));`);
  }
}
