import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the server reads from the environment, typed and checked once at start. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Public URL of this server, used in links (tracking page, QR codes). */
  publicBaseUrl: string;
  /** Allowed browser origin(s) for portals on other hosts (bearer tokens, no cookies). */
  corsOrigin: string;
  /** An existing PostgreSQL 15+; unset means the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  dbPoolMax: number;
  /** Whether the hottest statements run as named prepared statements (off for a pooler that cannot: see PreparedStatements). */
  dbPreparedStatements: boolean;
  /** Seed the demo province; always on for the embedded default. */
  seedDemo: boolean;
  /**
   * Apply the bundled list of real administrative units at start when it is not the one recorded
   * (docs/units.md); default on. Tests turn it off: each test file would otherwise import 3,355 units.
   */
  referenceUnitsImport: boolean;
  auth: {
    jwtSecret: string;
    /** True when the secret was generated for local development (then a SYSTEM_ADMIN token is printed). */
    generatedSecret: boolean;
    /** The longest lifetime (exp - iat) of a token the server accepts; a token without exp is refused. */
    maxTokenTtlSeconds: number;
  };
  logLevel: string;
  limits: {
    maxQueryDepth: number;
    maxQueryCost: number;
    maxBodyBytes: number;
    /** Memory for automatic persisted queries (hash -> query text), least recently used evicted; 0 turns APQ off. */
    persistedQueryCacheBytes: number;
  };
  /** Serve the GraphQL IDE (GraphiQL, offline assets) at /graphiql and to browsers at GET /graphql. */
  graphqlIde: boolean;
  /** Issue each resolved dossier's result as an electronic document (docs/digitization.md); off where results come from the specialized systems. */
  electronicResults: boolean;
  shutdownTimeoutMs: number;
  /**
   * The raw CONNECTOR_*, SYNC_*, RECONCILE_* and SIMULATORS_PORT variables, plus PUBLIC_BASE_URL
   * as resolved above (for links given to citizens): the connector runtime parses and checks them
   * against the registered connectors (src/connectors/sdk/connector-settings.ts), reconciliation its
   * own (src/connectors/reconciliation/reconciliation-settings.ts).
   */
  connectorEnv: Env;
  /** How long a catalogue change made by another process may stay unseen by this one. */
  catalogCacheTtlMs: number;
  /** How long the one-time rating link given with a result stays usable (docs/satisfaction.md). */
  ratingLinkTtlDays: number;
}

export class ConfigError extends Error {}

export type Env = Record<string, string | undefined>;

export function intFrom(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
}

export function flagFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1/0, true/false, yes/no or on/off (got "${raw}")`);
}

/**
 * In development without AUTH_JWT_SECRET, a secret is generated once and kept in the data folder,
 * so that tokens from `npm run token` stay valid across restarts. Production refuses to start
 * without an explicit secret.
 */
export function resolveJwtSecret(env: Env, nodeEnv: Config['env'], dataDir: string): Config['auth'] {
  const maxTokenTtlSeconds = intFrom(env, 'AUTH_TOKEN_MAX_TTL_HOURS', 720, 1) * 3600;
  const explicit = env.AUTH_JWT_SECRET;
  if (explicit) {
    if (explicit.length < 32) throw new ConfigError('AUTH_JWT_SECRET must be at least 32 characters');
    return { jwtSecret: explicit, generatedSecret: false, maxTokenTtlSeconds };
  }
  if (nodeEnv === 'production') throw new ConfigError('AUTH_JWT_SECRET is required when NODE_ENV=production');
  const file = join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return { jwtSecret: readFileSync(file, 'utf8').trim(), generatedSecret: true, maxTokenTtlSeconds };
}

/** PUBLIC_BASE_URL without a trailing slash; this server on localhost when unset (development). */
function publicBaseUrlOf(env: Env, port: number): string {
  return (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['env'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError(`NODE_ENV must be development, production or test (got "${nodeEnv}")`);
  }
  const port = intFrom(env, 'PORT', 4000);
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  const databaseUrl = env.DATABASE_URL || null;
  return {
    env: nodeEnv,
    host: env.HOST ?? '0.0.0.0',
    port,
    publicBaseUrl: publicBaseUrlOf(env, port),
    corsOrigin: env.CORS_ORIGIN ?? '*',
    databaseUrl,
    dataDir,
    embeddedPostgresPort: intFrom(env, 'EMBEDDED_PG_PORT', 54329, 1),
    dbPoolMax: intFrom(env, 'DB_POOL_MAX', 10, 1),
    dbPreparedStatements: flagFrom(env, 'DB_PREPARED_STATEMENTS', true),
    seedDemo: databaseUrl === null ? flagFrom(env, 'SEED_DEMO', true) : flagFrom(env, 'SEED_DEMO', false),
    referenceUnitsImport: flagFrom(env, 'REFERENCE_UNITS_IMPORT', true),
    auth: resolveJwtSecret(env, nodeEnv, dataDir),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    limits: {
      maxQueryDepth: intFrom(env, 'GRAPHQL_MAX_DEPTH', 12, 1),
      maxQueryCost: intFrom(env, 'GRAPHQL_MAX_COST', 20000, 1),
      maxBodyBytes: intFrom(env, 'HTTP_MAX_BODY_BYTES', 10 * 1024 * 1024, 1024),
      persistedQueryCacheBytes: intFrom(env, 'GRAPHQL_APQ_CACHE_MB', 16, 0) * 1024 * 1024,
    },
    // An IDE helps developers; production exposes none unless asked for.
    graphqlIde: flagFrom(env, 'GRAPHQL_IDE', nodeEnv !== 'production'),
    electronicResults: flagFrom(env, 'ELECTRONIC_RESULTS', true),
    shutdownTimeoutMs: intFrom(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0),
    connectorEnv: {
      ...Object.fromEntries(Object.entries(env).filter(([name]) => /^(CONNECTOR_|SYNC_|RECONCILE_|SIMULATORS_PORT$)/.test(name))),
      // Connectors that give citizens links (notifications) point them at this server.
      PUBLIC_BASE_URL: publicBaseUrlOf(env, port),
    },
    catalogCacheTtlMs: intFrom(env, 'CATALOG_CACHE_TTL_MS', 30000, 0),
    ratingLinkTtlDays: intFrom(env, 'RATING_LINK_TTL_DAYS', 30, 1),
  };
}
