/** Who is asking: the claims of a verified bearer token, or nobody. */
export enum Role {
  SYSTEM_ADMIN = 'SYSTEM_ADMIN',
  PROVINCE_ADMIN = 'PROVINCE_ADMIN',
  OFFICER = 'OFFICER',
  LEADER = 'LEADER',
  STATISTICIAN = 'STATISTICIAN',
  INTEGRATOR = 'INTEGRATOR',
  CITIZEN = 'CITIZEN',
}

export interface Actor {
  /** Staff id, integration id, or for a CITIZEN the citizen id (as a VNeID login gives). */
  sub: string;
  role: Role;
  /** The unit the actor's scope is rooted at; null only for SYSTEM_ADMIN and CITIZEN. */
  unitCode: string | null;
}

/** Roles whose tokens must carry a `unit` claim. */
export const UNIT_SCOPED_ROLES: ReadonlySet<Role> = new Set([
  Role.PROVINCE_ADMIN,
  Role.OFFICER,
  Role.LEADER,
  Role.STATISTICIAN,
  Role.INTEGRATOR,
]);

export function isStaff(actor: Actor | null): actor is Actor {
  return actor !== null && actor.role !== Role.CITIZEN;
}
