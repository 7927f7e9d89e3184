import type { MikroORM } from '@mikro-orm/postgresql';
import type { RemoteDecision, RemoteDecisionOutcome } from '../../domain/dossier/dossier-remote-result.service.js';
import type { ClaimedRecord, DeliveryOutcome } from '../outbox/sync-store.js';
import type { RemoteResult } from '../sdk/connector.js';
import { backoffDelay } from '../sdk/backoff.js';
import { ConnectorError, ErrorClass, asConnectorError } from '../sdk/connector-error.js';
import { CircuitOpenError, type ExchangeEntry } from '../sdk/connector-http.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';

/** Records a remote decision on the dossier (the domain's DossierRemoteResultService). */
export type RecordDecision = (dossierId: number, decision: RemoteDecision) => Promise<RemoteDecisionOutcome>;

/**
 * One delivery attempt of a claimed record, turned into an outcome the store writes: SUCCEEDED;
 * FAILED (TRANSIENT: RETRYING after the shared backoff, honouring Retry-After, or DEAD after the
 * maximum attempts; REMOTE_REJECTED: DEAD with the reason); NOT_CHARGED (CONFIG, or an open circuit:
 * not the record's fault, so it keeps its attempts). Never throws.
 */
export async function deliverRecord(
  entry: ConnectorEntry,
  record: ClaimedRecord,
  deps: { orm: MikroORM; recordDecision: RecordDecision },
): Promise<{ outcome: DeliveryOutcome; exchanges: ExchangeEntry[] }> {
  const { connector, settings } = entry;
  const { ctx, exchanges } = callScope(entry, deps.orm, { operation: 'push', recordId: record.id, dossierId: record.dossierId });
  try {
    const problem = configurationProblem(entry);
    if (problem) throw new ConnectorError(ErrorClass.CONFIG, problem);
    if (!connector.push) throw new ConnectorError(ErrorClass.CONFIG, `connector ${connector.key} delivers nothing (no push)`);
    const pushed = await connector.push(
      {
        recordId: record.id,
        idempotencyKey: record.idempotencyKey,
        kind: record.kind,
        event: record.event,
        attempt: record.attempts,
        remoteReference: record.remoteReference,
      },
      ctx,
    );
    const recorded = pushed.result ? await recordAnswer(entry, record, pushed.result, deps.recordDecision) : null;
    // A decision the paused dossier cannot take yet is asked for again by the result poll.
    const awaiting = recorded === 'DEFERRED' || (Boolean(pushed.awaitingResult) && !pushed.result);
    return {
      outcome: {
        record,
        kind: 'SUCCEEDED',
        remoteReference: pushed.remoteReference ?? null,
        awaitingResult: awaiting && connector.pollResult !== undefined,
        result: pushed.result ?? null,
      },
      exchanges,
    };
  } catch (thrown) {
    return { outcome: outcomeOfFailure(entry, record, asConnectorError(thrown)), exchanges };
  }
}

/** Records the decision the remote answered at once; our own failure is logged and retried as TRANSIENT. */
async function recordAnswer(entry: ConnectorEntry, record: ClaimedRecord, result: RemoteResult, recordDecision: RecordDecision): Promise<RemoteDecisionOutcome> {
  try {
    return await recordDecision(record.dossierId, { ...result, source: entry.connector.key });
  } catch (err) {
    entry.log.error({ err, record: record.id }, 'delivered, but could not record the answer on the dossier');
    // The remote has it; only our side failed. Delivering again is harmless (the remote dedupes).
    throw new ConnectorError(ErrorClass.TRANSIENT, 'delivered, but the answer could not be recorded on the dossier');
  }
}

export function outcomeOfFailure(entry: ConnectorEntry, record: ClaimedRecord, error: ConnectorError): DeliveryOutcome {
  const message = `${error.errorClass}: ${error.message}`;
  if (error instanceof CircuitOpenError) {
    return { record, kind: 'NOT_CHARGED', errorClass: null, message, delayMs: 0 };
  }
  if (error.errorClass === ErrorClass.CONFIG) {
    return { record, kind: 'NOT_CHARGED', errorClass: ErrorClass.CONFIG, message, delayMs: 0 };
  }
  if (error.errorClass === ErrorClass.REMOTE_REJECTED) {
    return { record, kind: 'FAILED', errorClass: error.errorClass, message, delayMs: null, dead: true };
  }
  const { common } = entry.settings;
  const dead = record.attempts >= common.maxAttempts;
  return {
    record,
    kind: 'FAILED',
    errorClass: error.errorClass,
    message: dead ? `${message} (gave up after ${record.attempts} attempts)` : message,
    delayMs: dead ? null : backoffDelay(record.attempts, common, error.retryAfterMs),
    dead,
  };
}
