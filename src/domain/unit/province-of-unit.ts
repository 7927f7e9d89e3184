import { sql, type RawBuilder } from 'kysely';

/**
 * SQL for the id of the province a unit belongs to (the unit itself when it is a province): every
 * unit carries its province's code (`province_code`), departments and branches under a commune too.
 */
export function provinceIdOfUnitId(unitId: number | RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(select p.id from administrative_unit u join administrative_unit p on p.code = u.province_code where u.id = ${unitId})`;
}
