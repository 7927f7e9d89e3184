import '../node-version-guard.js';
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config.js';
import { rebuildStatistics } from '../domain/statistics/statistics-rebuild.js';
import { createLogger } from '../logger.js';
import { withMigratedDatabase } from './cli-database.js';

/**
 * Recomputes the statistics aggregates from the dossier tables, for operators after a bulk load
 * that bypassed the application (SQL copies, restores):
 *   npm run build && node dist/src/cli/rebuild-statistics.js [--work-mem 512MB]
 * Uses DATABASE_URL, or the embedded database of DATA_DIR (attaching to it when the server runs).
 * Dossier changes wait while it runs; statistics requests go on with the previous figures.
 */
async function main(): Promise<void> {
  const workMemIndex = process.argv.indexOf('--work-mem');
  const workMem = workMemIndex > 0 ? process.argv[workMemIndex + 1] : '256MB';
  if (!workMem || !/^\d+(kB|MB|GB)$/.test(workMem)) throw new ConfigError('--work-mem must look like 256MB');
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const result = await withMigratedDatabase(config, logger, (orm) => rebuildStatistics(orm, { workMem }));
  logger.info({ ms: result.ms, rows: result.rows }, 'statistics aggregates rebuilt');
}

// Exits explicitly, as main.ts does: the embedded cluster's own exit hook is not meant to run here.
main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`rebuilding statistics failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
