import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConnectorStateStore } from '../outbox/connector-state-store.js';
import type { ClaimedRecord, DeliveryOutcome, SyncStore } from '../outbox/sync-store.js';
import { ErrorClass } from '../sdk/connector-error.js';
import type { ExchangeEntry } from '../sdk/connector-http.js';
import { BatchWriter } from './batch-writer.js';
import { probeBlockedConnector } from './config-probe.js';
import type { ConnectorEntry } from './connector-entry.js';
import { deliverRecord, type RecordDecision } from './deliver-record.js';

interface Batch {
  outcomes: DeliveryOutcome[];
  exchanges: ExchangeEntry[];
}

export interface LaneOptions {
  pollIntervalMs: number;
  configRecheckMs: number;
  /** Whether the API of this process is busy now (see ProcessLoad); the lane then yields. */
  apiBusy?: () => boolean;
}

/** Outcomes are written in batches: at most this many per statement, at most this late. */
const FLUSH_SIZE = 64;
const FLUSH_DELAY_MS = 5;

/**
 * While the API is busy, a lane claims at most this often and keeps at most an eighth of its slots
 * in flight: deliveries go on as a trickle (they never stop, and a center's API is rarely busy for
 * long), but no longer as a stream of claims, HTTP calls and outcome writes competing with the
 * officers' requests for the event loop and the database. The full rate comes back as soon as the
 * API is quiet, and the backlog of a busy hour drains then.
 */
const YIELD_CLAIM_INTERVAL_MS = 500;
const YIELD_SHARE = 8;

/**
 * Delivers one connector's records: keeps up to CONNECTOR_<KEY>_CONCURRENCY deliveries in flight
 * (one probe while the circuit is half-open, none while it is open or the connector is blocked by a
 * CONFIG error), claims more as slots free up, and writes outcomes in small batches. Woken by NOTIFY
 * when records are committed, by freed slots, or by its poll timer.
 */
