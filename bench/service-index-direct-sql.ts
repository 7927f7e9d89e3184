import type pg from 'pg';
import { VN_TIME_ZONE } from '../src/domain/time/local-time.js';

/**
 * The service index of a scope computed the plain way, straight from the dossier, history,
 * payment and rating tables (docs/statistics.md formulas read literally): the baseline the
 * aggregates are measured against, and a check of their figures, row by row.
 */
export interface DirectServiceRow {
  key: string;
  resolutions: number;
  averageResolutionDays: number | null;
  averageResolutionWorkingDays: number | null;
  lateRecorded: number;
  paymentsOnline: number;
  paymentsOnlineAmount: number;
  paymentsCash: number;
  ratings: number;
  averageStars: number | null;
}

const local = (column: string) => `(${column} at time zone '${VN_TIME_ZONE}')::date`;
const KEY = { UNIT: 'u.code', MONTH: `to_char(x.day, 'YYYY-MM')` } as const;

/** Rows by unit code or by month for [from, to] over the units $1. */
export async function directServiceIndex(client: pg.ClientBase, groupBy: keyof typeof KEY, unitIds: number[], from: string, to: string): Promise<DirectServiceRow[]> {
  const { rows } = await client.query(`
    with x as (
      select d.unit_id, ${local('e.at')} as day, 1 as resolutions, ${local('e.at')} - ${local('d.received_at')} as days,
        d.resolution_working_days as working_days, (d.delay_reason is not null and ${local('e.at')} > before.due_date)::int as late_recorded,
        0 as paid_online, 0 as paid_online_amount, 0 as paid_cash, 0 as ratings, 0 as stars
      from dossier_event e join dossier d on d.id = e.dossier_id
      join dossier_event before on before.dossier_id = e.dossier_id and before.seq = e.seq - 1
      where e.action = 'RESOLVE' and d.unit_id = any($1::bigint[]) and ${local('e.at')} between $2::date and $3::date
      union all
      select d.unit_id, p.paid_date, 0, null, null, 0, (p.method = 'ONLINE')::int, case when p.method = 'ONLINE' then p.amount else 0 end,
        (p.method = 'CASH')::int, 0, 0
      from payment_request p join dossier d on d.id = p.dossier_id
      where p.status = 'PAID' and d.unit_id = any($1::bigint[]) and p.paid_date between $2::date and $3::date
      union all
      select d.unit_id, r.rated_date, 0, null, null, 0, 0, 0, 0, 1, r.stars
      from dossier_rating r join dossier d on d.id = r.dossier_id
      where d.unit_id = any($1::bigint[]) and r.rated_date between $2::date and $3::date
    )
    select ${KEY[groupBy]} as key, sum(resolutions)::int as resolutions, sum(days)::float8 / nullif(sum(resolutions), 0) as avg_days,
      sum(working_days)::float8 / nullif(count(working_days), 0) as avg_working_days, sum(late_recorded)::int as late_recorded,
      sum(paid_online)::int as paid_online, sum(paid_online_amount)::float8 as paid_online_amount, sum(paid_cash)::int as paid_cash,
      sum(ratings)::int as ratings, sum(stars)::float8 / nullif(sum(ratings), 0) as avg_stars
    from x join administrative_unit u on u.id = x.unit_id group by 1 order by 1`, [unitIds, from, to]);
  return rows.map((r) => ({
    key: r.key,
    resolutions: r.resolutions,
    averageResolutionDays: r.avg_days,
    averageResolutionWorkingDays: r.avg_working_days,
    lateRecorded: r.late_recorded,
    paymentsOnline: r.paid_online,
    paymentsOnlineAmount: r.paid_online_amount,
    paymentsCash: r.paid_cash,
    ratings: r.ratings,
    averageStars: r.avg_stars,
  }));
}
