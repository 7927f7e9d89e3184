import type { ServerResponse } from 'node:http';
import { DomainError, type DomainErrors } from '../domain/errors.js';
import { toUserErrors } from '../schema/errors.js';
import type { Language } from '../schema/messages.js';
import { sendJson } from './http-utils.js';

/**
 * The HTTP status of each refusal code that is not plain bad input (400), for every plain route
 * (exports, documents, the tracking page): one table, so that the same refusal gets the same
 * status whichever route gives it.
 */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  // The dossier is not yet where the request needs it (e.g. no receipt slip before receipt).
  DOSSIER_NOT_RECEIVED: 409,
  NO_DEADLINE_EXTENSION: 409,
  NO_PAYMENT_REQUEST: 409,
  NO_RATING_LINK: 409,
  NO_ELECTRONIC_RESULT: 409,
  // Digitization (docs/digitization.md): no result with this checksum; a recorded file absent from the store.
  RESULT_NOT_ISSUED: 404,
  DOCUMENT_FILE_MISSING: 410,
  // One-time rating links (the rating page): unknown, spent, out of date, or the dossier not rateable (yet, or again).
  RATING_LINK_INVALID: 404,
  RATING_LINK_USED: 409,
  RATING_LINK_EXPIRED: 410,
  DOSSIER_ALREADY_RATED: 409,
  RATING_NOT_YET_ALLOWED: 409,
  TOO_MANY_ATTEMPTS: 429,
};

/** The status a domain refusal is answered with on a plain HTTP route. */
export function refusalStatusOf(error: DomainError | DomainErrors): number {
  return STATUS_OF_CODE[firstOf(error).code] ?? 400;
}

/**
 * Answers a domain refusal on a JSON route: `{ error: { code, message, field, reason? } }` (the
 * first refusal, worded as GraphQL words it: `reason` names the precise problem behind a generic
 * code), with `www-authenticate: Bearer` on 401 as RFC 6750 asks.
 */
export function sendDomainRefusal(res: ServerResponse, error: DomainError | DomainErrors, lang: Language): void {
  const [first] = toUserErrors(error, lang);
  const { reason } = firstOf(error).params;
  const status = refusalStatusOf(error);
  sendJson(res, status, { error: { ...first, ...(typeof reason === 'string' ? { reason } : {}) } },
    status === 401 ? { 'www-authenticate': 'Bearer' } : {});
}

function firstOf(error: DomainError | DomainErrors): DomainError {
  return error instanceof DomainError ? error : error.errors[0]!;
}
