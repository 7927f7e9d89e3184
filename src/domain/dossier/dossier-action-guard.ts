import type { EntityManager } from '@mikro-orm/postgresql';
import { requireActionAllowed, requireKnownDossier, type DossierAccessRef } from '../access/access-policy.js';
import type { Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import { routingRefOf, type RoutingRef } from '../routing/dossier-holder.js';
import { unitRefOf } from '../unit/unit-ref.js';
import type { DossierAction } from '../vocabulary/dossier-enums.js';
import type { DossierTransitions } from './dossier-transition.js';
import type { Dossier } from './dossier.entity.js';

/**
 * What every staff or citizen action on an existing dossier starts with, whichever service takes
 * it (lifecycle actions, transfers): the row lock, "unknown or not yours" as NOT_FOUND, the access
 * policy on the dossier's receiving unit and current holder, then the idempotency key.
 * `repeated`: the same key already did this action, and nothing more is to be done.
 */
export async function lockForAction(
  em: EntityManager,
  transitions: DossierTransitions,
  who: Actor,
  input: { dossierId: number; action: DossierAction; idempotencyKey?: string | null },
): Promise<{ dossier: Dossier; ref: DossierAccessRef & RoutingRef; repeated: boolean }> {
  const dossier = await transitions.lock(em, input.dossierId);
  const notFound = new DomainError('NOT_FOUND', ['input', 'dossierId']);
  if (!dossier) throw notFound;
  const ref = { unit: unitRefOf(dossier.unit.getEntity()), applicantCitizenId: dossier.applicantCitizenId, ...(await routingRefOf(em, dossier.id)) };
  requireKnownDossier(who, ref, notFound);
  requireActionAllowed(who, input.action, ref);
  if (input.idempotencyKey) {
    const earlier = await transitions.earlier(em, dossier, input.idempotencyKey);
    if (earlier) {
      if (earlier.action !== input.action) throw new DomainError('IDEMPOTENCY_KEY_REUSED', ['input', 'idempotencyKey']);
      return { dossier, ref, repeated: true };
    }
  }
  return { dossier, ref, repeated: false };
}
