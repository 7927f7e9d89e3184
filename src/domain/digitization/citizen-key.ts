import { createHmac } from 'node:crypto';

/**
 * The key that links a citizen's digitized documents across dossiers without the citizen id in
 * clear in `digitized_document`: HMAC-SHA256 of the id under a key derived from the server's
 * secret. A copy of the table alone cannot be joined to people (unlike a plain hash, which a
 * list of the 12-digit ids would reverse). Rotating AUTH_JWT_SECRET changes every key: documents
 * stay with their dossiers but are no longer offered for reuse (docs/digitization.md).
 */
export function citizenKeySecretOf(serverSecret: string): string {
  return createHmac('sha256', serverSecret).update('motcua:digitization:citizen-key').digest('hex');
}

export function citizenKeyOf(secret: string, citizenId: string): string {
  return createHmac('sha256', secret).update(`citizen:${citizenId}`).digest('hex');
}
