import { randomBytes } from 'node:crypto';
import { startSimulators } from '../../simulators/index.js';
import { flagFrom, type Env } from '../config.js';
import type { Logger } from '../logger.js';
import type { Connector } from './sdk/connector.js';
import { envKeyOf, loadSyncSettings } from './sdk/connector-settings.js';

/** The site id EMC connectors use against the bundled simulator when none is configured. */
export const SIMULATOR_EMC_SITE_ID = 'motcua-sim';

export interface BundledSimulators {
  urls: Record<string, string>;
  /** Options that only make sense against the simulators (EMC's site id, imported history). */
  options: Record<string, Record<string, string>>;
  /** Tells the simulated payment platform where this server takes its notifications (once the API listens). */
  bindApi(apiUrl: string): void;
  stop(): Promise<void>;
}

/**
 * On the embedded default (no DATABASE_URL) the whole system works out of the box: connectors that
 * are enabled and have no CONNECTOR_<KEY>_URL talk to simulators started in this process
 * (SIMULATORS_PORT, default any free port; SIM_* variables apply). Never with a real database:
 * there a missing URL is a configuration problem an operator must see.
 */
export async function startBundledSimulators(
  connectors: readonly Connector[],
  env: Env,
  logger: Logger,
): Promise<BundledSimulators | null> {
  const missing = connectors.filter((c) => {
    const prefix = `CONNECTOR_${envKeyOf(c.key)}_`;
    return flagFrom(env, `${prefix}ENABLED`, true) && !env[`${prefix}URL`];
  });
  if (missing.length === 0) return null;
  const port = loadSyncSettings(env).simulatorsPort;
  let started: { urls: Record<string, string>; url: string; stop: () => Promise<void> };
  // The simulated payment platform signs with a secret made for this process, unless one is set.
  const paymentSecret = env.CONNECTOR_PAYMENT_SECRET ?? randomBytes(24).toString('hex');
  let bindApi = (_apiUrl: string) => {};
  try {
    const simulators = await startSimulators({ port, logger: logger.child({ component: 'simulators' }), settings: { payment: { secret: paymentSecret } } });
    started = { urls: simulators.urls, url: simulators.url, stop: () => simulators.stop() };
    bindApi = (apiUrl) => simulators.systems.payment.setSettings({ notifyUrl: `${apiUrl}/connectors/payment/notify` });
  } catch (error) {
    // A fixed SIMULATORS_PORT already taken by the simulators of another process on this machine
    // (`npm run serve` beside `npm run worker`): share them, so both see the same remote state.
    const shared = (error as { code?: string }).code === 'EADDRINUSE' ? await runningSimulatorsAt(port) : null;
    if (!shared) throw error;
    started = { urls: shared, url: `http://127.0.0.1:${port}`, stop: async () => {} };
  }
  const urls: Record<string, string> = {};
  for (const connector of missing) {
    const url = started.urls[connector.key];
    if (url) urls[connector.key] = url;
  }
  logger.info({ simulators: started.url, connectors: Object.keys(urls) }, 'connectors without a URL talk to the bundled simulators');
  // The demo's seeded history stands for this center's own past, not a legacy system's: the
  // simulated EMC gets it too (unless asked otherwise), so that a reconciliation out of the box
  // compares like with like.
  const includeImported = flagFrom(env, 'CONNECTOR_EMC_INCLUDE_IMPORTED', true) ? '1' : '0';
  return {
    urls,
    options: { emc: { siteId: SIMULATOR_EMC_SITE_ID, includeImported }, payment: { secret: paymentSecret } },
    bindApi,
    stop: started.stop,
  };
}

/** The system URLs of simulators already listening on this port, or null when something else is there. */
async function runningSimulatorsAt(port: number): Promise<Record<string, string> | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2_000) });
    const body = (await response.json()) as { systems?: Record<string, string> };
    return response.ok && body.systems ? body.systems : null;
  } catch {
    return null;
  }
}
