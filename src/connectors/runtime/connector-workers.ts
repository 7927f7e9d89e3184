import type { DossierIdentityService, IdentityRecheckSummary } from '../../domain/dossier/dossier-identity.service.js';
import type { DossierRemoteResultService } from '../../domain/dossier/dossier-remote-result.service.js';
import type { Logger } from '../../logger.js';
import { isBusy, processLoad } from '../../net/process-load.js';
import type { ConnectorPorts } from './connector-ports.js';
import type { RecordDecision } from './deliver-record.js';
import { DeliveryLane } from './delivery-lane.js';
import { ResultPoller, type PollSummary } from './result-poller.js';
import { SyncNotifications } from './sync-notifications.js';

/** The domain use cases the workers call back into. */
export interface ConnectorDomainServices {
  remoteResults: DossierRemoteResultService;
  identityChecks: DossierIdentityService;
}

/**
 * Phase two of the connector layer, built with the domain services that it calls back into: the
 * delivery lanes (worker processes only: `startDeliveries`), the result poller and the identity
 * rechecks (run by the schedules in connector.jobs.ts; tests call them directly).
 */
export class ConnectorWorkers {
  private readonly poller: ResultPoller;
  private readonly recordDecision: RecordDecision;
  private lanes: DeliveryLane[] = [];
  private notifications: SyncNotifications | null = null;

  constructor(
    private readonly ports: ConnectorPorts,
    private readonly services: ConnectorDomainServices,
    private readonly runtime: { databaseUrl: string; logger: Logger },
  ) {
    this.recordDecision = (dossierId, decision) => services.remoteResults.record(dossierId, decision);
    this.poller = new ResultPoller({ orm: ports.orm, store: ports.store, states: ports.states, recordDecision: this.recordDecision });
    ports.onWake((keys) => {
      for (const lane of this.lanes) if (keys.length === 0 || keys.includes(lane.key)) lane.wake();
    });
  }

  /** Asks every connector that decides later for its pending decisions. */
  async pollResults(): Promise<Record<string, PollSummary>> {
    const summaries: Record<string, PollSummary> = {};
    for (const entry of this.ports.entries) {
      if (entry.connector.pollResult) summaries[entry.connector.key] = await this.poller.poll(entry);
    }
    return summaries;
  }

  /** Verifies filings left PENDING while the identity connector was unavailable (first probing it if a CONFIG error blocks it). */
  async recheckIdentities(): Promise<IdentityRecheckSummary> {
    await this.ports.identity?.recoverIfDue();
    return this.services.identityChecks.recheckPending();
  }

  /** Starts the delivery lanes of this (worker) process: one per enabled connector that delivers (has push), woken by NOTIFY. */
  async startDeliveries(): Promise<void> {
    const { store, states, sync } = this.ports;
    const deps = { orm: this.ports.orm, store, states, recordDecision: this.recordDecision };
    const { pollIntervalMs, configRecheckMs, yieldRequests, yieldLoopDelayMs } = sync;
    const apiBusy = () => isBusy(processLoad, { requests: yieldRequests, loopDelayMs: yieldLoopDelayMs });
    const options = { pollIntervalMs, configRecheckMs, apiBusy };
    for (const entry of this.ports.entries) {
      if (!entry.settings.enabled || !entry.connector.push) continue;
      // The process that delivers starts with a closed circuit: whatever an earlier process saw is over.
      await states.setCircuit(entry.connector.key, entry.transport.circuit);
      this.lanes.push(new DeliveryLane(entry, deps, options));
    }
    this.notifications = new SyncNotifications(this.runtime.databaseUrl, this.runtime.logger, (keys) => this.ports.wake(keys));
    await this.notifications.start();
    for (const lane of this.lanes) lane.start();
  }

  /** Stops listening and lets the lanes finish their deliveries in flight (up to `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    await this.notifications?.stop();
    this.notifications = null;
    await Promise.all(this.lanes.map((lane) => lane.stop(timeoutMs)));
    this.lanes = [];
  }
}
