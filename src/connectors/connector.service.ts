import type { MikroORM } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { requireCapability } from '../domain/access/access-policy.js';
import { Role, type Actor } from '../domain/access/actor.js';
import { DomainError } from '../domain/errors.js';
import { pageFrom, type Page, type PageRequest } from '../domain/paging.js';
import { dateOrNull, type ConnectorStateRow } from './outbox/connector-state-store.js';
import { SYNC_CHANNEL } from './outbox/outbox-listener.js';
import { SyncState } from './outbox/sync-store.js';
import { configurationProblem, type ConnectorEntry } from './runtime/connector-entry.js';
import type { ConnectorPorts } from './runtime/connector-ports.js';
import { scopeConditions, scopeOf } from './scope.js';

export enum ConnectorHealth {
  HEALTHY = 'HEALTHY',
  DEGRADED = 'DEGRADED',
  DOWN = 'DOWN',
  DISABLED = 'DISABLED',
}

export interface ConnectorStatus {
  key: string;
  name: string;
  enabled: boolean;
  health: ConnectorHealth;
  /** PENDING and RUNNING records (in the actor's scope). */
  pending: number;
  retrying: number;
  dead: number;
  lastSuccessAt: Date | null;
  lastError: string | null;
  circuit: string;
  url: string | null;
  simulated: boolean;
  capabilities: string[];
}

export interface SyncRecordRow {
  id: number;
  connector: string;
  dossierId: number;
  dossierCode: string;
  unitCode: string;
  kind: string;
  idempotencyKey: string;
  state: SyncState;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastError: string | null;
  errorClass: string | null;
  awaitingResult: boolean;
  remoteReference: string | null;
  createdAt: Date;
  updatedAt: Date;
  succeededAt: Date | null;
  /** When a reconciliation found the remote had lost this acknowledged delivery and superseded it. */
  supersededAt: Date | null;
  /** The reconciliation that queued this record (again); null for ordinary deliveries. */
  reconciliationReportId: number | null;
}

export interface SyncFilter {
  connector?: string | null;
  state?: SyncState[] | null;
  dossierCode?: string | null;
}

const COLUMNS = sql`id, connector, dossier_id, dossier_code, unit_code, kind, idempotency_key, state, attempts,
  case when state in ('PENDING', 'RETRYING') then next_attempt_at end as next_attempt_at, last_attempt_at,
  last_error, error_class, awaiting_result, remote_reference, created_at, updated_at, succeeded_at, superseded_at,
  reconciliation_report_id`;

/**
 * Connectors and sync records as operators see them (the `connectors`, `syncRecords`, `retrySync`
 * and `retryDeadSyncs` operations), with the access rules: SYSTEM_ADMIN everything; PROVINCE_ADMIN
 * and INTEGRATOR the records of dossiers in their scope (a province covers its communes); anyone
 * else FORBIDDEN.
 */
