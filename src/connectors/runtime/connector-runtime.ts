import type { MikroORM } from '@mikro-orm/postgresql';
import type { Env } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { IdentityVerifier } from '../../domain/citizen/identity-verification.js';
import type { DossierChangeListener } from '../../domain/dossier/dossier-change.js';
import type { DossierIdentityService, IdentityRecheckSummary } from '../../domain/dossier/dossier-identity.service.js';
import type { DossierRemoteResultService } from '../../domain/dossier/dossier-remote-result.service.js';
import type { Logger } from '../../logger.js';
import { ConnectorStateStore } from '../outbox/connector-state-store.js';
import { ConnectorOutboxListener } from '../outbox/outbox-listener.js';
import { SyncStore } from '../outbox/sync-store.js';
import type { Connector, RemoteCountQuery, RemoteDayCount } from '../sdk/connector.js';
import { ConnectorError, ErrorClass } from '../sdk/connector-error.js';
import { ConnectorTransport } from '../sdk/connector-http.js';
import { loadConnectorSettings, loadSyncSettings, type SyncSettings } from '../sdk/connector-settings.js';
import { ConnectorIdentityVerifier } from './connector-identity-verifier.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';
import type { RecordDecision } from './deliver-record.js';
import { DeliveryLane } from './delivery-lane.js';
import { ResultPoller, type PollSummary } from './result-poller.js';
import { SyncNotifications } from './sync-notifications.js';
import { isBusy, processLoad } from '../../net/process-load.js';
import { SyncWakeUp } from '../outbox/sync-wake-up.js';

const KEY_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface ConnectorRuntimeOptions {
  connectors: readonly Connector[];
  env: Env;
  orm: MikroORM;
  databaseUrl: string;
  logger: Logger;
  /** Base URLs of the bundled simulators, used by connectors that have no URL of their own. */
  simulatorUrls?: Readonly<Record<string, string>> | null;
  /** Options that only make sense against the simulators (e.g. EMC's site id), per connector. */
  simulatorOptions?: Readonly<Record<string, Record<string, string>>>;
}

/** The domain use cases the runtime calls back into (bound once services exist). */
export interface ConnectorDomainServices {
  remoteResults: DossierRemoteResultService;
  identityChecks: DossierIdentityService;
}

/**
 * Everything the connector layer runs, built once per process from the registry and the
 * environment: settings, one transport (HTTP policy + circuit breaker) per connector, the outbox
 * listener, the identity verifier for intake, and in worker processes the delivery lanes (the
 * scheduled jobs that call back into it are in src/jobs/connector.jobs.ts).
 */
export class ConnectorRuntime {
  readonly store: SyncStore;
  readonly states: ConnectorStateStore;
  readonly outboxListener: DossierChangeListener;
  readonly identityVerifier: IdentityVerifier | null;
  private readonly identity: ConnectorIdentityVerifier | null;
  private readonly entriesByKey: ReadonlyMap<string, ConnectorEntry>;
  private readonly poller: ResultPoller;
  private services: ConnectorDomainServices | null = null;
  private lanes: DeliveryLane[] = [];
  private notifications: SyncNotifications | null = null;

  private constructor(
    readonly entries: readonly ConnectorEntry[],
    readonly sync: SyncSettings,
    private readonly options: ConnectorRuntimeOptions,
  ) {
    const { orm } = options;
    this.store = new SyncStore(orm);
    this.states = new ConnectorStateStore(orm);
    this.entriesByKey = new Map(entries.map((e) => [e.connector.key, e]));
    this.outboxListener = new ConnectorOutboxListener(entries, new SyncWakeUp(orm, options.logger.child({ component: 'sync-wake-up' })));
    const identity = entries.find((e) => e.settings.enabled && e.connector.verifyIdentity);
    this.identity = identity
      ? new ConnectorIdentityVerifier(identity, { orm, store: this.store, states: this.states }, { configRecheckMs: sync.configRecheckMs })
      : null;
    this.identityVerifier = this.identity;
    this.poller = new ResultPoller({ orm, store: this.store, states: this.states, recordDecision: this.recordDecision });
  }

  static async start(options: ConnectorRuntimeOptions): Promise<ConnectorRuntime> {
    checkRegistry(options.connectors);
    const sync = loadSyncSettings(options.env);
    const states = new ConnectorStateStore(options.orm);
    const entries: ConnectorEntry[] = [];
    for (const connector of options.connectors) {
      let settings = loadConnectorSettings(connector, options.env, sync);
      const simulated = options.simulatorUrls?.[connector.key];
      if (settings.url === null && simulated) {
        settings = settings.withUrl(simulated, true).withOptions(options.simulatorOptions?.[connector.key] ?? {});
      }
      const log = options.logger.child({ connector: connector.key });
      // Circuit changes are written one after the other: two writes racing on separate connections
      // could commit out of order and leave an old state (HALF_OPEN after CLOSED) shown for good.
      let circuitWrites = Promise.resolve();
      const transport = new ConnectorTransport(settings, {
        onCircuitChange: (circuit) => {
          log.warn({ circuit }, circuit === 'OPEN' ? 'circuit opened: calls paused' : `circuit ${circuit.toLowerCase()}`);
          circuitWrites = circuitWrites
            .then(() => states.setCircuit(connector.key, circuit))
            .catch((e: unknown) => log.error({ err: e }, 'could not record the circuit state'));
        },
      });
      entries.push({ connector, settings, transport, log });
      if (!settings.enabled) {
        log.info('connector disabled');
        continue;
      }
      const problem = configurationProblem({ connector, settings });
      const blocked = await states.initialize(connector.key, settings.fingerprint(), problem);
      if (blocked) log.error({ reason: blocked }, 'connector will not deliver until its configuration is fixed; records wait');
      else log.info({ settings: settings.toJSON() }, 'connector ready');
    }
    return new ConnectorRuntime(entries, sync, options);
  }

