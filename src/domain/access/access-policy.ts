import { DomainError } from '../errors.js';
import { DossierAction } from '../vocabulary/dossier-enums.js';
import { Role, type Actor } from './actor.js';

/**
 * Who may do what, in one place (ARCHITECTURE.md, "Security"). A scope rooted at a province covers
 * the province's own center, all its communes and the departments and branches under either; a
 * scope rooted at a commune covers that commune and the departments and branches under it.
 * Every refusal is DomainError FORBIDDEN (UNAUTHENTICATED when nobody is signed in).
 */
export interface UnitRef {
  code: string;
  parentCode: string | null;
  /** The province-level unit the unit belongs to (its own code for a province). */
  provinceCode: string;
}

type Capability =
  | 'readDossiers'
  | 'actOnDossiers'
  | 'receiveDossiers'
  | 'importDossiers'
  | 'manageUnits'
  | 'manageProcedures'
  | 'manageProvinceProcedures'
  | 'manageCalendar'
  | 'manageProvinceCalendar'
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
  /** A province's own processing times (its decision announcing the procedures). */
  manageProvinceProcedures: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN],
  /** The national calendar; a province's overlay and its centers' hours are 'manageProvinceCalendar'. */
  manageCalendar: [R.SYSTEM_ADMIN],
  manageProvinceCalendar: [R.SYSTEM_ADMIN, R.PROVINCE_ADMIN],
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
  return unit.code === actor.unitCode || unit.parentCode === actor.unitCode || unit.provinceCode === actor.unitCode;
}

export function requireUnitInScope(actor: Actor, unit: UnitRef, field?: readonly string[]): void {
  if (!coversUnit(actor, unit)) throw new DomainError('FORBIDDEN', field);
}

/**
 * What the policy knows of a dossier. `holder` is the unit that has it now and `holders` every
 * unit that had it (docs/routing.md); absent or null, the receiving unit holds it and always has.
 */
export interface DossierAccessRef {
  unit: UnitRef;
  applicantCitizenId: string;
  holder?: UnitRef | null;
  holders?: readonly UnitRef[];
}

/**
 * May this actor read this dossier? Staff whose scope covers the receiving unit (it follows its
 * dossiers to the end) or a unit that holds or held it, or the applicant themself.
 */
export function canReadDossier(actor: Actor, dossier: DossierAccessRef): boolean {
  if (actor.role === Role.CITIZEN) return actor.sub === dossier.applicantCitizenId;
  if (!hasCapability(actor, 'readDossiers')) return false;
  return coversUnit(actor, dossier.unit) || (dossier.holders ?? []).some((u) => coversUnit(actor, u));
}

/** The unit whose staff act on the dossier now: its holder, the receiving unit until a transfer. */
export function currentHolderOf(dossier: DossierAccessRef): UnitRef {
  return dossier.holder ?? dossier.unit;
}

/**
 * A dossier the actor may not read answers as one that does not exist (`notFound`: the very refusal
 * an unknown code or id gets): a FORBIDDEN would confirm to anyone that the code exists.
 */
export function requireKnownDossier(
  actor: Actor,
  dossier: DossierAccessRef,
  notFound: DomainError,
): void {
  if (!canReadDossier(actor, dossier)) throw notFound;
}

/**
 * May this actor take this action on this dossier? Throws FORBIDDEN with the reason's field, or
 * NOT_HOLDER when the actor may read the dossier but another unit holds it now (only the holder acts).
 */
export function requireActionAllowed(
  actor: Actor,
  action: DossierAction,
  dossier: DossierAccessRef,
): void {
  if (actor.role === Role.CITIZEN) {
    if (actor.sub !== dossier.applicantCitizenId || !CITIZEN_ACTIONS.has(action)) {
      throw new DomainError('FORBIDDEN', ['input', 'action']);
    }
    return;
  }
  requireCapability(actor, 'actOnDossiers');
  const holder = currentHolderOf(dossier);
  if (!coversUnit(actor, holder)) {
    if (canReadDossier(actor, dossier)) throw new DomainError('NOT_HOLDER', ['input', 'dossierId'], { holder: holder.code });
    throw new DomainError('FORBIDDEN', ['input', 'dossierId']);
  }
  // An apology with a new date is signed by the unit's leader.
  if (action === DossierAction.EXTEND_DEADLINE && actor.role !== Role.LEADER) {
    throw new DomainError('FORBIDDEN', ['input', 'action'], { reason: 'LEADER_ONLY' });
  }
}

/**
 * Applicant data in clear is for staff of the dossier's own unit, of the unit that holds it now
 * (the agency deciding it needs the applicant), and for the applicant; everyone else (other units,
 * past holders, the province, administrators, the public) sees it masked.
 */
export function seesPersonalData(actor: Actor | null, dossier: DossierAccessRef): boolean {
  if (!actor) return false;
  if (actor.role === Role.CITIZEN) return actor.sub === dossier.applicantCitizenId;
  const unitStaff = actor.role === Role.OFFICER || actor.role === Role.LEADER || actor.role === Role.STATISTICIAN;
  return unitStaff && (actor.unitCode === dossier.unit.code || actor.unitCode === currentHolderOf(dossier).code);
}
