import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { UnitRef } from '../access/access-policy.js';

/**
 * The SQL that gives, for the dossier row `d`, every unit that held it (from its steps) as UnitRefs:
 * shared by the read side (DossierRow.holders) and the write side (routingRefOf), so that reading
 * and acting are judged on the same facts.
 */
export const HOLDERS_SQL = sql`(select coalesce(jsonb_agg(jsonb_build_object('code', su.code, 'parentCode', sp.code, 'provinceCode', su.province_code)), '[]'::jsonb)
    from (select distinct holder_unit_id from dossier_step where dossier_id = d.id) s
    join administrative_unit su on su.id = s.holder_unit_id left join administrative_unit sp on sp.id = su.parent_id)`;

/** The current holder's ref columns, from `hu` / `hp` (see HOLDER_JOIN). */
export const HOLDER_COLUMNS = sql`d.holder_unit_id, hu.code as holder_code, hp.code as holder_parent_code, hu.province_code as holder_province_code, d.assignee`;

/** Joins the current holder (null until the first transfer: the receiving unit holds it). */
export const HOLDER_JOIN = sql`left join administrative_unit hu on hu.id = d.holder_unit_id left join administrative_unit hp on hp.id = hu.parent_id`;

export interface HolderColumns {
  holder_unit_id: string | null;
  holder_code: string | null;
  holder_parent_code: string | null;
  holder_province_code: string | null;
  assignee: string | null;
  holders: UnitRef[] | null;
}

/** The routing part of a dossier's access ref, from the holder columns of a row. */
export function holderRefOf(r: HolderColumns): RoutingRef {
  const holder = r.holder_code ? { code: r.holder_code, parentCode: r.holder_parent_code, provinceCode: r.holder_province_code! } : null;
  return { holder, holders: r.holders ?? [], assignee: r.assignee };
}

/** Who holds a dossier now, who held it, and the officer it is assigned to. */
export interface RoutingRef {
  holder: UnitRef | null;
  holders: UnitRef[];
  assignee: string | null;
}

/** The routing part of the access ref of a dossier, read in the caller's transaction (after its row lock). */
export async function routingRefOf(em: EntityManager, dossierId: number): Promise<RoutingRef> {
  const { rows } = await sql<HolderColumns>`select ${HOLDER_COLUMNS}, ${HOLDERS_SQL} as holders
    from dossier d ${HOLDER_JOIN} where d.id = ${dossierId}`.execute(em.getKysely());
  return rows[0] ? holderRefOf(rows[0]) : { holder: null, holders: [], assignee: null };
}
