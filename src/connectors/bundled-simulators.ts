import { startSimulators } from '../../simulators/index.js';
import type { Env } from '../config.js';
import type { Logger } from '../logger.js';
import type { Connector } from './sdk/connector.js';
import { envKeyOf } from './sdk/connector-settings.js';

/** The site id EMC connectors use against the bundled simulator when none is configured. */
export const SIMULATOR_EMC_SITE_ID = 'motcua-sim';

export interface BundledSimulators {
  urls: Record<string, string>;
  /** Options that only make sense against the simulators (EMC's site id). */
  options: Record<string, Record<string, string>>;
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
    const enabled = !['0', 'false', 'no', 'off'].includes((env[`${prefix}ENABLED`] ?? '').toLowerCase());
    return enabled && !env[`${prefix}URL`];
  });
  if (missing.length === 0) return null;
  const port = Number(env.SIMULATORS_PORT ?? 0);
  const simulators = await startSimulators({ port: Number.isInteger(port) ? port : 0, logger: logger.child({ component: 'simulators' }) });
  const urls: Record<string, string> = {};
  for (const connector of missing) {
    const url = (simulators.urls as Record<string, string | undefined>)[connector.key];
    if (url) urls[connector.key] = url;
  }
  logger.info({ simulators: simulators.url, connectors: Object.keys(urls) }, 'connectors without a URL talk to the bundled simulators');
  return {
    urls,
    options: { emc: { siteId: SIMULATOR_EMC_SITE_ID } },
    stop: () => simulators.stop(),
  };
}
