import { Migration } from '@mikro-orm/migrations';
import { rebuildStatements } from '../src/domain/statistics/statistics-rebuild.js';

/**
 * Statistics aggregates (see src/domain/statistics/statistics-store.ts for the design): additive
 * per-day counters of dossier flows and of changes in the overdue stock, per unit and channel and
 * per unit and procedure, each with a monthly rollup, and the function that adds one dossier
 * event's counters to all four in the caller's transaction. Derived data, so no foreign keys (a
 * rebuild recomputes them from the dossiers). The counters are filled at creation from the dossiers
 * already present, with the rebuild's SQL (src/domain/statistics/statistics-rebuild.ts).
 * Tables and function are written out literally so that this migration means the same thing forever.
 */
export const COUNTER_COLUMNS_AT_CREATION = [
  'received_online', 'received_in_person', 'received_postal', 'received_full', 'received_full_online', 'received_partial',
  'received_partial_online', 'resolved_early', 'resolved_on_time', 'resolved_late', 'withdrawn', 'overdue_delta',
];
const COUNTERS = COUNTER_COLUMNS_AT_CREATION.map((c) => `"${c}" int not null default 0`).join(', ');
const CHANNEL_CHECK = `check ("channel" in ('ONLINE', 'IN_PERSON', 'POSTAL'))`;

const TABLES = [
  { name: 'statistics_unit_daily', dimension: '"channel" text not null ' + CHANNEL_CHECK, key: 'channel', bucket: 'day' },
  { name: 'statistics_unit_monthly', dimension: '"channel" text not null ' + CHANNEL_CHECK, key: 'channel', bucket: 'month' },
  { name: 'statistics_procedure_daily', dimension: '"procedure_id" bigint not null', key: 'procedure_id', bucket: 'day' },
  { name: 'statistics_procedure_monthly', dimension: '"procedure_id" bigint not null', key: 'procedure_id', bucket: 'month' },
];

/** One upsert of the function: p_counts[i][j] is counter j (COUNTER_COLUMNS_AT_CREATION order) of day p_days[i]. */
function upsert(table: (typeof TABLES)[number]): string {
  const keyValue = table.key === 'channel' ? 'p_channel' : 'p_procedure';
  const bucket = table.bucket === 'day' ? 'p_days[i]' : `date_trunc('month', p_days[i])::date`;
  const counts = COUNTER_COLUMNS_AT_CREATION.map((_, j) => (table.bucket === 'day' ? `p_counts[i][${j + 1}]` : `sum(p_counts[i][${j + 1}])`)).join(', ');
  return `insert into "${table.name}" as t ("unit_id", "${table.key}", "${table.bucket}", ${COUNTER_COLUMNS_AT_CREATION.map((c) => `"${c}"`).join(', ')})
      select p_unit, ${keyValue}, ${bucket}, ${counts} from generate_subscripts(p_days, 1) i ${table.bucket === 'month' ? 'group by 3' : ''}
      on conflict ("unit_id", "${table.bucket}", "${table.key}") do update set ${COUNTER_COLUMNS_AT_CREATION.map((c) => `"${c}" = t."${c}" + excluded."${c}"`).join(', ')};`;
}

export class Migration20251201000000Statistics extends Migration {
  override name = 'Migration20251201000000Statistics';

  override up(): void {
    for (const t of TABLES) {
      // Rows of the current month and day are updated by every change of a unit: room for HOT updates.
      this.addSql(`create table "${t.name}" ("unit_id" bigint not null, ${t.dimension}, "${t.bucket}" date not null, ${COUNTERS},
        primary key ("unit_id", "${t.bucket}", "${t.key}")${t.bucket === 'month' ? ', check (extract(day from "month") = 1)' : ''}) with (fillfactor = 90);`);
    }
    // A PL/pgSQL function so that its statements are planned once per connection, not at every
    // dossier change. The transaction-level lock per unit orders concurrent writers of one unit
    // (see statistics-store.ts); its namespace keeps it apart from other advisory locks.
    this.addSql(`create function statistics_apply_deltas(p_unit bigint, p_procedure bigint, p_channel text, p_days date[], p_counts int[])
      returns void language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('motcua:statistics'), (p_unit % 2147483647)::int);
        ${TABLES.map(upsert).join('\n        ')}
      end $$;`);
    for (const statement of rebuildStatements()) this.addSql(`${statement};`);
  }

  override down(): void {
    this.addSql(`drop function if exists statistics_apply_deltas(bigint, bigint, text, date[], int[]);`);
    for (const t of TABLES) this.addSql(`drop table if exists "${t.name}";`);
  }
}
