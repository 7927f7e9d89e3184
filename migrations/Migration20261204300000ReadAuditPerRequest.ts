import { Migration } from '@mikro-orm/migrations';

/**
 * The audit of staff reads keeps one row per read request, with the ids of every dossier it
 * returned (was: one row per dossier). A page of 20 is one small insert instead of 20 index
 * entries; "who read this dossier" is answered by the GIN index on the ids. Rows already present
 * become one-element arrays.
 */
export class Migration20261204300000ReadAuditPerRequest extends Migration {
  override name = 'Migration20261204300000ReadAuditPerRequest';

  override up(): void {
    this.addSql(`alter table "dossier_read_audit" add column "dossier_ids" bigint[] null;`);
    this.addSql(`update "dossier_read_audit" set "dossier_ids" = array["dossier_id"];`);
    this.addSql(`alter table "dossier_read_audit" alter column "dossier_ids" set not null;`);
    this.addSql(`drop index if exists "dossier_read_audit_dossier_index";`);
    this.addSql(`alter table "dossier_read_audit" drop column "dossier_id";`);
    this.addSql(`create index "dossier_read_audit_dossier_ids_index" on "dossier_read_audit" using gin ("dossier_ids");`);
  }

  override down(): void {
    this.addSql(`alter table "dossier_read_audit" add column "dossier_id" bigint null;`);
    this.addSql(`insert into "dossier_read_audit" ("at", "actor_sub", "actor_role", "dossier_id", "operation", "dossier_ids")
      select "at", "actor_sub", "actor_role", unnest("dossier_ids"), "operation", '{}' from "dossier_read_audit";`);
    this.addSql(`delete from "dossier_read_audit" where "dossier_id" is null;`);
    this.addSql(`alter table "dossier_read_audit" drop column "dossier_ids";`);
    this.addSql(`alter table "dossier_read_audit" alter column "dossier_id" set not null;`);
    this.addSql(`create index "dossier_read_audit_dossier_index" on "dossier_read_audit" ("dossier_id", "at");`);
  }
}
