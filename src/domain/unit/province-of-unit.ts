import { sql, type RawBuilder } from 'kysely';

/**
 * SQL for the id of the province a unit belongs to (the unit itself when it is a province), walking
 * up the parents: departments and center branches may sit under a commune, two levels down.
 */
export function provinceIdOfUnitId(unitId: number | RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(with recursive up as (
      select id, parent_id, kind from administrative_unit where id = ${unitId}
      union all
      select u.id, u.parent_id, u.kind from administrative_unit u join up on u.id = up.parent_id)
    select id from up where kind in ('PROVINCE', 'CITY') limit 1)`;
}

/** Like provinceIdOfUnitId, from a unit code. */
export function provinceIdOfUnitCode(unitCode: string): RawBuilder<number> {
  return provinceIdOfUnitId(sql`(select id from administrative_unit where code = ${unitCode})`);
}
