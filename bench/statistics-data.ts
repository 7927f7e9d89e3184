import type pg from 'pg';
import { VN_TIME_ZONE } from '../src/domain/time/local-time.js';

/**
 * Bulk generation of a province's dossiers with their histories, in SQL (generate_series), for
 * the statistics benchmark. Every dossier is a plausible run through the lifecycle: in person,
 * postal or online (online ones accepted, or refused), started or not, some paused for a
 * supplement (the due date moves on resume), then resolved early, on time or late, withdrawn, or
 * still open at the end of the data; each event is written to dossier_event with the due date
 * after it, and the dossier row is its final state. Due dates are computed in calendar days
 * skipping weekends (holidays are not modelled): what matters here is that the history and the
 * dossier agree, since the aggregates are rebuilt from them.
 *
 * Secondary indexes and foreign keys of the two tables are dropped during the load and recreated
 * after it (the usual bulk-load practice), from their own definitions, so the tables end exactly
 * as the migrations made them.
 */
export interface GenerationOptions {
  dossiers: number;
  provinceId: number;
  communeIds: readonly number[];
  /** First day of the data; the data covers `days` days from it. */
  firstDay: string;
  days: number;
  /** The moment the data ends: nothing happens at or after it. */
  end: string;
  seed: number;
  progress: (message: string) => void;
}

const TZ = VN_TIME_ZONE;

/** The plan of every dossier: its lifecycle instants, from a few random numbers per dossier. */
function planSql(o: GenerationOptions): string {
  const units = `array[${o.communeIds.join(', ')}]::bigint[]`;
  return `create unlogged table bench_plan as
  with weights as (
    -- Civil status and certification are the bulk of commune work (DOMAIN.md); other fields less.
    select array_agg(id order by id, k) as ids, count(*)::int as n
    from procedure p cross join generate_series(1, case p.field_code when 'HO_TICH' then 4 when 'CHUNG_THUC' then 4 when 'CU_TRU' then 2 else 1 end) k
  ), draw as (
    select g as id,
      (select ids from weights)[1 + floor(random() * (select n from weights))::int] as procedure_id,
      case when random() < 0.05 then ${o.provinceId} else (${units})[1 + floor(random() * ${o.communeIds.length})::int] end as unit_id,
      date '${o.firstDay}' + floor(random() * ${o.days})::int as day0,
      make_interval(mins => (450 + floor(random() * 570))::int) as time_of_day,
      random() as u_channel, random() as u_fate, random() as u_delay, random() as u_pause, random() as u_misc
    from generate_series(1, ${o.dossiers}) g
  ), received as (
    select d.*, p.processing_days as pd, p.online_level,
      d.day0 + case extract(isodow from d.day0) when 6 then 2 when 7 then 1 else 0 end as rday
    from draw d join procedure p on p.id = d.procedure_id
  ), shaped as (
    select r.*,
      case when r.online_level = 'NONE' then (case when r.u_channel < 0.9 then 'IN_PERSON' else 'POSTAL' end)
           when r.online_level = 'FULL' then (case when r.u_channel < 0.7 then 'ONLINE' when r.u_channel < 0.95 then 'IN_PERSON' else 'POSTAL' end)
           else (case when r.u_channel < 0.4 then 'ONLINE' when r.u_channel < 0.9 then 'IN_PERSON' else 'POSTAL' end) end as channel,
      ((r.rday + r.time_of_day)::timestamp at time zone '${TZ}') as received_at,
      -- calendar days for pd working days, skipping weekends; a same-day dossier received after 15:00 is due the next day
      case when r.pd = 0 then r.rday + case when r.time_of_day >= interval '15 hours' then (case extract(isodow from r.rday) when 5 then 3 else 1 end) else 0 end
           else r.rday + r.pd + 2 * ((r.pd + extract(isodow from r.rday)::int - 1) / 5) end as due0_raw,
      1 + floor(r.u_misc * 10)::int as pause_days,
      r.pd > 0 and r.u_pause < 0.06 as pauses
    from received r
  ), timed as (
    select s.*,
      s.due0_raw + case extract(isodow from s.due0_raw) when 6 then 2 when 7 then 1 else 0 end as due0,
      case when s.channel = 'ONLINE' then s.received_at - make_interval(mins => floor(s.u_misc * 1200)::int) end as submitted_at,
      s.channel = 'ONLINE' and s.u_fate > 0.985 as refused,
      case when s.pd > 0 and s.u_misc < 0.5 then s.received_at + interval '30 minutes' end as started_at,
      case when s.pauses then s.received_at + interval '1 day' end as pause_at,
      case when s.pauses then s.received_at + make_interval(days => 1 + s.pause_days) end as resume_planned,
      case when s.u_fate < 0.015 then 'WITHDRAW' when s.u_fate < 0.03 then null else 'RESOLVE' end as fate
    from shaped s
  ), fated as (
    select t.*,
      t.due0 + case when t.pauses then t.pause_days else 0 end as due1,
      case
        when t.fate = 'WITHDRAW' and t.pauses then t.pause_at + interval '1 day'
        when t.fate = 'WITHDRAW' then t.received_at + make_interval(hours => 2 + floor(t.u_delay * 120)::int)
        when t.fate = 'RESOLVE' then greatest(
          ((case when t.u_fate > 0.88 then t.due0 + (case when t.pauses then t.pause_days else 0 end) + 1 + floor(t.u_delay * 20)::int
                 else t.rday + floor(t.u_delay * (t.due0 + (case when t.pauses then t.pause_days else 0 end) - t.rday + 1))::int end
            + interval '14 hours')::timestamp at time zone '${TZ}'),
          t.received_at + interval '1 hour',
          coalesce(t.resume_planned + interval '1 hour', t.received_at))
      end as finish_planned
    from timed t
  )
  select f.id, f.unit_id, f.procedure_id, f.channel, f.channel = 'ONLINE' as online, f.refused,
    f.submitted_at,
    case when f.refused then null else f.received_at end as received_at,
    case when f.refused then f.received_at end as refused_at,
    f.due0, f.due1, f.pause_days,
    case when not f.refused then f.started_at end as started_at,
    case when not f.refused and f.pause_at < '${o.end}' then f.pause_at end as pause_at,
    case when not f.refused and f.fate is distinct from 'WITHDRAW' and f.resume_planned < '${o.end}' then f.resume_planned end as resume_at,
    case when not f.refused and f.finish_planned < '${o.end}' then f.fate end as finish_kind,
    case when not f.refused and f.finish_planned < '${o.end}' then f.finish_planned end as finish_at,
    case when f.u_misc < 0.9 then 'APPROVED' else 'DENIED' end as outcome,
    case when not f.refused and f.fate = 'RESOLVE' and f.finish_planned + make_interval(hours => floor(f.u_delay * 72)::int) < '${o.end}'
         then f.finish_planned + make_interval(hours => floor(f.u_delay * 72)::int) end as returned_at
  from fated f`;
}

