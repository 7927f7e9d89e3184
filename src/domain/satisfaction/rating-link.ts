import { createHash, createHmac, randomBytes } from 'node:crypto';

/** How a one-time rating link is made and checked, and how long it lives. */
export interface RatingLinkSettings {
  /** The server's secret (AUTH_JWT_SECRET): tokens are derived from it and a random nonce. */
  key: string;
  ttlDays: number;
  /** Where the citizen opens it: {publicBaseUrl}/danh-gia?token=... */
  publicBaseUrl: string;
}

/** A fresh random nonce for a dossier's link. */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The link's token: HMAC of the dossier and its random nonce under the server's secret. Derived
 * rather than stored so that staff can be shown the link again (to print it on the result, or
 * send it by SMS) while the database holds only its hash: a copy of the database alone opens no link.
 */
export function ratingTokenOf(key: string, dossierId: number, nonce: string): string {
  return createHmac('sha256', key).update(`rating-link:${dossierId}:${nonce}`).digest('base64url').slice(0, 32);
}

export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function ratingUrlOf(settings: RatingLinkSettings, token: string): string {
  return `${settings.publicBaseUrl}/danh-gia?token=${token}`;
}
