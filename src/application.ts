import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from './auth/tokens.js';
import type { Config } from './config.js';
import { startBundledSimulators } from './connectors/bundled-simulators.js';
import { CONNECTORS } from './connectors/registry.js';
import { ConnectorRuntime } from './connectors/runtime/connector-runtime.js';
import { reconciliationJobModule } from './connectors/reconciliation/reconciliation.jobs.js';
import { loadReconciliationSettings } from './connectors/reconciliation/reconciliation-settings.js';
import { reconciliationExportRoutes } from './http/reconciliation-export.routes.js';
import { migrate, openOrm, type MikroORM } from './db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.js';
import { seedDemoData } from './db/seed/seed.js';
import type { DossierChangeListener } from './domain/dossier/dossier-change.js';
import { StatisticsListener } from './domain/statistics/statistics.listener.js';
import { systemClock, type Clock } from './domain/time/clock.js';
import { dossierDocumentRoutes } from './http/dossier-documents.routes.js';
import { createGraphQLHandler } from './http/graphql-handler.js';
import { graphqlIdeLandingPage, graphqlIdeRoutes } from './http/graphql-ide.routes.js';
import { healthRoutes } from './http/health.routes.js';
import { statisticsExportRoutes } from './http/statistics-export.routes.js';
import { createHttpServer, drainHttpServer, type Route } from './http/http-server.js';
import { connectorJobs } from './jobs/connector.jobs.js';
import { trackingPageRoutes } from './http/tracking-page.routes.js';
import { JobQueue, type JobModule } from './jobs/job-queue.js';
import type { Logger } from './logger.js';
import { buildApiSchema } from './schema/build-schema.js';
import { createServices, type Services } from './services.js';

export interface StartOptions {
  /** Serve the GraphQL API and HTTP routes. */
  api: boolean;
  /** Run the job workers (maintenance, schedules, deliveries). */
  workers: boolean;
  clock?: Clock;
}

export interface RunningApplication {
  services: Services;
  orm: MikroORM;
  jobs: JobQueue;
  /** The connector layer (settings, outbox, deliveries, result polling). */
  connectors: ConnectorRuntime;
  /** The API's base URL (http://host:port) when the API runs. */
  url: string | null;
  stop(): Promise<void>;
}

/** What the wiring of each feature module gets. */
export interface WiringContext {
  config: Config;
  logger: Logger;
  orm: MikroORM;
  clock: Clock;
  connectors: ConnectorRuntime;
}

/**
 * Each feature contributes here, in one place: listeners that run in the transaction of every
 * dossier change, job modules for the workers, and plain HTTP routes. (Entities are listed in
 * db/all-entities.ts, resolvers in schema/build-schema.ts, migrations in migrations/index.ts.)
 */
function dossierChangeListeners(ctx: WiringContext): DossierChangeListener[] {
  return [new StatisticsListener(), ctx.connectors.outboxListener];
}

function jobModules(ctx: WiringContext, services: Services): JobModule[] {
  return [connectorJobs(ctx.connectors, ctx.logger), reconciliationJobModule(services.reconciliation, ctx.logger)];
}

function httpRoutes(ctx: WiringContext, services: Services, tokens: TokenVerifier): Route[] {
  return [
    ...trackingPageRoutes(services),
    ...dossierDocumentRoutes(services, tokens, ctx.config.publicBaseUrl),
    ...(ctx.config.graphqlIde ? graphqlIdeRoutes() : []),
    ...reconciliationExportRoutes(services, tokens),
    ...statisticsExportRoutes({ statistics: services.statistics, tokens }),
  ];
}

/**
 * The composition root: database (embedded or DATABASE_URL) -> migrations -> domain services ->
 * demo data -> job queue and workers -> GraphQL and HTTP. `stop()` undoes it in reverse: stop
 * accepting and drain requests, let running jobs finish, close the database, stop the embedded
 * PostgreSQL.
 */
export async function startApplication(config: Config, logger: Logger, options: StartOptions): Promise<RunningApplication> {
  const cleanup: Array<{ name: string; run: () => Promise<void> }> = [];
  const onStop = (name: string, run: () => Promise<void>) => cleanup.push({ name, run });
  const stop = async () => {
    for (const step of cleanup.reverse()) {
      logger.debug({ step: step.name }, 'stopping');
      await step.run().catch((error) => logger.error({ err: error, step: step.name }, 'error while stopping'));
    }
  };
  try {
    let url = config.databaseUrl;
    let embedded: EmbeddedDatabase | null = null;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort, logger });
      onStop('embedded database', () => embedded!.stop());
      url = embedded.url;
    }
    const orm = await openOrm({ url, poolMax: config.dbPoolMax, logger });
    onStop('database connections', () => orm.close());
    await migrate(orm, url, logger);

    const clock = options.clock ?? systemClock;
    const simulators = config.databaseUrl === null ? await startBundledSimulators(CONNECTORS, config.connectorEnv, logger) : null;
    if (simulators) onStop('simulators', () => simulators.stop());
    const connectors = await ConnectorRuntime.start({
      connectors: CONNECTORS,
      env: config.connectorEnv,
      orm,
      databaseUrl: url,
      logger,
      simulatorUrls: simulators?.urls,
      simulatorOptions: simulators?.options,
    });
    onStop('connectors', () => connectors.stop(config.shutdownTimeoutMs));
    const ctx: WiringContext = { config, logger, orm, clock, connectors };
    const services = createServices(orm, {
      clock,
      listeners: dossierChangeListeners(ctx),
      catalogCacheTtlMs: config.catalogCacheTtlMs,
      connectors,
      reconciliation: { settings: loadReconciliationSettings(config.connectorEnv), logger: logger.child({ component: 'reconciliation' }) },
    });
    connectors.bindServices(services);
    if (config.seedDemo) await seedDemoData(services, logger);

    const jobs = await JobQueue.start({ url, logger, workers: options.workers, modules: jobModules(ctx, services) });
    onStop('job queue', () => jobs.stop(config.shutdownTimeoutMs));

    let server: Server | null = null;
    if (options.api) {
      const tokens = new TokenVerifier(config.auth.jwtSecret, config.auth.maxTokenTtlSeconds);
      const graphql = await createGraphQLHandler({
        schema: await buildApiSchema(),
        services,
        tokens,
        logger,
        limits: config.limits,
        plugins: config.graphqlIde ? [graphqlIdeLandingPage()] : [],
      });
      onStop('graphql', () => graphql.stop());
      server = createHttpServer({
        logger,
        graphql: graphql.handle,
        corsOrigin: config.corsOrigin,
        routes: [
          ...healthRoutes({ database: () => orm.isConnected(), jobQueue: () => jobs.isReady() }),
          ...httpRoutes(ctx, services, tokens),
        ],
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const httpServer = server;
      onStop('http server', () => drainHttpServer(httpServer, config.shutdownTimeoutMs));
    }
    const port = server ? (server.address() as AddressInfo).port : null;
    return { services, orm, jobs, connectors, url: port ? `http://localhost:${port}` : null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
