import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { DossierChange, DossierChangeListener } from '../../domain/dossier/dossier-change.js';
import { perChangeKey, type Connector, type ConnectorSettings, type DossierSyncEvent } from '../sdk/index.js';
import { syncEventOf } from './sync-event.js';

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
 * The NOTIFY in the same statement is delivered at commit and wakes the dispatchers at once.
 */
export class ConnectorOutboxListener implements DossierChangeListener {
  readonly name = 'connector-outbox';
  private readonly keys: ReadonlySet<string>;

  constructor(private readonly connectors: readonly { connector: Connector; settings: ConnectorSettings }[]) {
    this.keys = new Set(connectors.map((c) => c.connector.key));
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    const event = syncEventOf(change, this.keys);
    const rows = [];
    for (const { connector, settings } of this.connectors) {
      const entry = outboxEntryOf(connector, settings, event);
      if (!entry) continue;
      rows.push(sql`(${connector.key}, ${entry.kind}, ${entry.key}, ${event.dossierId}::bigint, ${event.dossierCode}, ${event.unitCode},
        ${unitParentCodeOf(event)}, ${JSON.stringify(event)}::jsonb)`);
    }
    if (rows.length === 0) return;
    await sql`with inserted as (
        insert into sync_record (connector, kind, idempotency_key, dossier_id, dossier_code, unit_code, unit_parent_code, event)
        values ${sql.join(rows)}
        on conflict (connector, idempotency_key) where superseded_at is null do nothing
        returning connector)
      select pg_notify(${SYNC_CHANNEL}, string_agg(distinct connector, ',')) from inserted having count(*) > 0`.execute(em.getKysely());
  }
}
