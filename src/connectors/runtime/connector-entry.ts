import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Logger } from '../../logger.js';
import type { Connector, ConnectorContext, DossierData } from '../sdk/connector.js';
import { ConnectorError, ErrorClass } from '../sdk/connector-error.js';
import type { ConnectorTransport, ExchangeEntry } from '../sdk/connector-http.js';
import type { ConnectorSettings } from '../sdk/connector-settings.js';

/** A registered connector with its settings and its transport (HTTP policy and circuit breaker). */
export interface ConnectorEntry {
  connector: Connector;
  settings: ConnectorSettings;
  transport: ConnectorTransport;
  log: Logger;
}

/** The configuration problem that stops a connector's deliveries, or null: a URL, then the adapter's own checks. */
export function configurationProblem(entry: Pick<ConnectorEntry, 'connector' | 'settings'>): string | null {
  const { connector, settings } = entry;
  if (!settings.url) return `${settings.envName('URL')} is not set`;
  return connector.validate?.(settings) ?? null;
}

/** A call's context plus the exchange log entries its HTTP attempts produced. */
export interface CallScope {
  ctx: ConnectorContext;
  exchanges: ExchangeEntry[];
}

/**
 * Builds the context an adapter gets for one call: the HTTP client bound to the operation (and the
 * record, for the exchange log), and lazy access to the dossier's personal data, which is read from
 * the dossier at that moment and never copied into the outbox.
 */
export function callScope(
  entry: ConnectorEntry,
  orm: MikroORM,
  scope: { operation: string; recordId?: number | null; dossierId?: number | null },
): CallScope {
  const exchanges: ExchangeEntry[] = [];
  const ctx: ConnectorContext = {
    settings: entry.settings,
    log: entry.log,
    http: entry.transport.bind({ operation: scope.operation, recordId: scope.recordId ?? null, sink: (e) => exchanges.push(e) }),
    dossierData: () => {
      if (scope.dossierId == null) throw new Error(`dossierData() is only available when delivering (connector ${entry.connector.key})`);
      return loadDossierData(orm, scope.dossierId);
    },
  };
  return { ctx, exchanges };
}

async function loadDossierData(orm: MikroORM, dossierId: number): Promise<DossierData> {
  const { rows } = await sql<{
    applicant_full_name: string;
    applicant_citizen_id: string;
    applicant_phone: string | null;
    form_data: Record<string, unknown> | string | null;
  }>`select applicant_full_name, applicant_citizen_id, applicant_phone, form_data from dossier where id = ${dossierId}`
    .execute(orm.em.fork().getKysely());
  const row = rows[0];
  if (!row) throw new ConnectorError(ErrorClass.REMOTE_REJECTED, 'the dossier no longer exists');
  return {
    applicant: { fullName: row.applicant_full_name, citizenId: row.applicant_citizen_id, phone: row.applicant_phone },
    formData: typeof row.form_data === 'string' ? (JSON.parse(row.form_data) as Record<string, unknown>) : row.form_data,
  };
}
