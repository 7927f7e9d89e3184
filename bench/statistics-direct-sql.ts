import type pg from 'pg';
import type { StatisticsFigures } from '../src/domain/statistics/statistics-figures.js';
import { VN_TIME_ZONE } from '../src/domain/time/local-time.js';

/**
 * The statistics of a unit computed the plain way, straight from the dossier table with one
 * aggregate query (DOMAIN.md formulas read literally): the baseline the aggregates are measured
 * against, and an independent check of their figures (the benchmark compares the two row by row;
 * a test does the same on the hand-computed dataset). It reads every dossier of the scope that was
 * open at some moment of the period, and the history of those still open at its end (their due
 * date as it stood then).
 */
/** A row as the API gives it, without the label. */
export type DirectRow = StatisticsFigures & { key: string };

const local = (column: string) => `(${column} at time zone '${VN_TIME_ZONE}')::date`;

/** Dossiers of the scope ($1 unit ids) open at some moment of [$2, $3], with receipt and finish dates. */
const RELEVANT = `select d.id, d.unit_id, d.channel, d.online_level, d.due_date,
    ${local('d.received_at')} as r, ${local('d.finished_at')} as f,
    case when d.resolved_at is not null then
           case when ${local('d.resolved_at')} < d.due_date then 'EARLY' when ${local('d.resolved_at')} = d.due_date then 'ON_TIME' else 'LATE' end
         when d.status = 'WITHDRAWN' then 'WITHDRAWN' end as finish
  from dossier d
  where d.unit_id = any($1::bigint[]) and d.received_at is not null
    and d.received_at < (($3::date + 1)::timestamp at time zone '${VN_TIME_ZONE}')
    and (d.finished_at is null or d.finished_at >= ($2::date::timestamp at time zone '${VN_TIME_ZONE}'))`;

/** Counts of the dossiers `x` (from RELEVANT, already cut to those open at some moment of [a, b]) for [a, b]. */
function figures(a: string, b: string): string {
  const inPeriod = `x.r >= ${a}`;
  const open = `(x.f is null or x.f > ${b})`;
  // The due date recorded by the last event up to the end of b (the overdue rule, DOMAIN.md).
  const dueThen = `(select e.due_date from dossier_event e where e.dossier_id = x.id
      and e.at < ((${b} + 1)::timestamp at time zone '${VN_TIME_ZONE}') order by e.seq desc limit 1)`;
  const finished = (kind: string) => `count(*) filter (where x.f <= ${b} and x.finish = '${kind}')`;
  return `count(*) filter (where ${inPeriod}) as received,
    count(*) filter (where ${inPeriod} and x.channel = 'ONLINE') as received_online,
    count(*) filter (where ${inPeriod} and x.channel = 'IN_PERSON') as received_in_person,
    count(*) filter (where ${inPeriod} and x.channel = 'POSTAL') as received_postal,
    count(*) filter (where ${inPeriod} and x.online_level = 'FULL') as received_full,
    count(*) filter (where ${inPeriod} and x.online_level = 'FULL' and x.channel = 'ONLINE') as received_full_online,
    count(*) filter (where ${inPeriod} and x.online_level = 'PARTIAL') as received_partial,
    count(*) filter (where ${inPeriod} and x.online_level = 'PARTIAL' and x.channel = 'ONLINE') as received_partial_online,
    count(*) filter (where x.r < ${a}) as carried_over,
    ${finished('EARLY')} as resolved_early, ${finished('ON_TIME')} as resolved_on_time, ${finished('LATE')} as resolved_late,
    ${finished('WITHDRAWN')} as withdrawn,
    count(*) filter (where ${open}) as in_progress,
    count(*) filter (where case when ${open} then ${dueThen} < ${b} else false end) as in_progress_overdue`;
}

/** One row per unit of the scope that has figures, period [$2, $3]. */
const BY_UNIT = `with x as materialized (${RELEVANT})
  select u.code as key, ${figures('$2::date', '$3::date')}
  from x join administrative_unit u on u.id = x.unit_id group by u.code`;

/** One row per month of [$2, $3], each month cut to the period. */
const BY_MONTH = `with x as materialized (${RELEVANT}), month as materialized (
    select to_char(m, 'YYYY-MM') as key, greatest(m::date, $2::date) as a, least((m + interval '1 month')::date - 1, $3::date) as b
    from generate_series(date_trunc('month', $2::date), $3::date, interval '1 month') m
  )
  select month.key, ${figures('month.a', 'month.b')}
  from month join x on x.r <= month.b and (x.f is null or x.f >= month.a)
  group by month.key`;

/** The two queries ($1 unit ids, $2 from, $3 to), for EXPLAIN. */
const DIRECT_SQL = { UNIT: BY_UNIT, MONTH: BY_MONTH } as const;

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

function toRow(r: Record<string, string>): DirectRow {
  const n = (k: string) => Number(r[k]);
  const resolved = n('resolved_early') + n('resolved_on_time') + n('resolved_late');
  const onTime = n('in_progress') - n('in_progress_overdue');
  return {
    key: r.key!,
    received: n('received'),
    receivedOnline: n('received_online'),
    receivedInPerson: n('received_in_person'),
    receivedPostal: n('received_postal'),
    carriedOver: n('carried_over'),
    resolved,
    resolvedEarly: n('resolved_early'),
    resolvedOnTime: n('resolved_on_time'),
    resolvedLate: n('resolved_late'),
    withdrawn: n('withdrawn'),
    inProgress: n('in_progress'),
    inProgressOnTime: onTime,
    inProgressOverdue: n('in_progress_overdue'),
    onTimeRate: rate(n('resolved_early') + n('resolved_on_time'), resolved),
    onlineRate: rate(n('received_online'), n('received')),
    fullOnlineRate: rate(n('received_full_online'), n('received_full')),
    partialOnlineRate: rate(n('received_partial_online'), n('received_partial')),
    progressScore: rate(n('resolved_early') + n('resolved_on_time') + onTime, n('received') + n('carried_over')),
  };
}

/** Rows by unit code or by month, sorted by key. */
export async function directStatistics(
  client: pg.ClientBase,
  grouping: 'UNIT' | 'MONTH',
  unitIds: readonly number[],
  from: string,
  to: string,
): Promise<DirectRow[]> {
  const { rows } = await client.query(DIRECT_SQL[grouping], [unitIds, from, to]);
  return rows.map(toRow).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
