import './node-version-guard.js';
import 'reflect-metadata';
import { startApplication } from './application.js';
import { signToken } from './auth/tokens.js';
import { ConfigError, loadConfig } from './config.js';
import { Role } from './domain/access/actor.js';
import { createLogger } from './logger.js';

/**
 * Entry point. `node dist/src/main.js [all|serve|worker]`:
 * all (npm start) runs the API and the workers, serve (npm run serve) the API alone, worker
 * (npm run worker) the workers alone. SIGTERM or SIGINT shuts down gracefully.
 */
type Mode = 'all' | 'serve' | 'worker';

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'all') as Mode;
  if (!['all', 'serve', 'worker'].includes(mode)) {
    process.stderr.write(`unknown mode "${mode}": use all, serve or worker\n`);
    process.exit(2);
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.env === 'development' && process.stdout.isTTY });
  const app = await startApplication(config, logger, { api: mode !== 'worker', workers: mode !== 'serve' });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await app.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  if (app.url) {
    logger.info({ url: `${app.url}/graphql`, mode }, 'motcua is ready');
    if (config.auth.generatedSecret) {
      // Printed, not logged: logs may be shipped elsewhere, and this token opens everything.
      // 30 days, or the configured maximum lifetime when shorter (a longer token would be refused).
      const ttlSeconds = Math.min(30 * 24 * 3600, config.auth.maxTokenTtlSeconds);
      const token = await signToken(config.auth.jwtSecret, { sub: 'dev-admin', role: Role.SYSTEM_ADMIN }, `${ttlSeconds}s`, ttlSeconds);
      const validity = ttlSeconds % 86400 === 0 ? `${ttlSeconds / 86400} days` : `${ttlSeconds / 3600} hours`;
      process.stdout.write(
        `\nmotcua ${app.url}/graphql\nDevelopment SYSTEM_ADMIN token (valid ${validity}; mint others with "npm run token"):\n${token}\n\n`,
      );
    }
  } else {
    logger.info({ mode }, 'motcua workers are running');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`motcua failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
