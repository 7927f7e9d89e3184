import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 14, part 4: the service index of Decision 766 (after Migration20261206200000Digitization: it counts digitized documents and electronic results too) (see src/domain/service-index/service-index-store.ts).
 * - dossier.delay_reason: why a dossier is late, recorded on the apology or a late RESOLVE;
 *   dossier.resolution_working_days: the working days its clock ran until RESOLVE (null for
 *   dossiers resolved before this migration: the calendar they ran under is not replayed here).
 * - service_index_unit_daily / _monthly (per unit and channel) and service_index_procedure_daily /
 *   _monthly (per unit and procedure): additive counters per day or month, and service_index_apply,
 *   which adds one change's counters to all four in the caller's transaction, under the statistics'
 *   advisory lock of the unit.
 * Written out literally (columns, function, fill) so that this migration means the same thing
 * forever, whatever the live code becomes; the fill is the SQL the rebuild
 * (src/domain/service-index/service-index-rebuild.ts) produced when this migration was written.
 */
const DELAY_REASONS = `('SPECIALIZED_SYSTEM_FAILURE', 'AWAITING_OTHER_AGENCY', 'VERIFICATION_REQUIRED', 'WORKLOAD', 'FORCE_MAJEURE', 'OTHER')`;
const COLUMNS_AT_CREATION = [
  'resolutions', 'resolution_calendar_days', 'resolutions_timed', 'resolution_working_days',
  'late_specialized_system_failure', 'late_awaiting_other_agency', 'late_verification_required', 'late_workload',
  'late_force_majeure', 'late_other', 'late_unrecorded', 'apologies',
  'paid_online', 'paid_online_amount', 'paid_cash', 'paid_cash_amount', 'ratings', 'rating_stars', 'ratings_satisfied',
  'received_digitized', 'documents_digitized', 'documents_reused', 'electronic_results',
];
const COUNTERS = COLUMNS_AT_CREATION.map((c) => `"${c}" bigint not null default 0`).join(', ');
const LIST = COLUMNS_AT_CREATION.map((c) => `"${c}"`).join(', ');
const ADD = COLUMNS_AT_CREATION.map((c) => `"${c}" = t."${c}" + excluded."${c}"`).join(', ');
const VALUES = COLUMNS_AT_CREATION.map((_, i) => `p_counts[${i + 1}]`).join(', ');

const CHANNEL = `"channel" text not null check ("channel" in ('ONLINE', 'IN_PERSON', 'POSTAL'))`;
/** Like the statistics' tables: per unit and channel (every grouping but field and procedure reads these), and per unit and procedure. */
const TABLES = [
  { name: 'service_index_unit_daily', dimension: CHANNEL, key: 'channel', bucket: 'day', value: 'p_channel' },
  { name: 'service_index_unit_monthly', dimension: CHANNEL, key: 'channel', bucket: 'month', value: 'p_channel' },
  { name: 'service_index_procedure_daily', dimension: '"procedure_id" bigint not null', key: 'procedure_id', bucket: 'day', value: 'p_procedure' },
  { name: 'service_index_procedure_monthly', dimension: '"procedure_id" bigint not null', key: 'procedure_id', bucket: 'month', value: 'p_procedure' },
] as const;

function table(t: (typeof TABLES)[number]): string {
  // Rows of the current day and month are updated by every change of a unit: room for HOT updates.
  return `create table "${t.name}" ("unit_id" bigint not null, ${t.dimension}, "${t.bucket}" date not null, ${COUNTERS},
    primary key ("unit_id", "${t.bucket}", "${t.key}")${t.bucket === 'month' ? ', check (extract(day from "month") = 1)' : ''}) with (fillfactor = 90);`;
}

function upsert(t: (typeof TABLES)[number]): string {
  const bucket = t.bucket === 'day' ? 'p_day' : `date_trunc('month', p_day)::date`;
  return `insert into "${t.name}" as t ("unit_id", "${t.key}", "${t.bucket}", ${LIST}) values (p_unit, ${t.value}, ${bucket}, ${VALUES})
          on conflict ("unit_id", "${t.bucket}", "${t.key}") do update set ${ADD};`;
}

