import type { MikroORM } from '@mikro-orm/postgresql';
import type { IdentityCheck, IdentityVerifier } from '../../domain/citizen/identity-verification.js';
import type { ConnectorStateStore } from '../outbox/connector-state-store.js';
import type { SyncStore } from '../outbox/sync-store.js';
import { ErrorClass, asConnectorError } from '../sdk/connector-error.js';
import { callScope, configurationProblem, type ConnectorEntry } from './connector-entry.js';

/** How long a CONFIG block read from the database is trusted before it is read again. */
const BLOCK_CACHE_MS = 5_000;

/**
 * The domain's IdentityVerifier on top of a connector with the verifyIdentity capability (VNeID).
 * Every failure (down, slow, circuit open, misconfigured) answers UNAVAILABLE at once, so that
 * intake keeps the filing PENDING instead of failing or waiting. Bookkeeping (exchange log, last
 * success) is written without making intake wait for it.
 */
export class ConnectorIdentityVerifier implements IdentityVerifier {
  private blocked: { reason: string | null; readAt: number } = { reason: null, readAt: 0 };

  constructor(
    private readonly entry: ConnectorEntry,
    private readonly deps: { orm: MikroORM; store: SyncStore; states: ConnectorStateStore },
  ) {}

  async check(citizenId: string): Promise<IdentityCheck> {
    const { connector, log } = this.entry;
    if (configurationProblem(this.entry) !== null || (await this.blockedReason()) !== null) return 'UNAVAILABLE';
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
        void this.deps.states.block(connector.key, failure).catch((e: unknown) => log.error({ err: e }, 'could not record the block'));
        log.error({ reason: error.message }, 'identity connector refused our configuration; filings stay PENDING until fixed');
      }
      return 'UNAVAILABLE';
    } finally {
      void Promise.all([this.deps.store.logExchanges(exchanges), this.deps.states.recordCall(connector.key, failure)])
        .catch((e: unknown) => log.error({ err: e }, 'could not write the exchange log'));
    }
  }

  private async blockedReason(): Promise<string | null> {
    if (Date.now() - this.blocked.readAt > BLOCK_CACHE_MS) {
      this.blocked = { reason: await this.deps.states.blockedReason(this.entry.connector.key), readAt: Date.now() };
    }
    return this.blocked.reason;
  }
}
