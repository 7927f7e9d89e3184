import { DossierStatus } from '../../domain/vocabulary/dossier-enums.js';
import type { DossierSyncEvent } from './connector.js';

/**
 * Small rules adapters share when they decide what to deliver. Kept here so that "a dossier was
 * received" means the same thing for every connector.
 */

/** The change by which the dossier was received: in-person or postal intake, or ACCEPT of an online filing (not EXTEND_DEADLINE in RECEIVED). */
export function isReception(event: DossierSyncEvent): boolean {
  return event.status === DossierStatus.RECEIVED && event.fromStatus !== DossierStatus.RECEIVED;
}

/** The default idempotency key: one delivery per change (`{code}:{status}:{event sequence}`). */
export function perChangeKey(event: DossierSyncEvent): string {
  return `${event.dossierCode}:${event.status}:${event.seq}`;
}

/**
 * A key for "once per dossier and this status" (`{code}:{status}:1`): however often the dossier
 * reaches that status again, the outbox keeps only the first delivery.
 */
export function oncePerStatusKey(event: DossierSyncEvent, status: string = event.status): string {
  return `${event.dossierCode}:${status}:1`;
}
