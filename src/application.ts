import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from './auth/tokens.js';
import type { Config } from './config.js';
import { startBundledSimulators } from './connectors/bundled-simulators.js';
import { pgBossFollowUps } from './connectors/reconciliation/reconciliation.jobs.js';
import { loadReconciliationSettings } from './connectors/reconciliation/reconciliation-settings.js';
import { CONNECTORS } from './connectors/registry.js';
import { ConnectorLayer } from './connectors/runtime/connector-layer.js';
import { ConnectorPorts } from './connectors/runtime/connector-ports.js';
import { ConnectorWorkers } from './connectors/runtime/connector-workers.js';
import { migrate, openOrm, type MikroORM } from './db/database.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres.js';
import { seedDemoData } from './db/seed/seed.js';
import { digitizationSettingsOf } from './domain/digitization/digitization-settings.js';
import { loadCollectionAccounts } from './domain/payment/collection-accounts.js';
import type { RatingLinkSettings } from './domain/satisfaction/rating-link.js';
import { systemClock, type Clock } from './domain/time/clock.js';
import { importReferenceUnitsIfChanged } from './domain/unit/reference/reference-import.js';
import type { FeatureContext, ServicesContext } from './feature-module.js';
import { FEATURES } from './features.js';
import { createGraphQLHandler } from './http/graphql-handler.js';
import { graphqlIdeLandingPage } from './http/graphql-ide.routes.js';
import { createHttpServer, drainHttpServer } from './http/http-server.js';
import { JobQueue } from './jobs/job-queue.js';
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
  /** The connector layer (ports: settings, outbox, transports; workers: deliveries, result polling). */
  connectors: ConnectorLayer;
  /** The API's base URL (http://host:port) when the API runs. */
  url: string | null;
  stop(): Promise<void>;
}

/**
 * The composition root: database (embedded or DATABASE_URL) -> migrations -> real administrative
 * units (when the bundled list changed) -> the connector layer's ports and the job queue -> domain
 * services with every feature's listeners -> the connector workers -> demo data -> the features'
 * job workers -> GraphQL and the features' HTTP routes. It names no feature: they are listed in
 * features.ts. `stop()` undoes it in reverse: stop accepting and drain requests, let running jobs
 * finish, close the database, stop the embedded PostgreSQL.
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
    const ports = await ConnectorPorts.open({
      connectors: CONNECTORS,
      env: config.connectorEnv,
      orm,
      logger,
      simulatorUrls: simulators?.urls,
      simulatorOptions: simulators?.options,
    });
    onStop('connector transports', () => ports.close());
    // The queue is connected before the services, which send jobs through it (reconciliation follow-ups).
    const jobs = await JobQueue.open({ url, logger, workers: options.workers });
    onStop('job queue', () => jobs.stop(config.shutdownTimeoutMs));

    const ctx: FeatureContext = {
      config,
      logger,
      orm,
      clock,
      connectors: ports,
      settings: {
        paymentAccounts: loadCollectionAccounts(config.connectorEnv),
        ratingLinks: ratingLinkSettingsOf(config),
        digitization: digitizationSettingsOf(config),
      },
    };
    const services = createServices(orm, {
      clock,
      logger,
      listeners: FEATURES.flatMap((f) => f.listeners?.(ctx) ?? []),
      catalogCacheTtlMs: config.catalogCacheTtlMs,
      preparedStatements: config.dbPreparedStatements,
      connectors: ports,
      reconciliation: {
        settings: loadReconciliationSettings(config.connectorEnv),
        logger: logger.child({ component: 'reconciliation' }),
        followUps: await pgBossFollowUps(jobs.boss),
      },
      paymentAccounts: ctx.settings.paymentAccounts,
      ratingLinks: ctx.settings.ratingLinks,
      digitization: ctx.settings.digitization,
    });
    const workers = new ConnectorWorkers(ports, services, { databaseUrl: url, logger });
    onStop('connector workers', () => workers.stop(config.shutdownTimeoutMs));
    const withServices: ServicesContext = { ...ctx, services, connectorWorkers: workers, jobs };
    // Deadlines touched by a calendar change that no process recomputed yet (a migration's, or one
    // cut short by a crash) are recomputed before anything reads them.
    await services.calendar.recomputePending();
    if (config.seedDemo) await seedDemoData(services, logger);
    if (options.workers) await jobs.startWorkers(FEATURES.flatMap((f) => f.jobs?.(withServices) ?? []));

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
        routes: FEATURES.flatMap((f) => f.routes?.(withServices, tokens) ?? []),
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
    const connectors = new ConnectorLayer(ports, workers);
    return { services, orm, jobs, connectors, url: port ? `http://localhost:${port}` : null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One-time rating links: derived from the server's secret, opened on the public site. */
function ratingLinkSettingsOf(config: Config): RatingLinkSettings {
  return { key: config.auth.jwtSecret, ttlDays: config.ratingLinkTtlDays, publicBaseUrl: config.publicBaseUrl };
}
