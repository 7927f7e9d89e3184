import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { CodeTemplate, DossierChange, DossierChangeListener, StatementPart } from '../../domain/dossier/dossier-change.js';
import { perChangeKey, type Connector, type ConnectorSettings, type DossierSyncEvent } from '../sdk/index.js';
import { feePaidByAt, feePaymentsOf, syncEventOf } from './sync-event.js';

/** The NOTIFY channel that wakes dispatchers when records were committed (payload: connector keys). */
export const SYNC_CHANNEL = 'motcua_sync';

/**
 * The sync record a connector wants for a change, by the connector's own rules, or null when it
 * wants none (switched off, delivers nothing, or the change is not for it). The one rule of the
 * outbox: the live listener and reconciliation's replay of unrecorded changes both apply it.
 */
export function outboxEntryOf(connector: Connector, settings: ConnectorSettings, event: DossierSyncEvent): { key: string; kind: string } | null {
  if (!settings.enabled || !connector.push || !connector.handles(event, settings)) return null;
  return { key: connector.idempotencyKey?.(event) ?? perChangeKey(event), kind: connector.kindOf?.(event) ?? 'dossier.status' };
}

/** The province a record is filed under for scoped views (null when the unit is itself a province). */
export function unitParentCodeOf(event: DossierSyncEvent): string | null {
  return event.provinceCode === event.unitCode ? null : event.provinceCode;
}

/**
 * The write side of the durable outbox: for every dossier change, one sync record per enabled
 * connector that handles it, in the change's own transaction (a change is never saved without its
 * deliveries, nor delivered without being saved). Records whose idempotency key exists already are
 * skipped: that is how "one EMC event per dossier and status" holds whatever path a dossier takes.
 * The NOTIFY in the same statement is delivered at commit and wakes the dispatchers at once; a
 * one-statement intake wakes them just after its commit instead (see SyncWakeUp).
 */
export class ConnectorOutboxListener implements DossierChangeListener {
  readonly name = 'connector-outbox';
  private readonly keys: ReadonlySet<string>;

  constructor(
    private readonly connectors: readonly { connector: Connector; settings: ConnectorSettings }[],
    /** Wakes the workers after a one-statement intake committed (see SyncWakeUp); null: they poll. */
    private readonly wakeUp: { soon(connectors: Iterable<string>): void } | null = null,
  ) {
    this.keys = new Set(connectors.map((c) => c.connector.key));
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const db = em.getKysely();
    // Only a procedure with a fee can have a payment; the others are spared the read.
    const payments = change.procedure.feeVnd > 0 ? await feePaymentsOf(db, [change.dossier.id]) : null;
    const feePaidBy = feePaidByAt(payments?.get(change.dossier.id), change.event.at);
    const inserted = this.insertOf(syncEventOf(change, this.keys, feePaidBy), null);
    if (!inserted) return;
    await sql`with inserted as (${inserted.query})
      select pg_notify(${SYNC_CHANNEL}, string_agg(distinct connector, ',')) from inserted having count(*) > 0`.execute(db);
  }

  /**
   * The same records inside the statement that creates a dossier: the code is filled into the
   * texts that hold it (dossier code, idempotency key, event). A connector whose key depends on
   * the code in another way than by quoting it cannot be templated: null, the general path.
   * A dossier being created has no payment yet: its fee is unpaid (feePaidBy null).
   */
  creationParts(change: DossierChange, code: CodeTemplate): StatementPart[] | null {
    const event = syncEventOf(change, this.keys);
    if (!this.templatable(change, event, code.placeholder)) return null;
    const inserted = this.insertOf(event, code);
    if (!inserted) return [];
    // No NOTIFY in the statement: the workers are woken after its commit (see SyncWakeUp).
    return [{ name: 'outbox_inserted', body: inserted.query, afterCommit: () => this.wakeUp?.soon(inserted.connectors) }];
  }

  /** The insert of this change's records (returning their connectors) and who gets one, or null when no connector wants one. */
  private insertOf(event: DossierSyncEvent, code: CodeTemplate | null) {
    const text = (value: string) => (code ? code.fill(value) : sql`${value}`);
    const rows = [];
    const connectors: string[] = [];
    for (const { connector, settings } of this.connectors) {
      const entry = outboxEntryOf(connector, settings, event);
      if (!entry) continue;
      connectors.push(connector.key);
      rows.push(sql`(${connector.key}, ${entry.kind}, ${text(entry.key)}, ${event.dossierId}::bigint, ${text(event.dossierCode)}, ${event.unitCode},
        ${unitParentCodeOf(event)}, ${text(JSON.stringify(event))}::jsonb)`);
    }
    if (rows.length === 0) return null;
    const query = sql`insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code, event)
      values ${sql.join(rows)}
      on conflict (connector, idempotency_key) where superseded_at is null do nothing
      returning connector`;
    return { query, connectors };
  }

  /** Whether every record's kind and key come out the same with the code filled in later as with it known now. */
  private templatable(change: DossierChange, a: DossierSyncEvent, placeholder: string): boolean {
    const other = `${placeholder}x`;
    const withOther = { ...change, dossier: Object.assign(Object.create(Object.getPrototypeOf(change.dossier)), change.dossier, { code: other }) };
    const b = syncEventOf(withOther, this.keys);
    return this.connectors.every(({ connector, settings }) => {
      const x = outboxEntryOf(connector, settings, a);
      const y = outboxEntryOf(connector, settings, b);
      if (x === null || y === null) return x === y;
      return x.kind === y.kind && x.key.split(placeholder).join(other) === y.key;
    });
  }
}
