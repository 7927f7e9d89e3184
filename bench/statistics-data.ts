import type pg from 'pg';

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

/**
 * Random draws, once per dossier (random() is volatile: drawn into a table, then everything else is
 * plain arithmetic on them). Days are offsets from the first day; minutes since local midnight.
 */
function drawSql(o: GenerationOptions): string {
  const units = `array[${o.communeIds.join(', ')}]::bigint[]`;
  return `create unlogged table bench_draw as
  with weights as (
    -- Civil status and certification are the bulk of commune work (DOMAIN.md); other fields less.
    select array_agg(id order by id, k) as ids, count(*)::int as n
    from procedure p cross join generate_series(1, case p.field_code when 'HO_TICH' then 4 when 'CHUNG_THUC' then 4 when 'CU_TRU' then 2 else 1 end) k
  )
  select g as id,
    (select ids from weights)[1 + floor(random() * (select n from weights))::int] as procedure_id,
    case when random() < 0.05 then ${o.provinceId} else (${units})[1 + floor(random() * ${o.communeIds.length})::int] end as unit_id,
    floor(random() * ${o.days})::int as day_off,
    450 + floor(random() * 570)::int as minute,
    random() as u_channel, random() as u_fate, random() as u_delay, random() as u_pause, random() as u_misc
  from generate_series(1, ${o.dossiers}) g`;
}

/**
 * Each dossier's lifecycle: channel, receipt (weekdays 07:30-17:00), due dates (calendar days for
 * working days, weekends skipped), an optional supplement pause, its fate (resolved early/on time
 * 85 %, late 12 %, withdrawn 1.5 %, never finished 1.5 %; 1.5 % of online filings refused), the
 * instants of its events (none at or after the end of the data), their sequence numbers and the
 * final status.
 */
function planSql(o: GenerationOptions): string {
  const start = `timestamptz '${o.firstDay}T00:00:00+07:00'`;
  const end = `timestamptz '${o.end}'`;
  const isoDow = (dayOffset: string) => `((${dayOffset} + ${isoDowOffset(o.firstDay)}) % 7 + 1)`;
  const weekdayShift = (dayOffset: string) => `case ${isoDow(dayOffset)} when 6 then 2 when 7 then 1 else 0 end`;
  return `create unlogged table bench_plan as
  select d.id, d.unit_id, d.procedure_id, p.online_level, c.channel, c.channel = 'ONLINE' as online, t.refused,
    case when c.channel = 'ONLINE' then r.received_at - make_interval(mins => floor(d.u_misc * 1200)::int) end as submitted_at,
    case when not t.refused then r.received_at end as received_at,
    case when t.refused then r.received_at + interval '2 hours' end as refused_at,
    due.due0, due.due0 + t.pause_days as due1, t.pause_days,
    ev.started_at, ev.pause_at, ev.resume_at, ev.finish_kind, ev.finish_at, ev.returned_at,
    case when d.u_misc < 0.9 then 'APPROVED' else 'DENIED' end as outcome
  from bench_draw d
  join procedure p on p.id = d.procedure_id
  cross join lateral (select d.day_off + ${weekdayShift('d.day_off')} as r_off) rd
  cross join lateral (select ${start} + rd.r_off * interval '1 day' + d.minute * interval '1 minute' as received_at) r
  cross join lateral (select case
      when p.online_level = 'NONE' then (case when d.u_channel < 0.9 then 'IN_PERSON' else 'POSTAL' end)
      when p.online_level = 'FULL' then (case when d.u_channel < 0.7 then 'ONLINE' when d.u_channel < 0.95 then 'IN_PERSON' else 'POSTAL' end)
      else (case when d.u_channel < 0.4 then 'ONLINE' when d.u_channel < 0.9 then 'IN_PERSON' else 'POSTAL' end) end as channel) c
  cross join lateral (select case
      when p.processing_days = 0 then rd.r_off + case when d.minute >= 900 then (case ${isoDow('rd.r_off')} when 5 then 3 else 1 end) else 0 end
      else rd.r_off + p.processing_days + 2 * ((p.processing_days + ${isoDow('rd.r_off')} - 1) / 5) end as due_raw) dr
  cross join lateral (select date '${o.firstDay}' + dr.due_raw + ${weekdayShift('dr.due_raw')} as due0) due
  cross join lateral (select
      c.channel = 'ONLINE' and d.u_fate > 0.985 as refused,
      p.processing_days > 0 and d.u_pause < 0.06 as pauses,
      case when p.processing_days > 0 and d.u_pause < 0.06 then 1 + floor(d.u_misc * 10)::int else 0 end as pause_days,
      case when d.u_fate < 0.015 then 'WITHDRAW' when d.u_fate < 0.03 then null else 'RESOLVE' end as fate) t
  cross join lateral (select
      case when t.pauses then r.received_at + interval '1 day' end as pause_planned,
      case when t.pauses then r.received_at + make_interval(days => 1 + t.pause_days) end as resume_planned) pp
  cross join lateral (select case
      when t.fate = 'WITHDRAW' and t.pauses then pp.pause_planned + interval '1 day'
      when t.fate = 'WITHDRAW' then r.received_at + make_interval(hours => 2 + floor(d.u_delay * 120)::int)
      when t.fate = 'RESOLVE' then greatest(
        ${start} + interval '14 hours' + (case
          when d.u_fate > 0.88 then due.due0 + t.pause_days - date '${o.firstDay}' + 1 + floor(d.u_delay * 20)::int
          else rd.r_off + floor(d.u_delay * (due.due0 + t.pause_days - date '${o.firstDay}' - rd.r_off + 1))::int end) * interval '1 day',
        r.received_at + interval '1 hour',
        coalesce(pp.resume_planned + interval '1 hour', r.received_at))
      end as finish_planned) fp
  cross join lateral (select
      case when not t.refused and p.processing_days > 0 and d.u_misc < 0.5 then r.received_at + interval '30 minutes' end as started_at,
      case when not t.refused and pp.pause_planned < ${end} then pp.pause_planned end as pause_at,
      case when not t.refused and t.fate is distinct from 'WITHDRAW' and pp.resume_planned < ${end} then pp.resume_planned end as resume_at,
      case when not t.refused and fp.finish_planned < ${end} then t.fate end as finish_kind,
      case when not t.refused and fp.finish_planned < ${end} then fp.finish_planned end as finish_at,
      case when not t.refused and t.fate = 'RESOLVE' and fp.finish_planned + make_interval(hours => floor(d.u_delay * 72)::int) < ${end}
           then fp.finish_planned + make_interval(hours => floor(d.u_delay * 72)::int) end as returned_at) ev`;
}

