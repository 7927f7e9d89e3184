import { loadConfig, type Config } from '../../src/config.js';
import { CONNECTORS } from '../../src/connectors/registry.js';
import { envKeyOf } from '../../src/connectors/sdk/connector-settings.js';

/** The signing secret of every benchmark server (tokens are minted with it). */
export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

/** Every built-in connector switched off: for benchmarks that measure something else. */
export function connectorsOff(): Record<string, string> {
  return Object.fromEntries(CONNECTORS.map((c) => [`CONNECTOR_${envKeyOf(c.key)}_ENABLED`, '0']));
}

/**
 * The configuration a benchmark server runs with: production settings on the given database,
 * listening on a free loopback port, quiet logs, no demo data unless asked (no data folder: the
 * database is given and the secret too);
 * `env` adds or overrides (connector URLs, SEED_DEMO, ...).
 */
export function benchConfig(databaseUrl: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: BENCH_JWT_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...env,
  });
}
