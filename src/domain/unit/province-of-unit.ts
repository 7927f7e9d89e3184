import { sql, type RawBuilder } from 'kysely';

/**
 * SQL for the id of the province a unit belongs to (the unit itself when it is a province), from
 * the row's province_code (administrative-unit.entity.ts): no walk up the parents, even for a
 * department or branch two levels down.
 */
export function provinceIdOfUnitId(unitId: number | RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(select p.id from administrative_unit u join administrative_unit p on p.code = u.province_code
    where u.id = ${unitId})`;
}

/** Like provinceIdOfUnitId, from a unit code. */
export function provinceIdOfUnitCode(unitCode: string): RawBuilder<number> {
  return sql<number>`(select p.id from administrative_unit u join administrative_unit p on p.code = u.province_code
    where u.code = ${unitCode})`;
}
