import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../logger.js';
import { ormConfig } from './orm-config.js';

export type { MikroORM };

/** Connects the ORM to PostgreSQL. */
export async function openOrm(options: { url: string; poolMax?: number; logger?: Logger }): Promise<MikroORM> {
  const log = options.logger ? (message: string) => options.logger!.debug({ source: 'orm' }, message) : undefined;
  return MikroORM.init(ormConfig({ databaseUrl: options.url, poolMax: options.poolMax, log }));
}

const MIGRATION_LOCK_KEY = 'motcua:migrations';

/**
 * Applies pending migrations. An advisory lock serializes processes that start together (the API
 * and the workers), so that each migration runs exactly once.
 */
export async function migrate(orm: MikroORM, url: string, logger: Logger): Promise<string[]> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    const applied = await orm.migrator.up();
    const names = applied.map((m) => m.name);
    if (names.length > 0) logger.info({ migrations: names }, 'database migrated');
    return names;
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK_KEY]).catch(() => {});
    await lock.end();
  }
}
