import type { CommonSettingDefaults } from './sdk-defaults.js';

/** A Retry-After longer than a day is treated as a day: a remote's typo must not park a record for a year. */
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/**
 * The one backoff rule of every connector, used both between tries inside a call and between
 * outbox attempts: exponential (base x 2^(attempt-1), capped), with "equal jitter" (a uniformly
 * random wait in [ceiling/2, ceiling]) so that workers retrying after an outage do not hit the
 * remote all at once, yet never retry at once; and never sooner than the remote's Retry-After.
 */
export function backoffDelay(
  attempt: number,
  settings: Pick<CommonSettingDefaults, 'backoffBaseMs' | 'backoffMaxMs'>,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
