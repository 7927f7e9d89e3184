import type { MikroORM } from '@mikro-orm/postgresql';
import type { Env } from '../../config.js';
import { ConfigError } from '../../config.js';
import type { IdentityVerifier } from '../../domain/citizen/identity-verification.js';
import type { DossierChangeListener } from '../../domain/dossier/dossier-change.js';
import type { Logger } from '../../logger.js';
import { ConnectorStateStore } from '../outbox/connector-state-store.js';
import { ConnectorOutboxListener } from '../outbox/outbox-listener.js';
import { SyncStore } from '../outbox/sync-store.js';
import { SyncWakeUp } from '../outbox/sync-wake-up.js';
import type { Connector, RemoteCountQuery, RemoteDayCount } from '../sdk/connector.js';
import { ConnectorError, ErrorClass } from '../sdk/connector-error.js';
import { ConnectorTransport } from '../sdk/connector-http.js';
import { loadConnectorSettings, loadSyncSettings, type SyncSettings } from '../sdk/connector-settings.js';
import { ConnectorIdentityVerifier } from './connector-identity-verifier.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';

const KEY_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface ConnectorPortsOptions {
  connectors: readonly Connector[];
  env: Env;
  orm: MikroORM;
  logger: Logger;
  /** Base URLs of the bundled simulators, used by connectors that have no URL of their own. */
  simulatorUrls?: Readonly<Record<string, string>> | null;
  /** Options that only make sense against the simulators (e.g. EMC's site id), per connector. */
  simulatorOptions?: Readonly<Record<string, Record<string, string>>>;
}

/**
 * Phase one of the connector layer: what the domain services need of it, built before them from
 * the registry and the environment. Settings, one transport (HTTP policy + circuit breaker) per
 * connector, the outbox listener that writes sync records in every change transaction, the
 * identity verifier for intake, remote counts for reconciliation. Nothing here calls back into
 * the domain; the workers that do (delivery lanes, result polling, rechecks) are phase two,
 * ConnectorWorkers, built with the services.
 */
export class ConnectorPorts {
  readonly store: SyncStore;
  readonly states: ConnectorStateStore;
  readonly outboxListener: DossierChangeListener;
  /** The intake's identity verifier: the enabled connector with verifyIdentity (VNeID), or none. */
  readonly identity: ConnectorIdentityVerifier | null;
  private readonly entriesByKey: ReadonlyMap<string, ConnectorEntry>;
  private readonly wakeHandlers: Array<(keys: readonly string[]) => void> = [];

  private constructor(
    readonly entries: readonly ConnectorEntry[],
    readonly sync: SyncSettings,
    readonly orm: MikroORM,
    logger: Logger,
  ) {
    this.store = new SyncStore(orm);
    this.states = new ConnectorStateStore(orm);
    this.entriesByKey = new Map(entries.map((e) => [e.connector.key, e]));
    this.outboxListener = new ConnectorOutboxListener(entries, new SyncWakeUp(orm, logger.child({ component: 'sync-wake-up' })));
    const identity = entries.find((e) => e.settings.enabled && e.connector.verifyIdentity);
    this.identity = identity
      ? new ConnectorIdentityVerifier(identity, { orm, store: this.store, states: this.states }, { configRecheckMs: sync.configRecheckMs })
      : null;
  }

  static async open(options: ConnectorPortsOptions): Promise<ConnectorPorts> {
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
    return new ConnectorPorts(entries, sync, options.orm, options.logger);
  }

  /** The port intake uses (the domain knows only IdentityVerifier). */
  get identityVerifier(): IdentityVerifier | null {
    return this.identity;
  }

  entry(key: string): ConnectorEntry | null {
    return this.entriesByKey.get(key) ?? null;
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
    const { ctx, exchanges } = callScope(entry, this.orm, { operation: 'count' });
    try {
      return await entry.connector.countRemote(query, ctx);
    } finally {
      await this.store.logExchanges(exchanges);
    }
  }

  /** Exchange log rows older than SYNC_EXCHANGE_RETENTION_DAYS are deleted (a daily job). */
  pruneExchanges(): Promise<number> {
    return this.store.pruneExchanges(this.sync.exchangeRetentionDays);
  }

  /** Wakes the delivery lanes of these connectors, all of them for none (after an operator retry or a repair). */
  wake(keys: readonly string[]): void {
    for (const handler of this.wakeHandlers) handler(keys);
  }

  /** The delivery lanes of this process listen here (a process without workers has none). */
  onWake(handler: (keys: readonly string[]) => void): void {
    this.wakeHandlers.push(handler);
  }

  /** Writes what the identity verifier still buffers and closes the transports. */
  async close(): Promise<void> {
    await this.identity?.flush();
    for (const entry of this.entries) entry.transport.close();
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