const FILL_FROM_DOSSIERS: string[] = [
  `lock table "service_index_unit_daily", "service_index_unit_monthly", "service_index_procedure_daily", "service_index_procedure_monthly" in exclusive mode`,
  `create temporary table service_index_rebuild_delta on commit drop as
     select unit_id, procedure_id, channel, day, sum("resolutions")::bigint as "resolutions", sum("resolution_calendar_days")::bigint as "resolution_calendar_days", sum("resolutions_timed")::bigint as "resolutions_timed", sum("resolution_working_days")::bigint as "resolution_working_days", sum("late_specialized_system_failure")::bigint as "late_specialized_system_failure", sum("late_awaiting_other_agency")::bigint as "late_awaiting_other_agency", sum("late_verification_required")::bigint as "late_verification_required", sum("late_workload")::bigint as "late_workload", sum("late_force_majeure")::bigint as "late_force_majeure", sum("late_other")::bigint as "late_other", sum("late_unrecorded")::bigint as "late_unrecorded", sum("apologies")::bigint as "apologies", sum("paid_online")::bigint as "paid_online", sum("paid_online_amount")::bigint as "paid_online_amount", sum("paid_cash")::bigint as "paid_cash", sum("paid_cash_amount")::bigint as "paid_cash_amount", sum("ratings")::bigint as "ratings", sum("rating_stars")::bigint as "rating_stars", sum("ratings_satisfied")::bigint as "ratings_satisfied", sum("received_digitized")::bigint as "received_digitized", sum("documents_digitized")::bigint as "documents_digitized", sum("documents_reused")::bigint as "documents_reused", sum("electronic_results")::bigint as "electronic_results"
     from (
       select d.unit_id, d.procedure_id, d.channel, (e.at at time zone interval '+07:00')::date as day, (e.action = 'RESOLVE')::int as "resolutions", case when e.action = 'RESOLVE' then (e.at at time zone interval '+07:00')::date - (d.received_at at time zone interval '+07:00')::date else 0 end as "resolution_calendar_days", (e.action = 'RESOLVE' and d.resolution_working_days is not null)::int as "resolutions_timed", case when e.action = 'RESOLVE' then coalesce(d.resolution_working_days, 0) else 0 end as "resolution_working_days", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'SPECIALIZED_SYSTEM_FAILURE', false)::int as "late_specialized_system_failure", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'AWAITING_OTHER_AGENCY', false)::int as "late_awaiting_other_agency", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'VERIFICATION_REQUIRED', false)::int as "late_verification_required", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'WORKLOAD', false)::int as "late_workload", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'FORCE_MAJEURE', false)::int as "late_force_majeure", coalesce(e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason = 'OTHER', false)::int as "late_other", (e.action = 'RESOLVE' and (before.due_date is null or (before.due_at is not null and e.at > before.due_at) or (e.at at time zone interval '+07:00')::date > before.due_date) and d.delay_reason is null)::int as "late_unrecorded", (e.action = 'EXTEND_DEADLINE')::int as "apologies", 0 as "paid_online", 0 as "paid_online_amount", 0 as "paid_cash", 0 as "paid_cash_amount", 0 as "ratings", 0 as "rating_stars", 0 as "ratings_satisfied", 0 as "received_digitized", 0 as "documents_digitized", 0 as "documents_reused", 0 as "electronic_results"
       from dossier_event e
       join dossier d on d.id = e.dossier_id
       left join dossier_event before on e.action = 'RESOLVE' and before.dossier_id = e.dossier_id and before.seq = e.seq - 1
       where e.action in ('RESOLVE', 'EXTEND_DEADLINE') and d.received_at is not null
       union all
       select d.unit_id, d.procedure_id, d.channel, p.paid_date, 0 as "resolutions", 0 as "resolution_calendar_days", 0 as "resolutions_timed", 0 as "resolution_working_days", 0 as "late_specialized_system_failure", 0 as "late_awaiting_other_agency", 0 as "late_verification_required", 0 as "late_workload", 0 as "late_force_majeure", 0 as "late_other", 0 as "late_unrecorded", 0 as "apologies", (p.method = 'ONLINE')::int as "paid_online", case when p.method = 'ONLINE' then p.amount else 0 end as "paid_online_amount", (p.method = 'CASH')::int as "paid_cash", case when p.method = 'CASH' then p.amount else 0 end as "paid_cash_amount", 0 as "ratings", 0 as "rating_stars", 0 as "ratings_satisfied", 0 as "received_digitized", 0 as "documents_digitized", 0 as "documents_reused", 0 as "electronic_results"
       from payment_request p join dossier d on d.id = p.dossier_id where p.status = 'PAID'
       union all
       select d.unit_id, d.procedure_id, d.channel, r.rated_date, 0 as "resolutions", 0 as "resolution_calendar_days", 0 as "resolutions_timed", 0 as "resolution_working_days", 0 as "late_specialized_system_failure", 0 as "late_awaiting_other_agency", 0 as "late_verification_required", 0 as "late_workload", 0 as "late_force_majeure", 0 as "late_other", 0 as "late_unrecorded", 0 as "apologies", 0 as "paid_online", 0 as "paid_online_amount", 0 as "paid_cash", 0 as "paid_cash_amount", 1 as "ratings", r.stars as "rating_stars", (r.stars >= 4)::int as "ratings_satisfied", 0 as "received_digitized", 0 as "documents_digitized", 0 as "documents_reused", 0 as "electronic_results"
       from dossier_rating r join dossier d on d.id = r.dossier_id
       union all
       select d.unit_id, d.procedure_id, d.channel, g.scanned_date, 0 as "resolutions", 0 as "resolution_calendar_days", 0 as "resolutions_timed", 0 as "resolution_working_days", 0 as "late_specialized_system_failure", 0 as "late_awaiting_other_agency", 0 as "late_verification_required", 0 as "late_workload", 0 as "late_force_majeure", 0 as "late_other", 0 as "late_unrecorded", 0 as "apologies", 0 as "paid_online", 0 as "paid_online_amount", 0 as "paid_cash", 0 as "paid_cash_amount", 0 as "ratings", 0 as "rating_stars", 0 as "ratings_satisfied", 0 as "received_digitized", (g.reused_from_id is null)::int as "documents_digitized", (g.reused_from_id is not null)::int as "documents_reused", 0 as "electronic_results"
       from digitized_document g join dossier d on d.id = g.dossier_id
       union all
       select d.unit_id, d.procedure_id, d.channel, (d.received_at at time zone interval '+07:00')::date, 0 as "resolutions", 0 as "resolution_calendar_days", 0 as "resolutions_timed", 0 as "resolution_working_days", 0 as "late_specialized_system_failure", 0 as "late_awaiting_other_agency", 0 as "late_verification_required", 0 as "late_workload", 0 as "late_force_majeure", 0 as "late_other", 0 as "late_unrecorded", 0 as "apologies", 0 as "paid_online", 0 as "paid_online_amount", 0 as "paid_cash", 0 as "paid_cash_amount", 0 as "ratings", 0 as "rating_stars", 0 as "ratings_satisfied", 1 as "received_digitized", 0 as "documents_digitized", 0 as "documents_reused", 0 as "electronic_results"
       from dossier d where d.received_at is not null and exists (select 1 from digitized_document g where g.dossier_id = d.id)
       union all
       select d.unit_id, d.procedure_id, d.channel, e.issued_date, 0 as "resolutions", 0 as "resolution_calendar_days", 0 as "resolutions_timed", 0 as "resolution_working_days", 0 as "late_specialized_system_failure", 0 as "late_awaiting_other_agency", 0 as "late_verification_required", 0 as "late_workload", 0 as "late_force_majeure", 0 as "late_other", 0 as "late_unrecorded", 0 as "apologies", 0 as "paid_online", 0 as "paid_online_amount", 0 as "paid_cash", 0 as "paid_cash_amount", 0 as "ratings", 0 as "rating_stars", 0 as "ratings_satisfied", 0 as "received_digitized", 0 as "documents_digitized", 0 as "documents_reused", 1 as "electronic_results"
       from electronic_result e join dossier d on d.id = e.dossier_id
     ) x
     group by unit_id, procedure_id, channel, day having sum("resolutions") <> 0 or sum("resolution_calendar_days") <> 0 or sum("resolutions_timed") <> 0 or sum("resolution_working_days") <> 0 or sum("late_specialized_system_failure") <> 0 or sum("late_awaiting_other_agency") <> 0 or sum("late_verification_required") <> 0 or sum("late_workload") <> 0 or sum("late_force_majeure") <> 0 or sum("late_other") <> 0 or sum("late_unrecorded") <> 0 or sum("apologies") <> 0 or sum("paid_online") <> 0 or sum("paid_online_amount") <> 0 or sum("paid_cash") <> 0 or sum("paid_cash_amount") <> 0 or sum("ratings") <> 0 or sum("rating_stars") <> 0 or sum("ratings_satisfied") <> 0 or sum("received_digitized") <> 0 or sum("documents_digitized") <> 0 or sum("documents_reused") <> 0 or sum("electronic_results") <> 0`,
  `delete from "service_index_unit_daily"`,
  `delete from "service_index_unit_monthly"`,
  `delete from "service_index_procedure_daily"`,
  `delete from "service_index_procedure_monthly"`,
  `insert into "service_index_unit_daily" (unit_id, channel, "day", "resolutions", "resolution_calendar_days", "resolutions_timed", "resolution_working_days", "late_specialized_system_failure", "late_awaiting_other_agency", "late_verification_required", "late_workload", "late_force_majeure", "late_other", "late_unrecorded", "apologies", "paid_online", "paid_online_amount", "paid_cash", "paid_cash_amount", "ratings", "rating_stars", "ratings_satisfied", "received_digitized", "documents_digitized", "documents_reused", "electronic_results")
     select unit_id, channel, day, sum("resolutions"), sum("resolution_calendar_days"), sum("resolutions_timed"), sum("resolution_working_days"), sum("late_specialized_system_failure"), sum("late_awaiting_other_agency"), sum("late_verification_required"), sum("late_workload"), sum("late_force_majeure"), sum("late_other"), sum("late_unrecorded"), sum("apologies"), sum("paid_online"), sum("paid_online_amount"), sum("paid_cash"), sum("paid_cash_amount"), sum("ratings"), sum("rating_stars"), sum("ratings_satisfied"), sum("received_digitized"), sum("documents_digitized"), sum("documents_reused"), sum("electronic_results") from service_index_rebuild_delta
     group by unit_id, channel, day`,
  `insert into "service_index_unit_monthly" (unit_id, channel, "month", "resolutions", "resolution_calendar_days", "resolutions_timed", "resolution_working_days", "late_specialized_system_failure", "late_awaiting_other_agency", "late_verification_required", "late_workload", "late_force_majeure", "late_other", "late_unrecorded", "apologies", "paid_online", "paid_online_amount", "paid_cash", "paid_cash_amount", "ratings", "rating_stars", "ratings_satisfied", "received_digitized", "documents_digitized", "documents_reused", "electronic_results")
     select unit_id, channel, date_trunc('month', day)::date, sum("resolutions"), sum("resolution_calendar_days"), sum("resolutions_timed"), sum("resolution_working_days"), sum("late_specialized_system_failure"), sum("late_awaiting_other_agency"), sum("late_verification_required"), sum("late_workload"), sum("late_force_majeure"), sum("late_other"), sum("late_unrecorded"), sum("apologies"), sum("paid_online"), sum("paid_online_amount"), sum("paid_cash"), sum("paid_cash_amount"), sum("ratings"), sum("rating_stars"), sum("ratings_satisfied"), sum("received_digitized"), sum("documents_digitized"), sum("documents_reused"), sum("electronic_results") from service_index_rebuild_delta
     group by unit_id, channel, date_trunc('month', day)::date`,
  `insert into "service_index_procedure_daily" (unit_id, procedure_id, "day", "resolutions", "resolution_calendar_days", "resolutions_timed", "resolution_working_days", "late_specialized_system_failure", "late_awaiting_other_agency", "late_verification_required", "late_workload", "late_force_majeure", "late_other", "late_unrecorded", "apologies", "paid_online", "paid_online_amount", "paid_cash", "paid_cash_amount", "ratings", "rating_stars", "ratings_satisfied", "received_digitized", "documents_digitized", "documents_reused", "electronic_results")
     select unit_id, procedure_id, day, sum("resolutions"), sum("resolution_calendar_days"), sum("resolutions_timed"), sum("resolution_working_days"), sum("late_specialized_system_failure"), sum("late_awaiting_other_agency"), sum("late_verification_required"), sum("late_workload"), sum("late_force_majeure"), sum("late_other"), sum("late_unrecorded"), sum("apologies"), sum("paid_online"), sum("paid_online_amount"), sum("paid_cash"), sum("paid_cash_amount"), sum("ratings"), sum("rating_stars"), sum("ratings_satisfied"), sum("received_digitized"), sum("documents_digitized"), sum("documents_reused"), sum("electronic_results") from service_index_rebuild_delta
     group by unit_id, procedure_id, day`,
  `insert into "service_index_procedure_monthly" (unit_id, procedure_id, "month", "resolutions", "resolution_calendar_days", "resolutions_timed", "resolution_working_days", "late_specialized_system_failure", "late_awaiting_other_agency", "late_verification_required", "late_workload", "late_force_majeure", "late_other", "late_unrecorded", "apologies", "paid_online", "paid_online_amount", "paid_cash", "paid_cash_amount", "ratings", "rating_stars", "ratings_satisfied", "received_digitized", "documents_digitized", "documents_reused", "electronic_results")
     select unit_id, procedure_id, date_trunc('month', day)::date, sum("resolutions"), sum("resolution_calendar_days"), sum("resolutions_timed"), sum("resolution_working_days"), sum("late_specialized_system_failure"), sum("late_awaiting_other_agency"), sum("late_verification_required"), sum("late_workload"), sum("late_force_majeure"), sum("late_other"), sum("late_unrecorded"), sum("apologies"), sum("paid_online"), sum("paid_online_amount"), sum("paid_cash"), sum("paid_cash_amount"), sum("ratings"), sum("rating_stars"), sum("ratings_satisfied"), sum("received_digitized"), sum("documents_digitized"), sum("documents_reused"), sum("electronic_results") from service_index_rebuild_delta
     group by unit_id, procedure_id, date_trunc('month', day)::date`,
  `drop table service_index_rebuild_delta`,
];

export class Migration20261206300000ServiceIndex extends Migration {
  override name = 'Migration20261206300000ServiceIndex';

  override up(): void {
    this.addSql(`alter table "dossier" add column "delay_reason" text null check ("delay_reason" in ${DELAY_REASONS}),
      add column "resolution_working_days" integer null;`);
    for (const t of TABLES) this.addSql(table(t));
    this.addSql(`create function service_index_apply(p_unit bigint, p_procedure bigint, p_channel text, p_day date, p_counts bigint[])
      returns void language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('motcua:statistics'), (p_unit % 2147483647)::int);
        ${TABLES.map(upsert).join('\n        ')}
      end $$;`);
    for (const statement of FILL_FROM_DOSSIERS) this.addSql(`${statement};`);
  }

  override down(): void {
    this.addSql(`drop function if exists service_index_apply(bigint, bigint, text, date, bigint[]);`);
    for (const t of TABLES) this.addSql(`drop table if exists "${t.name}";`);
    this.addSql(`alter table "dossier" drop column if exists "delay_reason", drop column if exists "resolution_working_days";`);
  }
}
