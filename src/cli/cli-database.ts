import type { Config } from '../config.js';
import { migrate, openOrm, type MikroORM } from '../db/database.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import type { Logger } from '../logger.js';

/**
 * Runs an operator command on the migrated database: DATABASE_URL, or the embedded database of
 * DATA_DIR (attaching to it when the server runs); closes everything afterwards, failed or not.
 */
export async function withMigratedDatabase<T>(config: Config, logger: Logger, run: (orm: MikroORM) => Promise<T>): Promise<T> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
  const url = config.databaseUrl ?? embedded!.url;
  const orm = await openOrm({ url, logger });
  try {
    await migrate(orm, url, logger);
    return await run(orm);
  } finally {
    await orm.close();
    await embedded?.stop();
  }
}