export class ConnectorService {
  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: ConnectorPorts,
  ) {}

  private get db() {
    return this.orm.em.fork().getKysely();
  }

  async list(actor: Actor | null): Promise<ConnectorStatus[]> {
    const who = requireCapability(actor, 'manageConnectors');
    const [states, scoped, global] = await Promise.all([
      this.runtime.states.all(),
      this.counts(scopeOf(who)),
      who.role === Role.SYSTEM_ADMIN ? null : this.counts(null),
    ]);
    return this.runtime.entries.map((entry) => {
      const key = entry.connector.key;
      const state = states.get(key) ?? null;
      const mine = scoped.get(key) ?? emptyCounts();
      return {
        key,
        name: entry.connector.name,
        enabled: entry.settings.enabled,
        health: healthOf(entry, state, (global ?? scoped).get(key) ?? emptyCounts()),
        pending: mine.PENDING + mine.RUNNING,
        retrying: mine.RETRYING,
        dead: mine.DEAD,
        lastSuccessAt: state?.lastSuccessAt ?? null,
        lastError: (entry.settings.enabled ? configurationProblem(entry) : null) ?? state?.blockedReason ?? state?.lastError ?? null,
        circuit: state?.circuit ?? 'CLOSED',
        url: (entry.settings.toJSON().url as string | null) ?? null,
        simulated: entry.settings.simulated,
        capabilities: capabilitiesOf(entry),
      };
    });
  }

  async records(actor: Actor | null, filter: SyncFilter, page: PageRequest<number>): Promise<Page<SyncRecordRow>> {
    const who = requireCapability(actor, 'manageConnectors');
    const where = sql.join([sql`true`, ...scopeConditions(scopeOf(who)), ...filterConditions(filter)], sql` and `);
    const after = page.after === null ? sql`` : sql`and id < ${page.after}`;
    const { rows } = await sql<RawRecord>`select ${COLUMNS} from sync_record where ${where} ${after}
      order by id desc limit ${page.first + 1}`.execute(this.db);
    return pageFrom(rows.map(toRow), page.first, async () => {
      const { rows: counted } = await sql<{ n: string }>`select count(*) as n from sync_record where ${where}`.execute(this.db);
      return Number(counted[0]!.n);
    });
  }

  /** One record (Query.node, retrySync): null when absent, FORBIDDEN outside the actor's scope. */
  async record(actor: Actor | null, id: number): Promise<SyncRecordRow | null> {
    const who = requireCapability(actor, 'manageConnectors');
    const { rows } = await sql<RawRecord & { unit_parent_code: string | null }>`select ${COLUMNS}, unit_parent_code
      from sync_record where id = ${id}`.execute(this.db);
    const row = rows[0];
    if (!row) return null;
    const scope = scopeOf(who);
    if (scope !== null && row.unit_code !== scope && row.unit_parent_code !== scope) throw new DomainError('FORBIDDEN', ['id']);
    return toRow(row);
  }

  /** DEAD or RETRYING -> PENDING now, with a fresh budget of attempts; a SYSTEM_ADMIN's retry also lifts a CONFIG block of its connector. */
  async retry(actor: Actor | null, id: number): Promise<SyncRecordRow> {
    const current = await this.record(actor, id);
    if (!current) throw new DomainError('NOT_FOUND', ['id'], { code: String(id) });
    if (current.state === SyncState.PENDING) return current;
    if (current.state !== SyncState.DEAD && current.state !== SyncState.RETRYING) {
      throw new DomainError('SYNC_NOT_RETRYABLE', ['id'], { state: current.state });
    }
    const { rows } = await sql<RawRecord>`with requeued as (
        update sync_record set state = 'PENDING', attempts = 0, manual_retries = manual_retries + 1,
          next_attempt_at = now(), updated_at = now()
        where id = ${id} and state in ('DEAD', 'RETRYING') returning *),
      notified as (select pg_notify(${SYNC_CHANNEL}, connector) from requeued)
      select ${COLUMNS} from requeued, (select count(*) from notified) n`.execute(this.db);
    await this.resume(current.connector, actor);
    return rows[0] ? toRow(rows[0]) : ((await this.record(actor, id)) ?? current);
  }

  /** Every DEAD record of a connector (in the actor's scope) back to PENDING; returns how many. */
  async retryDead(actor: Actor | null, connector: string): Promise<number> {
    const who = requireCapability(actor, 'manageConnectors');
    if (!this.runtime.entry(connector)) throw new DomainError('NOT_FOUND', ['connector'], { code: connector });
    const where = sql.join([sql`connector = ${connector}`, sql`state = 'DEAD'`, ...scopeConditions(scopeOf(who))], sql` and `);
    const { rows } = await sql<{ n: string }>`with requeued as (
        update sync_record set state = 'PENDING', attempts = 0, manual_retries = manual_retries + 1,
          next_attempt_at = now(), updated_at = now()
        where ${where} returning id)
      select count(*) as n, pg_notify(${SYNC_CHANNEL}, ${connector}) from requeued`.execute(this.db);
    await this.resume(connector, who);
    return Number(rows[0]?.n ?? 0);
  }

  /** Sync records of several dossiers (Dossier.syncRecords), oldest first. */
  async recordsOfDossiers(dossierIds: readonly number[]): Promise<Map<number, SyncRecordRow[]>> {
    const byDossier = new Map<number, SyncRecordRow[]>(dossierIds.map((id) => [id, []]));
    if (dossierIds.length === 0) return byDossier;
    const { rows } = await sql<RawRecord>`select ${COLUMNS} from sync_record
      where dossier_id = any(${[...dossierIds]}::bigint[]) order by dossier_id, id`.execute(this.db);
    for (const raw of rows) byDossier.get(Number(raw.dossier_id))?.push(toRow(raw));
    return byDossier;
  }

  /**
   * An operator retried: the lanes look again at once. A CONFIG block stops the connector for the
   * whole installation, so only a SYSTEM_ADMIN's retry lifts it (the remote side may be fixed); a
   * PROVINCE_ADMIN's or an INTEGRATOR's records wait for that, or for a successful probe.
   */
  private async resume(connector: string, actor: Actor | null): Promise<void> {
    if (actor?.role === Role.SYSTEM_ADMIN) await this.runtime.states.unblock(connector);
    this.runtime.wake([connector]);
  }

  private async counts(scope: string | null): Promise<Map<string, Record<SyncState, number>>> {
    const where = sql.join([sql`state <> 'SUCCEEDED'`, ...scopeConditions(scope)], sql` and `);
    const { rows } = await sql<{ connector: string; state: SyncState; n: string }>`select connector, state, count(*) as n
      from sync_record where ${where} group by connector, state`.execute(this.db);
    const counts = new Map<string, Record<SyncState, number>>();
    for (const row of rows) {
      const entry = counts.get(row.connector) ?? emptyCounts();
      entry[row.state] = Number(row.n);
      counts.set(row.connector, entry);
    }
    return counts;
  }
}

