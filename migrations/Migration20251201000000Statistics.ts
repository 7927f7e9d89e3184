import { Migration } from '@mikro-orm/migrations';

/**
 * Statistics aggregates (see src/domain/statistics/statistics-store.ts for the design): additive
 * per-day counters of dossier flows and of changes in the overdue stock, per unit and channel and
 * per unit and procedure, each with a monthly rollup, and the function that adds one dossier
 * event's counters to all four in the caller's transaction. Derived data, so no foreign keys (a
 * rebuild recomputes them from the dossiers). The counters are filled at creation from the dossiers
 * already present, with the SQL the rebuild (src/domain/statistics/statistics-rebuild.ts) produced
 * when this migration was written, pasted below.
 * Tables, function and fill are written out literally so that this migration means the same thing
 * forever, whatever the live code becomes.
 */
const COUNTER_COLUMNS_AT_CREATION = [
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

/** One table's rows grouped from the rebuild's delta table, from this file's own constants. */
function fillFromDelta(table: (typeof TABLES)[number]): string {
  const bucket = table.bucket === 'day' ? 'day' : `date_trunc('month', day)::date`;
  const nonZero = COUNTER_COLUMNS_AT_CREATION.map((c) => `sum("${c}") <> 0`).join(' or ');
  return `insert into "${table.name}" (unit_id, ${table.key}, "${table.bucket}", ${COUNTER_COLUMNS_AT_CREATION.map((c) => `"${c}"`).join(', ')})
        select unit_id, ${table.key}, ${bucket}, ${COUNTER_COLUMNS_AT_CREATION.map((c) => `sum("${c}")`).join(', ')} from statistics_rebuild_delta
        group by unit_id, ${table.key}, ${bucket} having ${nonZero}`;
}

/**
 * The statements of the rebuild (src/domain/statistics/statistics-rebuild.ts) as it was at creation:
 * a snapshot, never to be regenerated from the live code. They read the procedure's online level as
 * it was then; Migration20251206000000DossierOnlineLevel later records the level on each dossier.
 */
const FILL_FROM_DOSSIERS = [
  `lock table "statistics_unit_daily", "statistics_unit_monthly", "statistics_procedure_daily", "statistics_procedure_monthly" in exclusive mode`,
  `create temporary table statistics_rebuild_delta on commit drop as
     select x.unit_id, x.procedure_id, x.channel, x.day, sum(x."received_online")::int as "received_online", sum(x."received_in_person")::int as "received_in_person", sum(x."received_postal")::int as "received_postal", sum(x."received_full")::int as "received_full", sum(x."received_full_online")::int as "received_full_online", sum(x."received_partial")::int as "received_partial", sum(x."received_partial_online")::int as "received_partial_online", sum(x."resolved_early")::int as "resolved_early", sum(x."resolved_on_time")::int as "resolved_on_time", sum(x."resolved_late")::int as "resolved_late", sum(x."withdrawn")::int as "withdrawn", sum(x."overdue_delta")::int as "overdue_delta"
     from (
       select c.unit_id, c.procedure_id, c.channel,
         case k when 1 then c.day when 2 then greatest(c.previous_due_date + 1, c.day) else greatest(c.due_date + 1, c.day) end as day,
         (k = 1 and c.is_open and c.channel = 'ONLINE')::int as "received_online",
         (k = 1 and c.is_open and c.channel = 'IN_PERSON')::int as "received_in_person",
         (k = 1 and c.is_open and c.channel = 'POSTAL')::int as "received_postal",
         (k = 1 and c.is_open and c.online_level = 'FULL')::int as "received_full",
         (k = 1 and c.is_open and c.online_level = 'FULL' and c.channel = 'ONLINE')::int as "received_full_online",
         (k = 1 and c.is_open and c.online_level = 'PARTIAL')::int as "received_partial",
         (k = 1 and c.is_open and c.online_level = 'PARTIAL' and c.channel = 'ONLINE')::int as "received_partial_online",
         (k = 1 and c.was_open and c.finish = 'EARLY')::int as "resolved_early",
         (k = 1 and c.was_open and c.finish = 'ON_TIME')::int as "resolved_on_time",
         (k = 1 and c.was_open and c.finish = 'LATE')::int as "resolved_late",
         (k = 1 and c.was_open and c.finish = 'WITHDRAWN')::int as "withdrawn",
         case k when 2 then -1 when 3 then 1 else 0 end as "overdue_delta"
       from (
         select d.unit_id, d.procedure_id, d.channel, p.online_level, e.due_date, before.due_date as previous_due_date,
           coalesce(e.from_status in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED'), false) as was_open,
           e.to_status in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED') as is_open,
           (e.at at time zone interval '+07:00')::date as day,
           case when e.to_status = 'WITHDRAWN' then 'WITHDRAWN' when (e.at at time zone interval '+07:00')::date < before.due_date then 'EARLY'
                when (e.at at time zone interval '+07:00')::date = before.due_date then 'ON_TIME' else 'LATE' end as finish
         from dossier_event e
         left join dossier_event before on e.from_status in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED') and before.dossier_id = e.dossier_id and before.seq = e.seq - 1
         join dossier d on d.id = e.dossier_id
         join procedure p on p.id = d.procedure_id
         where e.from_status in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED') or e.to_status in ('RECEIVED', 'PROCESSING', 'AWAITING_SUPPLEMENT', 'AWAITING_PAYMENT', 'SUSPENDED')
       ) c
       cross join (values (1), (2), (3)) as contributions(k)
       where case k when 1 then c.was_open <> c.is_open when 2 then c.was_open else c.is_open end
         and not (c.was_open and c.is_open and c.due_date is not distinct from c.previous_due_date)
     ) x
     group by x.unit_id, x.procedure_id, x.channel, x.day having sum(x."received_online") <> 0 or sum(x."received_in_person") <> 0 or sum(x."received_postal") <> 0 or sum(x."received_full") <> 0 or sum(x."received_full_online") <> 0 or sum(x."received_partial") <> 0 or sum(x."received_partial_online") <> 0 or sum(x."resolved_early") <> 0 or sum(x."resolved_on_time") <> 0 or sum(x."resolved_late") <> 0 or sum(x."withdrawn") <> 0 or sum(x."overdue_delta") <> 0`,
  `truncate table "statistics_unit_daily"`,
  `truncate table "statistics_unit_monthly"`,
  `truncate table "statistics_procedure_daily"`,
  `truncate table "statistics_procedure_monthly"`,
  ...TABLES.map(fillFromDelta),
  `drop table statistics_rebuild_delta`,
];

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
    for (const statement of FILL_FROM_DOSSIERS) this.addSql(`${statement};`);
  }

  override down(): void {
    this.addSql(`drop function if exists statistics_apply_deltas(bigint, bigint, text, date[], int[]);`);
    for (const t of TABLES) this.addSql(`drop table if exists "${t.name}";`);
  }
}
