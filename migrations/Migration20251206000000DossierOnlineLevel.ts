import { Migration } from '@mikro-orm/migrations';

/**
 * The procedure's online level as each dossier was received (toàn trình / một phần / none): the
 * statistics count a receipt under the level the citizen could use then, so the level is recorded
 * on the dossier (at filing, and again at receipt) instead of being read from a catalogue that may
 * have changed since. Dossiers already present take their procedure's level as it is now, the
 * best that can be known of them.
 */
export class Migration20251206000000DossierOnlineLevel extends Migration {
  override name = 'Migration20251206000000DossierOnlineLevel';

  override up(): void {
    this.addSql(`alter table "dossier" add column "online_level" text null;`);
    this.addSql(`update "dossier" d set "online_level" = p."online_level" from "procedure" p where p."id" = d."procedure_id";`);
    this.addSql(`alter table "dossier" alter column "online_level" set not null;`);
    this.addSql(`alter table "dossier" add constraint "dossier_online_level_check" check ("online_level" in ('FULL', 'PARTIAL', 'NONE'));`);
  }

  override down(): void {
    this.addSql(`alter table "dossier" drop column if exists "online_level";`);
  }
}
