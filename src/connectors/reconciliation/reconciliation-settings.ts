import { ConfigError, flagFrom, intFrom, type Env } from '../../config.js';

/** How reconciliation runs: the nightly schedule, the follow-up delay, the longest period asked by hand. */
export interface ReconciliationSettings {
  /** RECONCILE_ENABLED: the nightly run (manual reconciliation works either way). */
  enabled: boolean;
  /** RECONCILE_CRON: pg-boss cron, evaluated in Asia/Ho_Chi_Minh. */
  cron: string;
  /** RECONCILE_DAYS: the nightly run covers this many days ending yesterday. */
  days: number;
  /** RECONCILE_FOLLOW_UP_DELAY_SECONDS: how long re-sent deliveries get (retries included) before the follow-up checks them. */
  followUpDelaySeconds: number;
  /** RECONCILE_MAX_DAYS: the longest period one reconciliation may cover. */
  maxDays: number;
}

/** 01:30 local: after midnight (yesterday is complete) and before the working day. */
export const DEFAULT_RECONCILE_CRON = '30 1 * * *';

const CRON_FIELD = /^[\d*/,\-A-Za-z?LW#]+$/;

/**
 * Reads RECONCILE_* (see docs/reconciliation.md). The cron's shape is checked here so that a typo
 * stops the start with the variable's name; pg-boss checks its meaning when the schedule is registered.
 */
export function loadReconciliationSettings(env: Env): ReconciliationSettings {
  const cron = (env.RECONCILE_CRON ?? '').trim() || DEFAULT_RECONCILE_CRON;
  const fields = cron.split(/\s+/);
  if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new ConfigError(`RECONCILE_CRON must be a cron expression of 5 or 6 fields, e.g. "${DEFAULT_RECONCILE_CRON}" (got "${cron}")`);
  }
  const maxDays = intFrom(env, 'RECONCILE_MAX_DAYS', 93, 1);
  const days = intFrom(env, 'RECONCILE_DAYS', 7, 1);
  if (days > maxDays) throw new ConfigError(`RECONCILE_DAYS (${days}) must not exceed RECONCILE_MAX_DAYS (${maxDays})`);
  return {
    enabled: flagFrom(env, 'RECONCILE_ENABLED', true),
    cron,
    days,
    followUpDelaySeconds: intFrom(env, 'RECONCILE_FOLLOW_UP_DELAY_SECONDS', 1800, 1),
    maxDays,
  };
}
