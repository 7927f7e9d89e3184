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
import { importReferenceUnitsIfChanged } from './domain/unit/reference/reference-import.js';
import type { DossierChangeListener } from './domain/dossier/dossier-change.js';
import { StatisticsListener } from './domain/statistics/statistics.listener.js';
import { RoutingListener } from './domain/routing/routing.listener.js';
import { loadCollectionAccounts, type CollectionAccount } from './domain/payment/collection-accounts.js';
import { PaymentListener } from './domain/payment/payment.listener.js';
import type { RatingLinkSettings } from './domain/satisfaction/rating-link.js';
import { RatingLinkListener } from './domain/satisfaction/rating-link.listener.js';
import { paymentNotifyRoutes } from './connectors/payment/payment-notify.routes.js';
import { loadPaymentReconciliationSchedule, paymentReconciliationJobModule } from './connectors/payment/payment-reconciliation.jobs.js';
import { systemClock, type Clock } from './domain/time/clock.js';
import { dossierDocumentRoutes } from './http/dossier-documents.routes.js';
import { createGraphQLHandler } from './http/graphql-handler.js';
import { graphqlIdeLandingPage, graphqlIdeRoutes } from './http/graphql-ide.routes.js';
import { healthRoutes } from './http/health.routes.js';
import { dashboardRoutes } from './http/dashboard.routes.js';
import { statisticsExportRoutes } from './http/statistics-export.routes.js';
import { createHttpServer, drainHttpServer, type Route } from './http/http-server.js';
import { connectorJobs } from './jobs/connector.jobs.js';
import { trackingPageRoutes } from './http/tracking-page.routes.js';
import { ratingPageRoutes } from './http/rating-page.routes.js';
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
function dossierChangeListeners(ctx: WiringContext, paymentAccounts: ReadonlyMap<string, CollectionAccount>): DossierChangeListener[] {
  return [
    new StatisticsListener(),
    new RoutingListener(),
    new PaymentListener(paymentAccounts),
    new RatingLinkListener(ratingLinkSettingsOf(ctx.config)),
    ctx.connectors.outboxListener,
  ];
}

/** One-time rating links: derived from the server's secret, opened on the public site. */
function ratingLinkSettingsOf(config: Config): RatingLinkSettings {
  return { key: config.auth.jwtSecret, ttlDays: config.ratingLinkTtlDays, publicBaseUrl: config.publicBaseUrl };
}

function jobModules(ctx: WiringContext, services: Services): JobModule[] {
  return [
    connectorJobs(ctx.connectors, ctx.logger),
    reconciliationJobModule(services.reconciliation, ctx.logger),
    paymentReconciliationJobModule(services.payments.reconciliation, loadPaymentReconciliationSchedule(ctx.config.connectorEnv), ctx.logger.child({ component: 'payments' })),
  ];
}

function httpRoutes(ctx: WiringContext, services: Services, tokens: TokenVerifier): Route[] {
  return [
    ...trackingPageRoutes(services),
    ...ratingPageRoutes(services),
    ...dossierDocumentRoutes(services, tokens, ctx.config.publicBaseUrl),
    ...(ctx.config.graphqlIde ? graphqlIdeRoutes() : []),
    ...reconciliationExportRoutes(services, tokens),
    ...statisticsExportRoutes({ statistics: services.statistics, tokens }),
    ...dashboardRoutes({ statistics: services.statistics, tokens, today: () => services.dossiers.today() }),
    ...paymentNotifyRoutes(services.payments.gateway),
  ];
}

/**
 * The composition root: database (embedded or DATABASE_URL) -> migrations -> real administrative
 * units (when the bundled list changed) -> domain services ->
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
    if (config.referenceUnitsImport) {
      const report = await importReferenceUnitsIfChanged(orm);
      if (report) logger.info({ report }, 'reference administrative units applied');
    }

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
    const paymentAccounts = loadCollectionAccounts(config.connectorEnv);
    const services = createServices(orm, {
      clock,
      logger,
      listeners: dossierChangeListeners(ctx, paymentAccounts),
      catalogCacheTtlMs: config.catalogCacheTtlMs,
      connectors,
      reconciliation: { settings: loadReconciliationSettings(config.connectorEnv), logger: logger.child({ component: 'reconciliation' }) },
      paymentAccounts,
      ratingLinks: ratingLinkSettingsOf(config),
    });
    connectors.bindServices(services);
    // Deadlines touched by a calendar change that no process recomputed yet (a migration's, or one
    // cut short by a crash) are recomputed before anything reads them.
    await services.calendar.recomputePending();
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
    if (port) simulators?.bindApi(`http://127.0.0.1:${port}`);
    return { services, orm, jobs, connectors, url: port ? `http://localhost:${port}` : null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
