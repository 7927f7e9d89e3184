import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14, part 1: fees paid online. One payment request per REQUEST_PAYMENT of a dossier whose
 * procedure has a fee; `reference` is the payment code the citizen's bank transfer carries, and
 * `transaction_id` the payment platform's id, unique so that a replayed notification changes
 * nothing. `unit_code` / `unit_parent_code` and `paid_date` (local) are copied onto the row so that
 * the reconciliation by unit and day is one indexed read.
 */
export class Migration20261204600000Payments extends Migration {
  override name = 'Migration20261204600000Payments';

  override up(): void {
    this.addSql(`create table "payment_request" (
      "id" bigserial primary key,
      "dossier_id" bigint not null references "dossier" ("id") on delete cascade,
      "seq" int not null,
      "unit_code" varchar(16) not null,
      "unit_parent_code" varchar(16) null,
      "amount" bigint not null check ("amount" > 0),
      "currency" char(3) not null default 'VND',
      "reference" varchar(40) not null unique,
      "status" varchar(16) not null check ("status" in ('PENDING', 'PAID', 'CANCELLED')),
      "method" varchar(16) null check ("method" in ('ONLINE', 'CASH')),
      "qr_payload" text null,
      "created_at" timestamptz not null,
      "paid_at" timestamptz null,
      "paid_date" date null,
      "transaction_id" varchar(64) null unique,
      "confirmed_by" varchar(255) null,
      unique ("dossier_id", "seq")
    );`);
    this.addSql(`create index "payment_request_paid_day_idx" on "payment_request" ("paid_date", "unit_code") where "status" = 'PAID';`);
  }

  override down(): void {
    this.addSql('drop table if exists "payment_request";');
  }
}
