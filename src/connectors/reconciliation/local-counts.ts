import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { addDays, startOfLocalDay, type LocalDate } from '../../domain/time/local-time.js';
import type { CountBasis } from '../sdk/index.js';
import type { LocalDayCodes } from './reconciliation-diff.js';

interface LocalCountQuery {
  /** The units counted (ids), each under its own code. */
  unitIds: readonly number[];
  from: LocalDate;
  to: LocalDate;
  basis: CountBasis;
  /** The connector whose procedures are counted on the HANDLED basis. */
  connector: string;
}

/**
 * What was received here per unit and local day of receipt, as distinct dossier codes, on a
 * connector's count basis (DOMAIN.md, "Specialized systems and EMC"):
 * - ONLINE_RECEIVED: dossiers filed online and received; postal and in-person never count. One row
 *   per dossier whatever its events, so a dossier that went PROCESSING twice counts once.
 * - HANDLED: every received dossier of the procedures the connector processes (Procedure.connector).
 * A dossier is counted under the unit that received it; the day is its receivedAt in Asia/Ho_Chi_Minh.
 * - TRANSFERRED: see transferredDayCodes.
 */
export async function localDayCodes(orm: MikroORM, query: LocalCountQuery): Promise<LocalDayCodes[]> {
  if (query.unitIds.length === 0) return [];
  const start = startOfLocalDay(query.from);
  const end = startOfLocalDay(addDays(query.to, 1));
  if (query.basis === 'TRANSFERRED') return transferredDayCodes(orm, query, start, end);
  const basis = query.basis === 'ONLINE_RECEIVED'
    ? sql`d.channel = 'ONLINE'`
    : sql`d.procedure_id in (select id from procedure where connector = ${query.connector})`;
  const { rows } = await sql<{ unit_code: string; day: string; codes: string[] }>`
    select u.code as unit_code, to_char((d.received_at at time zone 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') as day,
      array_agg(d.code order by d.code) as codes
    from dossier d join administrative_unit u on u.id = d.unit_id
    where d.unit_id = any(${[...query.unitIds]}::bigint[]) and d.received_at is not null
      and d.received_at >= ${start} and d.received_at < ${end} and ${basis}
    group by 1, 2`.execute(orm.em.fork().getKysely());
  return rows.map((r) => ({ unitCode: r.unit_code, date: r.day, codes: r.codes }));
}

/**
 * What was handed over to agencies that work in the connector's system (docs/routing.md): the
 * dossiers transferred to a unit whose connector it is, under that unit (not the receiving one)
 * and by the local day of the transfer, once per dossier and day.
 */
async function transferredDayCodes(orm: MikroORM, query: LocalCountQuery, start: Date, end: Date): Promise<LocalDayCodes[]> {
  const { rows } = await sql<{ unit_code: string; day: string; codes: string[] }>`
    select u.code as unit_code, to_char((s.started_at at time zone 'Asia/Ho_Chi_Minh')::date, 'YYYY-MM-DD') as day,
      array_agg(distinct d.code order by d.code) as codes
    from dossier_step s join dossier d on d.id = s.dossier_id join administrative_unit u on u.id = s.holder_unit_id
    join dossier_step p on p.dossier_id = s.dossier_id and p.seq = s.seq - 1 and p.end_action = 'TRANSFER'
    where s.holder_unit_id = any(${[...query.unitIds]}::bigint[]) and u.connector = ${query.connector}
      and s.started_at >= ${start} and s.started_at < ${end}
    group by 1, 2`.execute(orm.em.fork().getKysely());
  return rows.map((r) => ({ unitCode: r.unit_code, date: r.day, codes: r.codes }));
}
