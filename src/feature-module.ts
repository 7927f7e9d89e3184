import type { EntityClass, MigrationObject } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { TokenVerifier } from './auth/tokens.js';
import type { Config } from './config.js';
import type { ConnectorPorts } from './connectors/runtime/connector-ports.js';
import type { ConnectorWorkers } from './connectors/runtime/connector-workers.js';
import type { DigitizationSettings } from './domain/digitization/digitization-settings.js';
import type { DossierChangeListener } from './domain/dossier/dossier-change.js';
import type { CollectionAccount } from './domain/payment/collection-accounts.js';
import type { RatingLinkSettings } from './domain/satisfaction/rating-link.js';
import type { Clock } from './domain/time/clock.js';
import type { Route } from './http/http-server.js';
import type { JobModule, JobQueue } from './jobs/job-queue.js';
import type { Logger } from './logger.js';
import type { Services } from './services.js';

/** What a feature's listeners get: built before the domain services (listeners are part of them). */
export interface FeatureContext {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  clock: Clock;
  /** Phase one of the connector layer (settings, transports, outbox listener, identity verifier). */
  connectors: ConnectorPorts;
  /** Settings more than one part of the server reads, loaded once from the environment. */
  settings: {
    /** The provinces' collection accounts (CONNECTOR_PAYMENT_ACCOUNT_<PROVINCE>). */
    paymentAccounts: ReadonlyMap<string, CollectionAccount>;
    /** How one-time rating links are derived and how long they live. */
    ratingLinks: RatingLinkSettings;
    /** Where digitized documents and electronic results are stored, the citizen key, the signing hook. */
    digitization: DigitizationSettings;
  };
}

/** What a feature's jobs and routes get: the context, and what was built with the services. */
export interface ServicesContext extends FeatureContext {
  services: Services;
  /** Phase two of the connector layer (delivery lanes, result polling, rechecks). */
  connectorWorkers: ConnectorWorkers;
  jobs: JobQueue;
}

/**
 * One feature of the server and everything it adds, declared in one file (`<name>.feature.ts`
 * beside its code) and listed once in src/features.ts. The composition root (application.ts), the
 * ORM config and the schema builder read the list; none of them names a feature.
 */
export interface FeatureModule {
  readonly name: string;
  /** ORM entities (most features read and write through Kysely and have none). */
  readonly entities?: readonly EntityClass<object>[];
  /** The feature's migrations; all features' are run together in the order of their names (timestamps). */
  readonly migrations?: readonly MigrationObject['class'][];
  /** type-graphql resolvers (queries, mutations, field resolvers on other features' types). */
  readonly resolvers?: readonly Function[];
  /** Called in the transaction of every dossier change (docs: CONTRIBUTING "Conventions"). */
  listeners?(ctx: FeatureContext): DossierChangeListener[];
  /** pg-boss queues, schedules and workers; registered only in processes that run workers. */
  jobs?(ctx: ServicesContext): JobModule[];
  /** Plain HTTP routes (pages, exports, webhooks), beside /graphql. */
  routes?(ctx: ServicesContext, tokens: TokenVerifier): Route[];
}

const MIGRATION_NAME = /^Migration\d{14}[A-Z]\w*$/;

/** The migrations of these features, in the order they run (their names start with a timestamp). */
export function migrationsOf(features: readonly FeatureModule[]): MigrationObject[] {
  const list = features.flatMap((f) => (f.migrations ?? []).map((c) => ({ name: c.name, class: c })));
  for (const { name } of list) {
    // The name is what mikro_orm_migrations records: a bundler renaming classes would rerun them all.
    if (!MIGRATION_NAME.test(name)) throw new Error(`migration class "${name}" is not named Migration<yyyyMMddHHmmss><Name>`);
  }
  if (new Set(list.map((m) => m.name)).size !== list.length) throw new Error('a migration is listed by two features');
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
