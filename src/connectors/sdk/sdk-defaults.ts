/**
 * The SDK's numbers, in a leaf module that imports nothing: the settings reader, the HTTP policy
 * and the backoff all need them, and taking them from connector.ts or connector-settings.ts made
 * those files import one another.
 */

/** The settings every connector has, with the SDK's value when neither the connector nor the environment sets one. */
export interface CommonSettingDefaults {
  timeoutMs: number;
  maxAttempts: number;
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  concurrency: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
}

/** The SDK's defaults for the settings every connector has; a connector may override some (`defaults`). */
export const SDK_DEFAULTS: Readonly<CommonSettingDefaults> = {
  timeoutMs: 10_000,
  maxAttempts: 10,
  retries: 2,
  backoffBaseMs: 1_000,
  backoffMaxMs: 10 * 60_000,
  concurrency: 32,
  breakerThreshold: 5,
  breakerHalfOpenMs: 30_000,
};

/** A retry inside one call never waits longer than this; a longer Retry-After is left to the outbox. */
export const IN_CALL_MAX_WAIT_MS = 2_000;
