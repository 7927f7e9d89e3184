import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConnectorStateStore } from '../outbox/connector-state-store.js';
import { requeueDeliveries } from '../outbox/requeue-deliveries.js';
import type { ClaimedRecord, SyncStore } from '../outbox/sync-store.js';
import { ErrorClass, asConnectorError } from '../sdk/connector-error.js';
import type { RemoteResult } from '../sdk/connector.js';
import { CircuitOpenError, type ExchangeEntry } from '../sdk/connector-http.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';
import type { RecordDecision } from './deliver-record.js';

export interface PollSummary {
  asked: number;
  decided: number;
  /** Decided remotely, but the dossier is paused: asked again on a later run. */
  deferred: number;
  pending: number;
  redelivered: number;
}

/** How many awaiting records one run asks about, per connector. */
const POLL_BATCH = 500;

/**
 * Asks remotes that decide later (civil status) for their decisions on delivered dossiers and
 * records them through the domain (registration number, RESOLVE with the connector as actor).
 * Run by a scheduled job; stops early for a connector whose circuit opens or whose configuration
 * is refused.
 */
export class ResultPoller {
  constructor(private readonly deps: { orm: MikroORM; store: SyncStore; states: ConnectorStateStore; recordDecision: RecordDecision }) {}

  async poll(entry: ConnectorEntry): Promise<PollSummary> {
    const summary: PollSummary = { asked: 0, decided: 0, deferred: 0, pending: 0, redelivered: 0 };
    const { connector, settings, transport } = entry;
    if (!connector.pollResult || !settings.enabled || configurationProblem(entry) !== null) return summary;
    if ((await this.deps.states.blockedReason(connector.key)) !== null || transport.circuit === 'OPEN') return summary;
    const records = await this.deps.store.awaitingResults(connector.key, POLL_BATCH);
    const stillPending: number[] = [];
    const exchanges: ExchangeEntry[] = [];
    let stop = false;
    for (let i = 0; i < records.length && !stop; i += settings.common.concurrency) {
      const chunk = records.slice(i, i + settings.common.concurrency);
      await Promise.all(chunk.map(async (record) => {
        const answer = await this.ask(entry, record, exchanges);
        summary.asked += 1;
        if (answer === 'DECIDED') summary.decided += 1;
        else if (answer === 'REDELIVERED') summary.redelivered += 1;
        else if (answer === 'DEFERRED') {
          summary.deferred += 1;
          stillPending.push(record.id);
        } else {
          summary.pending += 1;
          stillPending.push(record.id);
          if (answer === 'STOP') stop = true;
        }
      }));
    }
    await this.deps.store.resultStillPending(stillPending);
    await this.deps.store.logExchanges(exchanges);
    return summary;
  }

  private async ask(entry: ConnectorEntry, record: ClaimedRecord, exchanges: ExchangeEntry[]): Promise<'DECIDED' | 'DEFERRED' | 'PENDING' | 'REDELIVERED' | 'STOP'> {
    const { connector } = entry;
    const { ctx, exchanges: own } = callScope(entry, this.deps.orm, { operation: 'poll', recordId: record.id, dossierId: record.dossierId });
    let answer: RemoteResult | 'PENDING' | 'UNKNOWN';
    try {
      answer = await connector.pollResult!(
        { recordId: record.id, idempotencyKey: record.idempotencyKey, kind: record.kind, event: record.event, attempt: record.attempts, remoteReference: record.remoteReference },
        ctx,
      );
    } catch (thrown) {
      return this.failed(entry, thrown);
    } finally {
      exchanges.push(...own);
    }
    if (answer === 'PENDING') return 'PENDING';
    try {
      if (answer === 'UNKNOWN') {
        // Sent again the way reconciliation re-sends a lost delivery: the acknowledged record stays as evidence.
        await this.deps.orm.em.fork().transactional((em) => requeueDeliveries(em.getKysely(), connector.key,
          [{ key: record.idempotencyKey, kind: record.kind, event: record.event, supersedes: record.id }],
          { reason: 'the remote no longer knew this acknowledged delivery: delivering it again' }));
        entry.log.warn({ record: record.id }, 'remote lost a delivered dossier; delivering it again');
        return 'REDELIVERED';
      }
      // A paused dossier cannot take the decision now: the record keeps waiting and is asked again.
      if ((await this.deps.recordDecision(record.dossierId, { ...answer, source: connector.key })) === 'DEFERRED') return 'DEFERRED';
      await this.deps.store.resultRecorded(record.id, answer);
      return 'DECIDED';
    } catch (err) {
      // Our side failed, not the remote: the answer is asked for again on the next run.
      entry.log.error({ err, record: record.id }, 'could not record what the remote answered about a delivered dossier');
      return 'PENDING';
    }
  }

  /** The remote could not be asked: a CONFIG error blocks the connector; an open circuit ends this run. */
  private async failed(entry: ConnectorEntry, thrown: unknown): Promise<'PENDING' | 'STOP'> {
    const error = asConnectorError(thrown);
    if (error.errorClass === ErrorClass.CONFIG) {
      await this.deps.states.block(entry.connector.key, `${error.errorClass}: ${error.message}`);
      entry.log.error({ reason: error.message }, 'connector refused our configuration while polling results');
      return 'STOP';
    }
    return error instanceof CircuitOpenError ? 'STOP' : 'PENDING';
  }
}
