import type pg from 'pg';
import { VN_TIME_ZONE } from '../src/domain/time/local-time.js';

/**
 * What the generated dossiers (statistics-data.ts) lack for the service index, added in bulk SQL:
 * a working-day resolution time (weekdays between receipt and resolution, the bench's stand-in for
 * the calendar), a delay reason on half the late resolutions, a paid fee (60 % online, 40 % cash)
 * on the resolved dossiers of procedures with a fee, and a rating on a fifth of the resolved ones,
 * stars spread 1..5, given 0 to 3 days after the resolution. Deterministic: drawn from hashes of ids.
 */
const draw = (salt: number) => `(abs(hashint8(d.id * ${salt})) % 1000) / 1000.0`;
const local = (column: string) => `((${column}) at time zone '${VN_TIME_ZONE}')::date`;

const STATEMENTS = [
  `update dossier d set resolution_working_days = (
     select count(*) from generate_series(${local('d.received_at')}, ${local('d.resolved_at')}, interval '1 day') g where extract(isodow from g) < 6)
   where d.resolved_at is not null`,
  `update dossier d set delay_reason = (array['SPECIALIZED_SYSTEM_FAILURE', 'AWAITING_OTHER_AGENCY', 'VERIFICATION_REQUIRED', 'WORKLOAD', 'FORCE_MAJEURE', 'OTHER'])[1 + floor(${draw(7)} * 6)::int]
   where d.resolved_at is not null and ${local('d.resolved_at')} > d.due_date and ${draw(3)} < 0.5`,
  `insert into payment_request (dossier_id, seq, unit_code, unit_parent_code, amount, reference, status, method, created_at, paid_at, paid_date, transaction_id, confirmed_by)
   select d.id, 1, u.code, parent.code, p.fee_vnd, 'TT' || d.id, 'PAID', case when ${draw(5)} < 0.6 then 'ONLINE' else 'CASH' end,
     d.received_at, d.received_at + interval '2 hours', ${local("d.received_at + interval '2 hours'")},
     case when ${draw(5)} < 0.6 then 'FT' || d.id end, 'bench'
   from dossier d join procedure p on p.id = d.procedure_id join administrative_unit u on u.id = d.unit_id
   left join administrative_unit parent on parent.id = u.parent_id
   where p.fee_vnd > 0 and d.resolved_at is not null`,
  `insert into dossier_rating (dossier_id, unit_code, unit_parent_code, stars, via, rated_at, rated_date)
   select d.id, u.code, parent.code, 1 + floor(${draw(11)} * 5)::int, 'CITIZEN', r.at, ${local('r.at')}
   from dossier d join administrative_unit u on u.id = d.unit_id left join administrative_unit parent on parent.id = u.parent_id
   cross join lateral (select d.resolved_at + make_interval(days => floor(${draw(13)} * 4)::int) as at) r
   where d.resolved_at is not null and ${draw(17)} < 0.2`,
];

export async function addServiceIndexData(client: pg.ClientBase): Promise<{ payments: number; ratings: number }> {
  for (const statement of STATEMENTS) await client.query(statement);
  const { rows } = await client.query<{ payments: string; ratings: string }>(
    `select (select count(*) from payment_request) as payments, (select count(*) from dossier_rating) as ratings`);
  return { payments: Number(rows[0]!.payments), ratings: Number(rows[0]!.ratings) };
}
