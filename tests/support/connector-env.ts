import { SYSTEM_NAMES, type RunningSimulators } from '../../simulators/index.js';
import { envKeyOf } from '../../src/connectors/sdk/connector-settings.js';

/** Short waits everywhere, so that retries, leases and circuits play out in a test's seconds. */
const FAST_SYNC_ENV: Record<string, string> = {
  SYNC_POLL_INTERVAL_MS: '50',
  SYNC_CONFIG_RECHECK_MS: '200',
};

const FAST_CONNECTOR_SETTINGS: Record<string, string> = {
  BACKOFF_BASE_MS: '20',
  BACKOFF_MAX_MS: '300',
  BREAKER_HALF_OPEN_MS: '200',
  TIMEOUT_MS: '2000',
};

/** The environment that points every connector at the simulators, with fast settings; `overrides` win. */
export function simulatorEnv(sims: RunningSimulators, overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { ...FAST_SYNC_ENV, CONNECTOR_EMC_SITE_ID: '51=QNG-SIM,79=HCM-SIM' };
  for (const key of SYSTEM_NAMES) {
    const prefix = `CONNECTOR_${envKeyOf(key)}_`;
    env[`${prefix}URL`] = sims.urls[key];
    for (const [name, value] of Object.entries(FAST_CONNECTOR_SETTINGS)) env[`${prefix}${name}`] = value;
  }
  return { ...env, ...overrides };
}