  /** Binds the domain services (created after the runtime, since intake needs the identity verifier). */
  bindServices(services: ConnectorDomainServices): void {
    this.services = services;
  }

  entry(key: string): ConnectorEntry | null {
    return this.entriesByKey.get(key) ?? null;
  }

  /** Asks every connector that decides later for its pending decisions (the scheduled job; tests call it directly). */
  async pollResults(): Promise<Record<string, PollSummary>> {
    const summaries: Record<string, PollSummary> = {};
    for (const entry of this.entries) {
      if (entry.connector.pollResult) summaries[entry.connector.key] = await this.poller.poll(entry);
    }
    return summaries;
  }

  /** Verifies filings left PENDING while the identity connector was unavailable (first probing it if a CONFIG error blocks it). */
  async recheckIdentities(): Promise<IdentityRecheckSummary> {
    await this.identity?.recoverIfDue();
    return this.domain().identityChecks.recheckPending();
  }

  /**
   * What a connector's remote holds per unit and day (reconciliation). Throws ConnectorError:
   * CONFIG when the connector has no such capability or is misconfigured, TRANSIENT when the remote
   * cannot answer now.
   */
  async countRemote(key: string, query: RemoteCountQuery): Promise<RemoteDayCount[]> {
    const entry = this.entry(key);
    if (!entry?.connector.countRemote) throw new ConnectorError(ErrorClass.CONFIG, `connector ${key} cannot report remote counts`);
    const problem = configurationProblem(entry);
    if (problem) throw new ConnectorError(ErrorClass.CONFIG, problem);
    const { ctx, exchanges } = callScope(entry, this.options.orm, { operation: 'count' });
    try {
      return await entry.connector.countRemote(query, ctx);
    } finally {
      await this.store.logExchanges(exchanges);
    }
  }

  /** Wakes the delivery lanes of these connectors (after an operator retry). */
  wake(keys: readonly string[]): void {
    for (const lane of this.lanes) if (keys.length === 0 || keys.includes(lane.key)) lane.wake();
  }

  async stop(timeoutMs: number): Promise<void> {
    await this.notifications?.stop();
    await Promise.all(this.lanes.map((lane) => lane.stop(timeoutMs)));
    this.lanes = [];
    await this.identity?.flush();
    for (const entry of this.entries) entry.transport.close();
  }

  private readonly recordDecision: RecordDecision = (dossierId, decision) => this.domain().remoteResults.record(dossierId, decision);

  private domain(): ConnectorDomainServices {
    if (!this.services) throw new Error('connector runtime used before bindServices()');
    return this.services;
  }

  /** Exchange log rows older than SYNC_EXCHANGE_RETENTION_DAYS are deleted (a daily job). */
  pruneExchanges(): Promise<number> {
    return this.store.pruneExchanges(this.sync.exchangeRetentionDays);
  }

  /** Starts the delivery lanes of this (worker) process: one per enabled connector that delivers (has push), woken by NOTIFY. */
  async startDeliveries(): Promise<void> {
    const { orm, logger, databaseUrl } = this.options;
    const deps = { orm, store: this.store, states: this.states, recordDecision: this.recordDecision };
    const { pollIntervalMs, configRecheckMs, yieldRequests, yieldLoopDelayMs } = this.sync;
    const apiBusy = () => isBusy(processLoad, { requests: yieldRequests, loopDelayMs: yieldLoopDelayMs });
    const options = { pollIntervalMs, configRecheckMs, apiBusy };
    for (const entry of this.entries) {
      if (!entry.settings.enabled || !entry.connector.push) continue;
      // The process that delivers starts with a closed circuit: whatever an earlier process saw is over.
      await this.states.setCircuit(entry.connector.key, entry.transport.circuit);
      this.lanes.push(new DeliveryLane(entry, deps, options));
    }
    this.notifications = new SyncNotifications(databaseUrl, logger, (keys) => this.wake(keys));
    await this.notifications.start();
    for (const lane of this.lanes) lane.start();
  }
}

/** Registry mistakes are programming errors an integrator must see at once. */
function checkRegistry(connectors: readonly Connector[]): void {
  const seen = new Set<string>();
  for (const connector of connectors) {
    if (!KEY_RE.test(connector.key)) throw new ConfigError(`connector key "${connector.key}" must be kebab-case`);
    if (seen.has(connector.key)) throw new ConfigError(`connector key "${connector.key}" is registered twice`);
    seen.add(connector.key);
  }
}