/** Sequence numbers and statuses of each plan's events, and the dossier's final state. */
const SEQUENCES = `create unlogged table bench_lifecycle as
  select p.*,
    s.base + 1 as s_start,
    s.base + (p.started_at is not null)::int + 1 as s_pause,
    s.base + (p.started_at is not null)::int + (p.pause_at is not null)::int + 1 as s_resume,
    s.base + (p.started_at is not null)::int + (p.pause_at is not null)::int + (p.resume_at is not null)::int + 1 as s_finish,
    case when p.resume_at is not null then p.due1 else p.due0 end as due_final,
    case when p.pause_at is not null and p.resume_at is null and p.finish_kind is null then 'AWAITING_SUPPLEMENT'
         when p.started_at is not null or p.resume_at is not null then 'PROCESSING' else 'RECEIVED' end as open_status
  from bench_plan p cross join lateral (select 1 + (p.online and not p.refused)::int as base) s`;

const DOSSIERS = `insert into dossier (id, code, procedure_id, unit_id, channel, status, outcome, applicant_full_name,
    applicant_citizen_id, applicant_phone, submitted_at, received_at, filed_at, due_date, finished_at, resolved_at, returned_at,
    paused_at, paused_working_days, supplement_requested, event_count, search_text, created_at, updated_at)
  select l.id, 'BENCH-' || l.id, l.procedure_id, l.unit_id, l.channel,
    case when l.refused then 'REFUSED' when l.finish_kind = 'WITHDRAW' then 'WITHDRAWN'
         when l.finish_kind = 'RESOLVE' then (case when l.returned_at is not null then 'RETURNED' else 'RESOLVED' end)
         else l.open_status end,
    case when l.finish_kind = 'RESOLVE' then l.outcome end,
    'Công dân ' || l.id, lpad((l.id % 1000000000000)::text, 12, '0'), null,
    l.submitted_at, l.received_at, coalesce(l.submitted_at, l.received_at),
    case when not l.refused then l.due_final end,
    coalesce(l.refused_at, l.finish_at), case when l.finish_kind = 'RESOLVE' then l.finish_at end, l.returned_at,
    case when l.open_status = 'AWAITING_SUPPLEMENT' and l.finish_kind is null then l.pause_at end,
    case when l.resume_at is not null then l.pause_days else 0 end,
    l.pause_at is not null,
    case when l.refused then 2 else l.s_finish - 1 + (l.finish_kind is not null)::int + (l.returned_at is not null)::int end,
    'bench-' || l.id || ' cong dan ' || l.id,
    coalesce(l.submitted_at, l.received_at), coalesce(l.returned_at, l.finish_at, l.received_at, l.refused_at)
  from bench_lifecycle l`;

