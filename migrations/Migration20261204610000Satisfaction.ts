import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14, part 3: the citizen's rating of the service (1-5 stars, an optional comment), once per
 * dossier, and the one-time links given with the result. A link is stored as the SHA-256 of its
 * token (and the random nonce it is derived from, see rating-link.ts), never the token itself.
 * `unit_code` / `unit_parent_code` and `rated_date` (local) make the per-unit report one indexed read.
 */
export class Migration20261204610000Satisfaction extends Migration {
  override name = 'Migration20261204610000Satisfaction';

  override up(): void {
    this.addSql(`create table "dossier_rating" (
      "id" bigserial primary key,
      "dossier_id" bigint not null unique references "dossier" ("id") on delete cascade,
      "unit_code" varchar(16) not null,
      "unit_parent_code" varchar(16) null,
      "stars" smallint not null check ("stars" between 1 and 5),
      "comment" text null,
      "via" varchar(8) not null check ("via" in ('CITIZEN', 'LINK')),
      "rated_at" timestamptz not null,
      "rated_date" date not null,
      "reply" text null,
      "handled_at" timestamptz null,
      "handled_by" varchar(255) null
    );`);
    this.addSql(`create index "dossier_rating_unit_day_idx" on "dossier_rating" ("unit_code", "rated_date");`);
    this.addSql(`create table "rating_link" (
      "dossier_id" bigint primary key references "dossier" ("id") on delete cascade,
      "nonce" char(32) not null,
      "token_sha256" char(64) not null unique,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "used_at" timestamptz null
    );`);
  }

  override down(): void {
    this.addSql('drop table if exists "rating_link";');
    this.addSql('drop table if exists "dossier_rating";');
  }
}
