import type { MikroORM } from '@mikro-orm/postgresql';
import type { ConnectorStateStore } from '../outbox/connector-state-store.js';
import type { SyncStore } from '../outbox/sync-store.js';
import { asConnectorError } from '../sdk/connector-error.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';

/**
 * Probes a connector stopped by a CONFIG error with its `checkHealth`: a success lifts the block in
 * the database (so every process resumes). Shared by the delivery lanes and the identity verifier,
 * each of which decides when a probe is due (SYNC_CONFIG_RECHECK_MS). Returns true when the block
 * was lifted; false when the connector cannot be probed or is still refused.
 */
export async function probeBlockedConnector(
  entry: ConnectorEntry,
  deps: { orm: MikroORM; store: SyncStore; states: ConnectorStateStore },
): Promise<boolean> {
  const { connector, log } = entry;
  if (!connector.checkHealth || configurationProblem(entry) !== null) return false;
  const { ctx, exchanges } = callScope(entry, deps.orm, { operation: 'probe' });
  try {
    await connector.checkHealth(ctx);
  } catch (thrown) {
    const error = asConnectorError(thrown);
    log.warn({ errorClass: error.errorClass, httpStatus: error.httpStatus }, 'connector still misconfigured');
    return false;
  } finally {
    await deps.store.logExchanges(exchanges);
  }
  await deps.states.unblock(connector.key);
  log.info('connector probe succeeded: its configuration block is lifted');
  return true;
}
