/**
 * Every failure of a remote call falls in one of three classes (the Airbyte connector kit's
 * taxonomy), because each needs a different reaction:
 * - TRANSIENT: the network's or the remote's fault (timeouts, connection errors, 5xx, 429, a
 *   garbled answer). Retried with backoff; DEAD only after the maximum number of attempts.
 * - CONFIG: our side is misconfigured (no URL, no site id, a token the remote refuses, a path the
 *   remote does not have). Retrying cannot help: the connector stops delivering and tells the
 *   operator; records wait, nothing is lost.
 * - REMOTE_REJECTED: the remote understood and refused this particular delivery (4xx). Retrying
 *   the same body would be refused again: the record is DEAD with the reason, for a person.
 */
export enum ErrorClass {
  TRANSIENT = 'TRANSIENT',
  CONFIG = 'CONFIG',
  REMOTE_REJECTED = 'REMOTE_REJECTED',
}

export class ConnectorError extends Error {
  readonly errorClass: ErrorClass;
  readonly httpStatus: number | null;
  /** The remote asked us to wait this long (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;
  /** True when the failure says the remote is unwell (counts toward opening the circuit). */
  readonly remoteUnwell: boolean;

  constructor(
    errorClass: ErrorClass,
    message: string,
    details: { httpStatus?: number | null; retryAfterMs?: number | null; remoteUnwell?: boolean } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
    this.errorClass = errorClass;
    this.httpStatus = details.httpStatus ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.remoteUnwell = details.remoteUnwell ?? errorClass === ErrorClass.TRANSIENT;
  }
}

/** Statuses that mean "we are misconfigured": refused credentials, or an endpoint that does not exist at this URL. */
const CONFIG_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 405, 407]);
/** 4xx statuses that are about timing, not about the request: try again later. */
const TRANSIENT_CLIENT_STATUSES: ReadonlySet<number> = new Set([408, 425, 429]);

/**
 * Classifies an HTTP status that is not a success (X-Road's rule: a 5xx is the network's or the
 * remote's fault, a 4xx the caller's).
 */
export function classifyStatus(status: number): ErrorClass {
  if (status >= 500) return ErrorClass.TRANSIENT;
  if (TRANSIENT_CLIENT_STATUSES.has(status)) return ErrorClass.TRANSIENT;
  if (CONFIG_STATUSES.has(status)) return ErrorClass.CONFIG;
  if (status >= 400) return ErrorClass.REMOTE_REJECTED;
  // 1xx/3xx reaching us means a redirect we do not follow: the URL is wrong.
  return ErrorClass.CONFIG;
}

/** Any thrown value as a ConnectorError: unexpected errors count as TRANSIENT (retried, then DEAD). */
export function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const name = error instanceof Error ? error.name : typeof error;
  return new ConnectorError(ErrorClass.TRANSIENT, `unexpected ${name} in the adapter`);
}

/** Parses Retry-After (delta seconds or an HTTP date) into milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}
