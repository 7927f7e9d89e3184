import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { ALL_ENTITIES, MIGRATIONS } from '../features.js';

export interface OrmSettings {
  databaseUrl: string;
  poolMax?: number;
  /** Where the ORM's own messages go (migrator progress); they never include query parameters. */
  log?: (message: string) => void;
}

/** MikroORM settings shared by the server, the workers, the CLI and the tests. */
export function ormConfig(settings: OrmSettings): Options {
  return defineConfig({
    clientUrl: settings.databaseUrl,
    entities: ALL_ENTITIES,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      // Migrations are written by hand (SQL in migrations/); a schema snapshot would only be a
      // stale file that every run rewrites in the working tree.
      snapshot: false,
    },
    pool: { min: 0, max: settings.poolMax ?? 10 },
    // Queries are never logged: their parameters may hold personal data.
    debug: false,
    logger: settings.log ?? (() => {}),
    allowGlobalContext: false,
  });
}