/** ISO day of week (1 = Monday) of `date`, minus one: what day offset 0 is. */
function isoDowOffset(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
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

const DOSSIERS = `insert into dossier (id, code, procedure_id, online_level, unit_id, channel, status, outcome, applicant_full_name,
    applicant_citizen_id, applicant_phone, submitted_at, received_at, filed_at, due_date, finished_at, resolved_at, returned_at,
    paused_at, paused_working_days, supplement_requested, event_count, search_text, created_at, updated_at)
  select l.id, 'BENCH-' || l.id, l.procedure_id, l.online_level, l.unit_id, l.channel,
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
    'bench-' || l.id,
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

/**
 * Generates the dossiers and their events; returns how many of each. One transaction that starts
 * by emptying the two tables: on a cluster with wal_level = minimal (the benchmark's), PostgreSQL
 * then writes the loaded tables and their indexes straight to disk instead of through the WAL.
 */
export async function generateDossiers(client: pg.ClientBase, o: GenerationOptions): Promise<{ dossiers: number; events: number }> {
  const { progress } = o;
  await client.query(`set timezone = 'UTC'`);
  await client.query(`set synchronous_commit = off`);
  await client.query(`set work_mem = '512MB'`);
  await client.query(`set maintenance_work_mem = '1GB'`);
  await client.query(`select setseed($1)`, [o.seed]);
  const tables = ['dossier', 'dossier_event'];
  await client.query('begin');
  try {
    await client.query(`truncate dossier_event, dossier cascade`);
    const definitions = await secondaryDefinitions(client, tables);
    progress(`  dropping ${definitions.length} secondary indexes and constraints for the load`);
    for (const d of [...definitions].reverse()) await client.query(d.drop);

    await timed(client, 'random draws', drawSql(o), progress);
    await timed(client, 'plan', planSql(o), progress);
    await timed(client, 'lifecycles', SEQUENCES, progress);
    const dossiers = await timed(client, 'dossiers', DOSSIERS, progress);
    const events = await timed(client, 'events', EVENTS, progress);
    await client.query(`drop table bench_draw, bench_plan, bench_lifecycle`);
    await client.query(`select setval('dossier_id_seq', (select max(id) from dossier))`);
    await client.query(`select setval('dossier_event_id_seq', (select max(id) from dossier_event))`);

    const started = Date.now();
    for (const d of definitions) await client.query(d.create);
    progress(`  recreated ${definitions.length} indexes and constraints in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await client.query('commit');
    return { dossiers, events };
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
