import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import type { DossierSyncEvent, RemoteResult } from '../sdk/connector.js';
import type { ErrorClass } from '../sdk/connector-error.js';
import type { ExchangeEntry } from '../sdk/connector-http.js';

export enum SyncState {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  RETRYING = 'RETRYING',
  SUCCEEDED = 'SUCCEEDED',
  DEAD = 'DEAD',
}

/** A record a dispatcher claimed: it is RUNNING under `claimToken` until its lease expires. */
export interface ClaimedRecord {
  id: number;
  dossierId: number;
  idempotencyKey: string;
  kind: string;
  event: DossierSyncEvent;
  /** Attempts including this one. */
  attempts: number;
  remoteReference: string | null;
  claimToken: string;
}

/** How one claimed delivery ended. */
export type DeliveryOutcome =
  | { record: ClaimedRecord; kind: 'SUCCEEDED'; remoteReference: string | null; awaitingResult: boolean; result: RemoteResult | null }
  /** TRANSIENT with attempts left: RETRYING after `delayMs`; otherwise DEAD. */
  | { record: ClaimedRecord; kind: 'FAILED'; errorClass: ErrorClass; message: string; delayMs: number | null; dead: boolean }
  /** Not this record's fault (CONFIG, or the circuit was open): back in line, the attempt is not charged. */
  | { record: ClaimedRecord; kind: 'NOT_CHARGED'; errorClass: ErrorClass | null; message: string; delayMs: number };

/** Last error texts are cut to this length (they are shown to operators, not stored as logs). */
const MAX_ERROR_LENGTH = 500;

/**
 * The outbox's SQL for the delivery side. Everything that changes a record's state happens here,
 * in single statements, so that a crash at any point leaves each record in a state some worker can
 * continue from (at-least-once; remotes dedupe on the idempotency key).
 */
export class SyncStore {
  constructor(private readonly orm: MikroORM) {}

  private get db() {
    return this.orm.em.fork().getKysely();
  }

  /**
   * Takes back deliveries whose worker died: RUNNING past their lease become RETRYING now (the
   * attempt they used stays counted).
   */
  async takeBackExpired(connector: string): Promise<number> {
    const { rows } = await sql<{ id: string }>`update sync_record s
      set state = 'RETRYING', lease_until = null, claim_token = null, next_attempt_at = now(), updated_at = now(),
        last_error = 'taken back: the worker delivering it stopped before finishing', error_class = 'TRANSIENT'
      where s.id in (select id from sync_record
        where connector = ${connector} and state = 'RUNNING' and lease_until < now()
        for update skip locked)
      returning s.id`.execute(this.db);
    return rows.length;
  }

  /**
   * Claims up to `limit` due records of a connector, oldest due first. A record is due when its
   * time has come and no earlier record of the same dossier and connector is unfinished: deliveries
   * of one dossier go out in order, one at a time (an earlier DEAD record holds later ones back
   * until a person retries it).
   */
  async claim(connector: string, limit: number, leaseMs: number): Promise<ClaimedRecord[]> {
    if (limit <= 0) return [];
    const token = randomUUID();
    const { rows } = await sql<RawClaimed>`update sync_record s
      set state = 'RUNNING', attempts = s.attempts + 1, lease_until = now() + ${leaseMs} * interval '1 millisecond',
        claim_token = ${token}::uuid, last_attempt_at = now(), updated_at = now()
      where s.id in (
        select r.id from sync_record r
        where r.connector = ${connector} and r.state in ('PENDING', 'RETRYING') and r.next_attempt_at <= now()
          and not exists (select 1 from sync_record e
            where e.connector = r.connector and e.dossier_id = r.dossier_id and e.id < r.id and e.state <> 'SUCCEEDED')
        order by r.next_attempt_at, r.id
        limit ${limit}
        for update of r skip locked)
      returning s.id, s.dossier_id, s.idempotency_key, s.kind, s.event, s.attempts, s.remote_reference`.execute(this.db);
    return rows.map((r) => claimedOf(r, token)).sort((a, b) => a.id - b.id);
  }

  /**
   * Writes how a batch of deliveries ended, their exchange log entries, and the connector's last
   * success or error, in one statement. A record whose lease was taken back meanwhile (another
   * claim token) is left to its new owner.
   */
  async complete(connector: string, outcomes: readonly DeliveryOutcome[], exchanges: readonly ExchangeEntry[]): Promise<void> {
    if (outcomes.length === 0 && exchanges.length === 0) return;
    const values = outcomes.map((o) => valuesOf(o));
    const lastSuccess = outcomes.some((o) => o.kind === 'SUCCEEDED');
    const lastFailure = [...outcomes].reverse().find((o) => o.kind !== 'SUCCEEDED');
    const failureText = lastFailure && 'message' in lastFailure ? lastFailure.message.slice(0, MAX_ERROR_LENGTH) : null;
    const updated = values.length === 0
      ? sql`select 1 where false`
      : sql`update sync_record r set
          state = v.state,
          attempts = r.attempts - v.refund,
          next_attempt_at = case when v.delay_ms is null then r.next_attempt_at else now() + v.delay_ms * interval '1 millisecond' end,
          lease_until = null, claim_token = null,
          last_error = v.last_error, error_class = v.error_class,
          remote_reference = coalesce(v.remote_reference, r.remote_reference),
          awaiting_result = v.awaiting_result,
          result = coalesce(v.result, r.result),
          succeeded_at = case when v.state = 'SUCCEEDED' then now() else r.succeeded_at end,
          updated_at = now()
        from (values ${sql.join(values)}) as v(id, token, state, refund, delay_ms, last_error, error_class, remote_reference, awaiting_result, result)
        where r.id = v.id and r.claim_token = v.token
        returning r.id`;
    await sql`with updated as (${updated}),
      logged as (${exchangeInsert(exchanges)}),
      state as (
        insert into connector_state (key, last_success_at, last_error, last_error_at)
        values (${connector}, ${lastSuccess ? sql`now()` : sql`null`}, ${failureText}, ${failureText === null ? sql`null` : sql`now()`})
        on conflict (key) do update set
          last_success_at = coalesce(excluded.last_success_at, connector_state.last_success_at),
          last_error = coalesce(excluded.last_error, connector_state.last_error),
          last_error_at = coalesce(excluded.last_error_at, connector_state.last_error_at),
          updated_at = now()
        returning key)
      select (select count(*) from updated) as updated, (select count(*) from logged) as logged, (select count(*) from state) as state`
      .execute(this.db);
  }

