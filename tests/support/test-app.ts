import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { startApplication, type RunningApplication } from '../../src/application.js';
import { signToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { Role, type Actor } from '../../src/domain/access/actor.js';
import type { Clock } from '../../src/domain/time/clock.js';
import { createLogger } from '../../src/logger.js';
import { DEMO_PROCEDURES, DEMO_UNITS } from '../../src/db/seed/demo-catalog.js';
import { createTestDatabase, dropTestDatabase } from './database.js';

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const ADMIN: Actor = { sub: 'test-admin', role: Role.SYSTEM_ADMIN, unitCode: null };

export interface GraphQLResult<T = Record<string, any>> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: Record<string, any>; path?: unknown[] }[] };
}

export interface TestApp {
  app: RunningApplication;
  url: string;
  databaseUrl: string;
  /** Every log line the application wrote, as parsed JSON. */
  logs: string[];
  /** The app's DATA_DIR: a fresh temporary folder unless `env` gives one (digitized documents and results are stored under it). */
  dataDir: string;
  token(role: Role, unit?: string | null, sub?: string): Promise<string>;
  /** Runs SQL directly against the test database (for checks the API does not expose). */
  sql<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

/**
 * The whole server over a fresh database, listening on a free port: tests talk to it over HTTP
 * exactly as portals do. `catalog: true` loads the demo units and procedures (no dossiers).
 * `databaseUrl`: start on another test app's database instead (a restart with other settings);
 * stop() drops it as usual. VNeID is off unless `env` gives it a URL (simulatorEnv does): without
 * one it could answer no identity check, and online filings of FULL procedures could never be accepted.
 */
export async function startTestApp(
  options: {
    clock?: Clock;
    catalog?: boolean;
    logLevel?: string;
    workers?: boolean;
    env?: Record<string, string>;
    databaseUrl?: string;
    /** Apply the real administrative units at start, as production does (off: ~50 files would each import 3,355 units). */
    referenceUnits?: boolean;
  } = {},
): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  // Files the server stores (docs/digitization.md) go to a folder of this app, removed at stop.
  const ownDataDir = options.env?.DATA_DIR ? null : mkdtempSync(join(tmpdir(), 'motcua-test-data-'));
  const config = loadConfig({
    DATA_DIR: ownDataDir ?? options.env!.DATA_DIR!,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    SEED_DEMO: '0',
    REFERENCE_UNITS_IMPORT: options.referenceUnits ? '1' : '0',
    LOG_LEVEL: options.logLevel ?? 'info',
    SHUTDOWN_TIMEOUT_MS: '2000',
    ...(options.env?.CONNECTOR_VNEID_URL ? {} : { CONNECTOR_VNEID_ENABLED: '0' }),
    ...options.env,
  });
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ level: config.logLevel, destination });
  const app = await startApplication(config, logger, { api: true, workers: options.workers ?? false, clock: options.clock });
  if (options.catalog) {
    await app.services.units.upsert(ADMIN, DEMO_UNITS);
    await app.services.procedures.upsert(ADMIN, DEMO_PROCEDURES);
  }
  const url = app.url!;
  return {
    app,
    url,
    databaseUrl,
    logs,
    dataDir: config.dataDir,
    token: (role, unit = null, sub) =>
      signToken(TEST_JWT_SECRET, { sub: sub ?? `${role.toLowerCase()}-${unit ?? 'all'}`, role, unit }),
    async gql<T>(query: string, variables?: Record<string, unknown>, opts: { token?: string; headers?: Record<string, string> } = {}): Promise<GraphQLResult<T>> {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as never };
    },
    async sql<R>(text: string, params: unknown[] = []) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    async stop() {
      await app.stop();
      await dropTestDatabase(databaseUrl);
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}

/** The data of a GraphQL result, failing the test with the errors when there are any. */
export function dataOf<T>(result: GraphQLResult<T>): T {
  if (result.body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.body.errors)}`);
  return result.body.data as T;
}