const EVENTS = `insert into dossier_event (dossier_id, seq, action, from_status, to_status, at, actor, due_date, created_at)
  select l.id, e.seq, e.action, e.from_status, e.to_status, e.at, 'bench', e.due_date, e.at
  from bench_lifecycle l cross join lateral (values
    (1, null, null, case when l.online then 'SUBMITTED' else 'RECEIVED' end, coalesce(l.submitted_at, l.received_at),
       case when l.online then null else l.due0 end),
    (2, 'ACCEPT', 'SUBMITTED', 'RECEIVED', case when l.online then l.received_at end, l.due0),
    (2, 'REFUSE', 'SUBMITTED', 'REFUSED', l.refused_at, null),
    (l.s_start, 'START_PROCESSING', 'RECEIVED', 'PROCESSING', l.started_at, l.due0),
    (l.s_pause, 'REQUEST_SUPPLEMENT', case when l.started_at is not null then 'PROCESSING' else 'RECEIVED' end, 'AWAITING_SUPPLEMENT', l.pause_at, l.due0),
    (l.s_resume, 'SUBMIT_SUPPLEMENT', 'AWAITING_SUPPLEMENT', 'PROCESSING', l.resume_at, l.due1),
    (l.s_finish, l.finish_kind,
       case when l.pause_at is not null and l.resume_at is null then 'AWAITING_SUPPLEMENT'
            when l.started_at is not null or l.resume_at is not null then 'PROCESSING' else 'RECEIVED' end,
       case when l.finish_kind = 'WITHDRAW' then 'WITHDRAWN' else 'RESOLVED' end, l.finish_at, l.due_final),
    (l.s_finish + 1, 'RETURN_RESULT', 'RESOLVED', 'RETURNED', l.returned_at, l.due_final)
  ) as e(seq, action, from_status, to_status, at, due_date)
  where e.at is not null`;

interface Definition {
  table: string;
  name: string;
  /** `alter table ... add constraint ...` or `create index ...`. */
  create: string;
  drop: string;
}

/** Secondary indexes, unique constraints and foreign keys of the bulk-loaded tables (not their primary keys). */
async function secondaryDefinitions(client: pg.ClientBase, tables: string[]): Promise<Definition[]> {
  const { rows: constraints } = await client.query<{ table: string; name: string; def: string; type: string }>(
    `select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as def, contype as type
     from pg_constraint where conrelid = any($1::regclass[]) and contype in ('u', 'f')`,
    [tables],
  );
  const { rows: indexes } = await client.query<{ table: string; name: string; def: string }>(
    `select tablename as table, indexname as name, indexdef as def from pg_indexes
     where tablename = any($1::text[]) and indexname not in (select conname from pg_constraint where contype in ('p', 'u'))`,
    [tables],
  );
  // Unique constraints first (foreign keys may depend on them), foreign keys last.
  const order = (type: string) => (type === 'u' ? 0 : 2);
  return [
    ...constraints.filter((c) => c.type === 'u').map((c) => ({ ...c, order: order(c.type) })),
    ...indexes.map((i) => ({ ...i, type: 'i', order: 1 })),
    ...constraints.filter((c) => c.type === 'f').map((c) => ({ ...c, order: order(c.type) })),
  ].map((d) => ({
    table: d.table,
    name: d.name,
    create: d.type === 'i' ? d.def : `alter table ${d.table} add constraint "${d.name}" ${d.def}`,
    drop: d.type === 'i' ? `drop index "${d.name}"` : `alter table ${d.table} drop constraint "${d.name}"`,
  }));
}

async function timed(client: pg.ClientBase, label: string, sql: string, progress: (m: string) => void): Promise<number> {
  const started = Date.now();
  const result = await client.query(sql);
  progress(`  ${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.rowCount ?? 0;
}

/** Generates the dossiers and their events; returns how many of each. */
export async function generateDossiers(client: pg.ClientBase, o: GenerationOptions): Promise<{ dossiers: number; events: number }> {
  const { progress } = o;
  await client.query(`set synchronous_commit = off`);
  await client.query(`set work_mem = '512MB'`);
  await client.query(`set maintenance_work_mem = '1GB'`);
  await client.query(`select setseed($1)`, [o.seed]);
  const tables = ['dossier', 'dossier_event'];
  const definitions = await secondaryDefinitions(client, tables);
  progress(`  dropping ${definitions.length} secondary indexes and constraints for the load`);
  for (const d of [...definitions].reverse()) await client.query(d.drop);

  await timed(client, 'plan', planSql(o), progress);
  await timed(client, 'lifecycles', SEQUENCES, progress);
  const dossiers = await timed(client, 'dossiers', DOSSIERS, progress);
  const events = await timed(client, 'events', EVENTS, progress);
  await client.query(`drop table bench_plan, bench_lifecycle`);
  await client.query(`select setval('dossier_id_seq', (select max(id) from dossier))`);
  await client.query(`select setval('dossier_event_id_seq', (select max(id) from dossier_event))`);

  const started = Date.now();
  for (const d of definitions) await client.query(d.create);
  progress(`  recreated ${definitions.length} indexes and constraints in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { dossiers, events };
}