  /** Records SUCCEEDED deliveries whose remote decides later, least recently asked first. */
  async awaitingResults(connector: string, limit: number): Promise<ClaimedRecord[]> {
    const { rows } = await sql<RawClaimed>`select id, dossier_id, idempotency_key, kind, event, attempts, remote_reference
      from sync_record where connector = ${connector} and awaiting_result
      order by result_checked_at nulls first, id limit ${limit}`.execute(this.db);
    return rows.map((r) => claimedOf(r, ''));
  }

  /** The remote has not decided yet (or could not be asked): ask again on a later run. */
  async resultStillPending(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`update sync_record set result_checked_at = now() where id = any(${[...ids]}::bigint[])`.execute(this.db);
  }

  async resultRecorded(id: number, result: RemoteResult): Promise<void> {
    await sql`update sync_record set awaiting_result = false, result = ${JSON.stringify(result)}::jsonb,
      result_checked_at = now(), updated_at = now() where id = ${id}`.execute(this.db);
  }

  /** Writes exchange log entries made outside deliveries (polls, identity checks, probes). */
  async logExchanges(exchanges: readonly ExchangeEntry[]): Promise<void> {
    if (exchanges.length === 0) return;
    await exchangeInsert(exchanges).execute(this.db);
  }

  /** Deletes exchange log rows older than `days`, in bounded batches. */
  async pruneExchanges(days: number): Promise<number> {
    let total = 0;
    for (;;) {
      const { rows } = await sql<{ id: string }>`delete from sync_exchange where id in (
        select id from sync_exchange where at < now() - ${days} * interval '1 day' limit 10000) returning id`.execute(this.db);
      total += rows.length;
      if (rows.length < 10000) return total;
    }
  }
}

interface RawClaimed {
  id: string;
  dossier_id: string;
  idempotency_key: string;
  kind: string;
  event: DossierSyncEvent | string;
  attempts: number;
  remote_reference: string | null;
}

function claimedOf(r: RawClaimed, claimToken: string): ClaimedRecord {
  return {
    id: Number(r.id),
    dossierId: Number(r.dossier_id),
    idempotencyKey: r.idempotency_key,
    kind: r.kind,
    event: typeof r.event === 'string' ? (JSON.parse(r.event) as DossierSyncEvent) : r.event,
    attempts: r.attempts,
    remoteReference: r.remote_reference,
    claimToken,
  };
}

function valuesOf(o: DeliveryOutcome): RawBuilder<unknown> {
  const row = (state: SyncState, refund: number, delayMs: number | null, lastError: string | null, errorClass: string | null,
    remoteReference: string | null, awaitingResult: boolean, result: RemoteResult | null) =>
    sql`(${o.record.id}::bigint, ${o.record.claimToken}::uuid, ${state}::text, ${refund}::int, ${delayMs}::int,
      ${lastError === null ? null : lastError.slice(0, MAX_ERROR_LENGTH)}::text, ${errorClass}::text, ${remoteReference}::text,
      ${awaitingResult}::boolean, ${result === null ? null : JSON.stringify(result)}::jsonb)`;
  switch (o.kind) {
    case 'SUCCEEDED':
      return row(SyncState.SUCCEEDED, 0, null, null, null, o.remoteReference, o.awaitingResult, o.result);
    case 'FAILED':
      return o.dead
        ? row(SyncState.DEAD, 0, null, o.message, o.errorClass, null, false, null)
        : row(SyncState.RETRYING, 0, o.delayMs ?? 0, o.message, o.errorClass, null, false, null);
    case 'NOT_CHARGED':
      return row(SyncState.RETRYING, 1, o.delayMs, o.message, o.errorClass, null, false, null);
  }
}

function exchangeInsert(exchanges: readonly ExchangeEntry[]): RawBuilder<unknown> {
  if (exchanges.length === 0) return sql`select 1 where false`;
  const rows = exchanges.map((e) => sql`(${e.at}::timestamptz, ${e.connector}, ${e.operation}, ${e.recordId}::bigint,
    ${e.requestId}::uuid, ${e.attempt}::int, ${e.payloadSha256}, ${e.httpStatus}::int, ${e.durationMs}::int, ${e.errorClass})`);
  return sql`insert into sync_exchange (at, connector, operation, sync_record_id, request_id, attempt, payload_sha256, http_status, duration_ms, error_class)
    values ${sql.join(rows)} returning id`;
}
