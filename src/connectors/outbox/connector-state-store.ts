import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { CircuitName } from '../sdk/connector-http.js';

/** What operators see of a connector beyond its settings; shared by every process through the database. */
export interface ConnectorStateRow {
  key: string;
  blockedReason: string | null;
  blockedAt: Date | null;
  circuit: CircuitName;
  circuitChangedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
}

/**
 * The per-connector state in `connector_state`: a CONFIG block (deliveries stopped until the
 * configuration changes, a probe succeeds, or an operator retries), the circuit as the process
 * that delivers last saw it, and the last success and error. Kept in the database so that the API
 * process shows what the worker processes experience.
 */
export class ConnectorStateStore {
  constructor(private readonly orm: MikroORM) {}

  private get db() {
    return this.orm.em.fork().getKysely();
  }

  /**
   * Called at start with the settings' fingerprint and the result of the connector's validation:
   * a configuration that changed since the last start lifts an earlier block; a problem found now
   * blocks. Returns the block in force, if any.
   */
  async initialize(key: string, fingerprint: string, problem: string | null): Promise<string | null> {
    const { rows } = await sql<{ blocked_reason: string | null }>`insert into connector_state (key, settings_fingerprint, blocked_reason, blocked_at)
      values (${key}, ${fingerprint}, ${problem}, ${problem === null ? null : sql`now()`})
      on conflict (key) do update set
        blocked_reason = case
          when excluded.blocked_reason is not null then excluded.blocked_reason
          when connector_state.settings_fingerprint is distinct from excluded.settings_fingerprint then null
          else connector_state.blocked_reason end,
        blocked_at = case
          when excluded.blocked_reason is not null then coalesce(connector_state.blocked_at, now())
          when connector_state.settings_fingerprint is distinct from excluded.settings_fingerprint then null
          else connector_state.blocked_at end,
        settings_fingerprint = excluded.settings_fingerprint,
        updated_at = now()
      returning blocked_reason`.execute(this.db);
    return rows[0]?.blocked_reason ?? null;
  }

  async block(key: string, reason: string): Promise<void> {
    await sql`insert into connector_state (key, blocked_reason, blocked_at, last_error, last_error_at)
      values (${key}, ${reason}, now(), ${reason}, now())
      on conflict (key) do update set blocked_reason = excluded.blocked_reason,
        blocked_at = coalesce(connector_state.blocked_at, now()), last_error = excluded.last_error,
        last_error_at = now(), updated_at = now()`.execute(this.db);
  }

  /** Lifts a block; returns true when there was one. */
  async unblock(key: string): Promise<boolean> {
    const { rows } = await sql<{ key: string }>`update connector_state set blocked_reason = null, blocked_at = null, updated_at = now()
      where key = ${key} and blocked_reason is not null returning key`.execute(this.db);
    return rows.length > 0;
  }

  async blockedReason(key: string): Promise<string | null> {
    const { rows } = await sql<{ blocked_reason: string | null }>`select blocked_reason from connector_state where key = ${key}`.execute(this.db);
    return rows[0]?.blocked_reason ?? null;
  }

  async setCircuit(key: string, circuit: CircuitName): Promise<void> {
    await sql`insert into connector_state (key, circuit, circuit_changed_at) values (${key}, ${circuit}, now())
      on conflict (key) do update set circuit = excluded.circuit, circuit_changed_at = now(), updated_at = now()`.execute(this.db);
  }

  /** The last outcome of a call made outside deliveries (identity checks, polls). */
  async recordCall(key: string, error: string | null): Promise<void> {
    await sql`insert into connector_state (key, last_success_at, last_error, last_error_at)
      values (${key}, ${error === null ? sql`now()` : sql`null`}, ${error}, ${error === null ? sql`null` : sql`now()`})
      on conflict (key) do update set
        last_success_at = coalesce(excluded.last_success_at, connector_state.last_success_at),
        last_error = coalesce(excluded.last_error, connector_state.last_error),
        last_error_at = coalesce(excluded.last_error_at, connector_state.last_error_at),
        updated_at = now()`.execute(this.db);
  }

  async all(): Promise<Map<string, ConnectorStateRow>> {
    const { rows } = await sql<RawState>`select key, blocked_reason, blocked_at, circuit, circuit_changed_at,
      last_success_at, last_error, last_error_at from connector_state`.execute(this.db);
    return new Map(rows.map((r) => [r.key, {
      key: r.key,
      blockedReason: r.blocked_reason,
      blockedAt: dateOrNull(r.blocked_at),
      circuit: r.circuit,
      circuitChangedAt: dateOrNull(r.circuit_changed_at),
      lastSuccessAt: dateOrNull(r.last_success_at),
      lastError: r.last_error,
      lastErrorAt: dateOrNull(r.last_error_at),
    }]));
  }
}

interface RawState {
  key: string;
  blocked_reason: string | null;
  blocked_at: Date | string | null;
  circuit: CircuitName;
  circuit_changed_at: Date | string | null;
  last_success_at: Date | string | null;
  last_error: string | null;
  last_error_at: Date | string | null;
}

/** The ORM's connection hands timestamps over as text. */
export function dateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : value instanceof Date ? value : new Date(value);
}