function filterConditions(filter: SyncFilter): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (filter.connector) parts.push(sql`connector = ${filter.connector}`);
  if (filter.state?.length) parts.push(sql`state = any(${filter.state}::text[])`);
  if (filter.dossierCode) parts.push(sql`dossier_code = ${filter.dossierCode.trim()}`);
  return parts;
}

function emptyCounts(): Record<SyncState, number> {
  return { PENDING: 0, RUNNING: 0, RETRYING: 0, SUCCEEDED: 0, DEAD: 0 };
}

/**
 * DISABLED: switched off, or stopped by a configuration problem until a person fixes it. DOWN: the
 * circuit is open. DEGRADED: probing after an outage, records waiting for a retry, or the last call
 * failed. HEALTHY otherwise.
 */
function healthOf(entry: ConnectorEntry, state: ConnectorStateRow | null, counts: Record<SyncState, number>): ConnectorHealth {
  if (!entry.settings.enabled || configurationProblem(entry) !== null || state?.blockedReason) return ConnectorHealth.DISABLED;
  if (state?.circuit === 'OPEN') return ConnectorHealth.DOWN;
  if (state?.circuit === 'HALF_OPEN' || counts.RETRYING > 0) return ConnectorHealth.DEGRADED;
  if (state?.lastErrorAt && (!state.lastSuccessAt || state.lastErrorAt > state.lastSuccessAt)) return ConnectorHealth.DEGRADED;
  return ConnectorHealth.HEALTHY;
}

function capabilitiesOf(entry: ConnectorEntry): string[] {
  const { connector } = entry;
  return [
    ...(connector.push ? ['push'] : []),
    ...(connector.pollResult ? ['pollResult'] : []),
    ...(connector.countRemote ? ['countRemote'] : []),
    ...(connector.verifyIdentity ? ['verifyIdentity'] : []),
    ...(connector.checkHealth ? ['checkHealth'] : []),
  ];
}

interface RawRecord {
  id: string;
  connector: string;
  dossier_id: string;
  dossier_code: string;
  unit_code: string;
  kind: string;
  idempotency_key: string;
  state: SyncState;
  attempts: number;
  next_attempt_at: Date | string | null;
  last_attempt_at: Date | string | null;
  last_error: string | null;
  error_class: string | null;
  awaiting_result: boolean;
  remote_reference: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  succeeded_at: Date | string | null;
  superseded_at: Date | string | null;
  reconciliation_report_id: string | null;
}

function toRow(r: RawRecord): SyncRecordRow {
  return {
    id: Number(r.id),
    connector: r.connector,
    dossierId: Number(r.dossier_id),
    dossierCode: r.dossier_code,
    unitCode: r.unit_code,
    kind: r.kind,
    idempotencyKey: r.idempotency_key,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: dateOrNull(r.next_attempt_at),
    lastAttemptAt: dateOrNull(r.last_attempt_at),
    lastError: r.last_error,
    errorClass: r.error_class,
    awaitingResult: r.awaiting_result,
    remoteReference: r.remote_reference,
    createdAt: dateOrNull(r.created_at)!,
    updatedAt: dateOrNull(r.updated_at)!,
    succeededAt: dateOrNull(r.succeeded_at),
    supersededAt: dateOrNull(r.superseded_at),
    reconciliationReportId: r.reconciliation_report_id === null ? null : Number(r.reconciliation_report_id),
  };
}
