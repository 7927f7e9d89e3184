import { DomainError } from '../errors.js';
import { DossierAction } from '../dossier/dossier-enums.js';
import { Role, type Actor } from './actor.js';

/**
 * Who may do what, in one place (ARCHITECTURE.md, "Security"). A scope rooted at a province covers
 * the province's own center and all its communes; a scope rooted at a commune covers that commune.
 * Every refusal is DomainError FORBIDDEN (UNAUTHENTICATED when nobody is signed in).
 */
export interface UnitRef {
  code: string;
  parentCode: string | null;
}

type Capability =
  | 'readDossiers'
  | 'actOnDossiers'
  | 'receiveDossiers'
  | 'importDossiers'
  | 'manageUnits'
  | 'manageProcedures'
  | 'manageCalendar'
  | 'readStatistics'
  | 'manageConnectors';

const R = Role;
const CAPABILITIES: Readonly<Record<Capability, readonly Role[]>> = {
  readDossiers: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.OFFICER, R.LEADER, R.STATISTICIAN],
  actOnDossiers: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.OFFICER, R.LEADER],
  receiveDossiers: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.OFFICER, R.LEADER, R.CITIZEN],
  importDossiers: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.INTEGRATOR],
  manageUnits: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN],
  manageProcedures: [R.SYSTEM_ADMIN],
  manageCalendar: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN],
  readStatistics: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.LEADER, R.STATISTICIAN],
  manageConnectors: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN, R.INTEGRATOR],
};

/** Actions a citizen may take on their own dossier from the portal. */
const CITIZEN_ACTIONS: ReadonlySet<DossierAction> = new Set([DossierAction.WITHDRAW, DossierAction.SUBMIT_SUPPLEMENT]);

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new DomainError('UNAUTHENTICATED');
  return actor;
}

export function hasCapability(actor: Actor | null, capability: Capability): boolean {
  return actor !== null && CAPABILITIES[capability].includes(actor.role);
}

/** The actor, if it has the capability; otherwise UNAUTHENTICATED or FORBIDDEN. */
export function requireCapability(actor: Actor | null, capability: Capability): Actor {
  const who = requireActor(actor);
  if (!hasCapability(who, capability)) throw new DomainError('FORBIDDEN');
  return who;
}

/** True when the unit lies in the actor's scope. */
export function coversUnit(actor: Actor, unit: UnitRef): boolean {
  if (actor.role === Role.SYSTEM_ADMIN) return true;
  if (!actor.unitCode) return false;
  return unit.code === actor.unitCode || unit.parentCode === actor.unitCode;
}

export function requireUnitInScope(actor: Actor, unit: UnitRef, field?: readonly string[]): void {
  if (!coversUnit(actor, unit)) throw new DomainError('FORBIDDEN', field);
}

/** May this actor read this dossier? Staff within scope, or the applicant themself. */
export function canReadDossier(actor: Actor, dossier: { unit: UnitRef; applicantCitizenId: string }): boolean {
  if (actor.role === Role.CITIZEN) return actor.sub === dossier.applicantCitizenId;
  return hasCapability(actor, 'readDossiers') && coversUnit(actor, dossier.unit);
}

/**
 * A dossier the actor may not read answers as one that does not exist (`notFound`: the very refusal
 * an unknown code or id gets): a FORBIDDEN would confirm to anyone that the code exists.
 */
export function requireKnownDossier(
  actor: Actor,
  dossier: { unit: UnitRef; applicantCitizenId: string },
  notFound: DomainError,
): void {
  if (!canReadDossier(actor, dossier)) throw notFound;
}

/** May this actor take this action on this dossier? Throws FORBIDDEN with the reason's field. */
export function requireActionAllowed(
  actor: Actor,
  action: DossierAction,
  dossier: { unit: UnitRef; applicantCitizenId: string },
): void {
  if (actor.role === Role.CITIZEN) {
    if (actor.sub !== dossier.applicantCitizenId || !CITIZEN_ACTIONS.has(action)) {
      throw new DomainError('FORBIDDEN', ['input', 'action']);
    }
    return;
  }
  requireCapability(actor, 'actOnDossiers');
  requireUnitInScope(actor, dossier.unit, ['input', 'dossierId']);
  // An apology with a new date is signed by the unit's leader.
  if (action === DossierAction.EXTEND_DEADLINE && actor.role !== Role.LEADER) {
    throw new DomainError('FORBIDDEN', ['input', 'action'], { reason: 'LEADER_ONLY' });
  }
}

/**
 * Applicant data in clear is for staff of the dossier's own unit and for the applicant; everyone
 * else (other units, the province, administrators, the public) sees it masked.
 */
export function seesPersonalData(actor: Actor | null, dossier: { unit: UnitRef; applicantCitizenId: string }): boolean {
  if (!actor) return false;
  if (actor.role === Role.CITIZEN) return actor.sub === dossier.applicantCitizenId;
  const unitStaff = actor.role === Role.OFFICER || actor.role === Role.LEADER || actor.role === Role.STATISTICIAN;
  return unitStaff && actor.unitCode === dossier.unit.code;
}