export class DeliveryLane {
  private inFlight = 0;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private readonly outcomes = new BatchWriter<Batch>({
    empty: () => ({ outcomes: [], exchanges: [] }),
    // Exchanges always come with their delivery's outcome.
    size: (batch) => batch.outcomes.length,
    maxSize: FLUSH_SIZE,
    delayMs: FLUSH_DELAY_MS,
    write: (batch) => this.write(batch),
  });
  private blocked: string | null = null;
  private lastProbeAt = 0;
  private lastTakeBackAt = 0;
  private lastClaimAt = 0;
  private moreLikely = true;
  private idle: (() => void) | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly entry: ConnectorEntry,
    private readonly deps: { orm: MikroORM; store: SyncStore; states: ConnectorStateStore; recordDecision: RecordDecision },
    private readonly options: LaneOptions,
  ) {}

  get key(): string {
    return this.entry.connector.key;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** New records may be due: look now. */
  wake(): void {
    this.moreLikely = true;
    this.wakeUp?.();
  }

  /** Stops claiming, waits for deliveries in flight (up to `timeoutMs`) and writes their outcomes. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    if (this.inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (this.idle = resolve)),
        new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
      ]);
    }
    await this.outcomes.flush();
  }

  private async loop(): Promise<void> {
    this.blocked = await this.deps.states.blockedReason(this.key);
    while (!this.stopping) {
      try {
        const waitMs = await this.tick();
        if (waitMs > 0) await this.sleep(waitMs);
      } catch (error) {
        this.entry.log.error({ err: error }, 'delivery lane error; retrying shortly');
        await this.sleep(this.options.pollIntervalMs);
      }
    }
  }

  /** One round: claim what fits and start it. Returns how long to wait before the next round. */
  private async tick(): Promise<number> {
    if (this.blocked !== null) return this.whileBlocked();
    const { transport, settings } = this.entry;
    let capacity: number;
    if (transport.circuit === 'OPEN') {
      const untilProbe = transport.msUntilProbe();
      if (untilProbe > 0 || this.inFlight > 0) return Math.max(untilProbe, 20);
      capacity = 1;
    } else if (transport.circuit === 'HALF_OPEN') {
      capacity = this.inFlight === 0 ? 1 : 0;
    } else if (this.options.apiBusy?.()) {
      const sinceClaim = Date.now() - this.lastClaimAt;
      if (sinceClaim < YIELD_CLAIM_INTERVAL_MS) return YIELD_CLAIM_INTERVAL_MS - sinceClaim;
      capacity = Math.max(1, Math.floor(settings.common.concurrency / YIELD_SHARE)) - this.inFlight;
      if (capacity <= 0) return YIELD_CLAIM_INTERVAL_MS;
    } else {
      capacity = settings.common.concurrency - this.inFlight;
      // Under load, claim in batches (one query for a quarter of the slots) rather than one record per freed slot.
      if (this.inFlight > 0 && capacity < Math.max(1, Math.floor(settings.common.concurrency / 4))) return this.options.pollIntervalMs;
    }
    if (capacity <= 0) return this.options.pollIntervalMs;
    if (Date.now() - this.lastTakeBackAt >= this.options.pollIntervalMs) {
      this.lastTakeBackAt = Date.now();
      const taken = await this.deps.store.takeBackExpired(this.key);
      if (taken > 0) this.entry.log.warn({ records: taken }, 'took back deliveries whose worker stopped');
    }
    this.lastClaimAt = Date.now();
    const records = await this.deps.store.claim(this.key, capacity, settings.leaseMs);
    for (const record of records) this.launch(record);
    this.moreLikely = records.length === capacity;
    // A full claim means more is probably due: go on as soon as a slot frees up.
    return this.moreLikely ? (this.inFlight >= settings.common.concurrency ? this.options.pollIntervalMs : 0) : this.options.pollIntervalMs;
  }

  private launch(record: ClaimedRecord): void {
    this.inFlight += 1;
    void deliverRecord(this.entry, record, this.deps).then(({ outcome, exchanges }) => {
      this.inFlight -= 1;
      this.outcomes.add((batch) => {
        batch.outcomes.push(outcome);
        batch.exchanges.push(...exchanges);
      });
      if (this.inFlight === 0) this.idle?.();
      if (this.moreLikely) this.wakeUp?.();
    });
  }

  private async write(batch: Batch): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.deps.store.complete(this.key, batch.outcomes, batch.exchanges);
        break;
      } catch (error) {
        // The records stay RUNNING until their lease expires and are then delivered again: nothing is lost.
        if (attempt >= 3) {
          this.entry.log.error({ err: error, records: batch.outcomes.length }, 'could not record delivery outcomes; their leases will expire');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
    for (const outcome of batch.outcomes) {
      if (outcome.kind === 'FAILED' && outcome.dead) {
        // The message may quote the remote's own words (names, ids): operators read it on the record, not in the log.
        const httpStatus = batch.exchanges.findLast((e) => e.recordId === outcome.record.id)?.httpStatus ?? null;
        this.entry.log.warn({ record: outcome.record.id, errorClass: outcome.errorClass, httpStatus }, 'sync record is DEAD');
      }
    }
    const config = batch.outcomes.find((o) => o.kind === 'NOT_CHARGED' && o.errorClass === ErrorClass.CONFIG);
    if (config && config.kind === 'NOT_CHARGED' && this.blocked === null) await this.block(config.message);
    // A finished delivery may have been holding back the next one of its dossier: look again now.
    if (batch.outcomes.some((o) => o.kind === 'SUCCEEDED')) this.wake();
  }

  private async block(reason: string): Promise<void> {
    this.blocked = reason;
    await this.deps.states.block(this.key, reason);
    this.entry.log.error(
      { reason },
      'connector stopped delivering: its configuration is wrong. Fix it and restart, or retry its records once the remote side is fixed',
    );
  }

  /** While blocked: probe when the adapter can, and notice an operator's retry (which lifts the block). */
  private async whileBlocked(): Promise<number> {
    this.blocked = await this.deps.states.blockedReason(this.key);
    if (this.blocked === null) {
      this.entry.log.info('connector unblocked: deliveries resume');
      return 0;
    }
    if (this.entry.connector.checkHealth && Date.now() - this.lastProbeAt >= this.options.configRecheckMs) {
      this.lastProbeAt = Date.now();
      if (await probeBlockedConnector(this.entry, this.deps)) this.blocked = null;
      return 0;
    }
    return this.options.pollIntervalMs;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
