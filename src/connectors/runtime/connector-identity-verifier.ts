import type { MikroORM } from '@mikro-orm/postgresql';
import type { IdentityCheck, IdentityVerifier } from '../../domain/citizen/identity-verification.js';
import type { ConnectorStateStore } from '../outbox/connector-state-store.js';
import type { SyncStore } from '../outbox/sync-store.js';
import { ErrorClass, asConnectorError } from '../sdk/connector-error.js';
import type { ExchangeEntry } from '../sdk/connector-http.js';
import { BatchWriter } from './batch-writer.js';
import { probeBlockedConnector } from './config-probe.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';

/** How long a CONFIG block read from the database is trusted before it is read again. */
const BLOCK_CACHE_MS = 5_000;
/** While the outcome stays the same, the connector's last success or error is written at most this often. */
const STATE_REFRESH_MS = 60_000;
/** Exchange log entries are written in batches: at most this many per statement, at most this late. */
const FLUSH_SIZE = 64;
const FLUSH_DELAY_MS = 200;

/** What waits to be written: exchange log entries, and the outcomes (failure text, null for a success) connector_state should hear of. */
interface Batch {
  exchanges: ExchangeEntry[];
  outcomes: (string | null)[];
}

export interface IdentityVerifierOptions {
  /** SYNC_CONFIG_RECHECK_MS: how often a connector blocked by a CONFIG error is probed again. */
  configRecheckMs: number;
}

/**
 * The domain's IdentityVerifier on top of a connector with the verifyIdentity capability (VNeID).
 * Every failure (down, slow, circuit open, misconfigured) answers UNAVAILABLE at once, so that
 * intake keeps the filing PENDING instead of failing or waiting. A CONFIG block is probed again
 * (`checkHealth`) once SYNC_CONFIG_RECHECK_MS has passed, so that it lifts by itself once fixed.
 *
 * Bookkeeping never makes intake wait, and stays cheap under load: exchange log entries are
 * buffered and written in batches (as delivery lanes do), and the shared `connector_state` row is
 * written only when the outcome changes (success to failure, or another error), or at most once a
 * minute to keep `lastSuccessAt` fresh: not once per filing.
 */
export class ConnectorIdentityVerifier implements IdentityVerifier {
  private blocked: { reason: string | null; readAt: number } = { reason: null, readAt: 0 };
  private lastProbeAt = 0;
  /** The outcome last written to connector_state (failure text, null for a success), and when. */
  private recorded: { failure: string | null; at: number } | null = null;
  private readonly bookkeeping = new BatchWriter<Batch>({
    empty: () => ({ exchanges: [], outcomes: [] }),
    size: (batch) => batch.exchanges.length + batch.outcomes.length,
    maxSize: FLUSH_SIZE,
    delayMs: FLUSH_DELAY_MS,
    write: (batch) => this.write(batch),
  });

  constructor(
    private readonly entry: ConnectorEntry,
    private readonly deps: { orm: MikroORM; store: SyncStore; states: ConnectorStateStore },
    private readonly options: IdentityVerifierOptions,
  ) {}

  async check(citizenId: string): Promise<IdentityCheck> {
    const { connector, log } = this.entry;
    if (configurationProblem(this.entry) !== null) return 'UNAVAILABLE';
    if ((await this.blockedReason()) !== null) {
      // Not awaited: intake answers at once; a successful probe serves the next filings.
      void this.recoverIfDue().catch((e: unknown) => log.error({ err: e }, 'could not probe the identity connector'));
      return 'UNAVAILABLE';
    }
    const { ctx, exchanges } = callScope(this.entry, this.deps.orm, { operation: 'verify' });
    let failure: string | null = null;
    try {
      const answer = await connector.verifyIdentity!(citizenId, ctx);
      if (!answer.exists) return 'NOT_FOUND';
      return answer.level === 2 ? 'LEVEL_2' : 'LEVEL_1';
    } catch (thrown) {
      const error = asConnectorError(thrown);
      failure = `${error.errorClass}: ${error.message}`;
      if (error.errorClass === ErrorClass.CONFIG) {
        this.blocked = { reason: failure, readAt: Date.now() };
        this.lastProbeAt = Date.now();
        void this.deps.states.block(connector.key, failure).catch((e: unknown) => log.error({ err: e }, 'could not record the block'));
        log.error({ httpStatus: error.httpStatus }, 'identity connector refused our configuration; filings stay PENDING until fixed');
      }
      return 'UNAVAILABLE';
    } finally {
      this.note(exchanges, failure);
    }
  }

  /**
   * While blocked by a CONFIG error: probes the connector once SYNC_CONFIG_RECHECK_MS has passed
   * since the block or the last probe; a success lifts the block. Called by intake (without
   * waiting) and by the identity re-check job.
   */
  async recoverIfDue(): Promise<void> {
    if (!this.entry.connector.checkHealth || Date.now() - this.lastProbeAt < this.options.configRecheckMs) return;
    // Claimed before anything is awaited: concurrent filings start one probe, not one each.
    this.lastProbeAt = Date.now();
    if ((await this.blockedReason()) === null) return;
    if (await probeBlockedConnector(this.entry, this.deps)) this.blocked = { reason: null, readAt: Date.now() };
  }

  /** Writes what is buffered (called when the runtime stops). */
  flush(): Promise<void> {
    return this.bookkeeping.flush();
  }

  /** Buffers a call's exchanges, and its outcome when connector_state should hear of it. */
  private note(exchanges: readonly ExchangeEntry[], failure: string | null): void {
    const now = Date.now();
    const changed = this.recorded === null || this.recorded.failure !== failure || now - this.recorded.at >= STATE_REFRESH_MS;
    if (changed) this.recorded = { failure, at: now };
    this.bookkeeping.add((batch) => {
      batch.exchanges.push(...exchanges);
      if (changed) batch.outcomes.push(failure);
    });
  }

  private async write(batch: Batch): Promise<void> {
    const { connector, log } = this.entry;
    // The last success and the last error of the batch, in the order they happened (health compares their times).
    const lastSuccess = batch.outcomes.lastIndexOf(null);
    const lastFailure = batch.outcomes.findLastIndex((o) => o !== null);
    const outcomes = [lastSuccess, lastFailure].filter((i) => i >= 0).sort((a, b) => a - b).map((i) => batch.outcomes[i]!);
    try {
      await this.deps.store.logExchanges(batch.exchanges);
      for (const failure of outcomes) await this.deps.states.recordCall(connector.key, failure);
    } catch (e) {
      log.error({ err: e, exchanges: batch.exchanges.length }, 'could not write the identity checks’ exchange log');
    }
  }

  private async blockedReason(): Promise<string | null> {
    if (Date.now() - this.blocked.readAt > BLOCK_CACHE_MS) {
      this.blocked = { reason: await this.deps.states.blockedReason(this.entry.connector.key), readAt: Date.now() };
    }
    return this.blocked.reason;
  }
}
