import { Channel, DossierStatus } from '../../../src/domain/vocabulary/dossier-enums.js';
import { OnlineLevel } from '../../../src/domain/procedure/procedure-enums.js';
import { createLogger } from '../../../src/logger.js';
import type { Connector, ConnectorContext, DossierData, DossierSyncEvent } from '../../../src/connectors/sdk/connector.js';
import { ConnectorTransport, type ExchangeEntry } from '../../../src/connectors/sdk/connector-http.js';
import { envKeyOf, loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';

/** Base URL nock intercepts in adapter tests. */
export const REMOTE = 'http://remote.test';

export interface TestContext {
  ctx: ConnectorContext;
  transport: ConnectorTransport;
  exchanges: ExchangeEntry[];
  circuitChanges: string[];
}

/** An adapter's context as the runtime builds it, against `REMOTE/<path>` with settings from `env`. */
export function contextFor(
  connector: Connector,
  env: Record<string, string> = {},
  options: { path?: string; dossierData?: DossierData } = {},
): TestContext {
  const prefix = `CONNECTOR_${envKeyOf(connector.key)}_`;
  const withDefaults: Record<string, string> = {
    [`${prefix}URL`]: `${REMOTE}${options.path ?? `/${connector.key}`}`,
    [`${prefix}BACKOFF_BASE_MS`]: '5',
    [`${prefix}BACKOFF_MAX_MS`]: '20',
    ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k.startsWith('CONNECTOR_') ? k : `${prefix}${k}`, v])),
  };
  const settings = loadConnectorSettings(connector, withDefaults, loadSyncSettings({}));
  const circuitChanges: string[] = [];
  const transport = new ConnectorTransport(settings, { onCircuitChange: (c) => circuitChanges.push(c) });
  const exchanges: ExchangeEntry[] = [];
  const ctx: ConnectorContext = {
    settings,
    http: transport.bind({ operation: 'push', recordId: 1, sink: (e) => exchanges.push(e) }),
    log: createLogger({ level: 'silent' }),
    dossierData: async () => options.dossierData ?? { applicant: { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: null }, formData: { a: 1 } },
  };
  return { ctx, transport, exchanges, circuitChanges };
}

/** A dossier change as the outbox stores it; override what a test is about. */
export function syncEvent(overrides: Partial<DossierSyncEvent> = {}): DossierSyncEvent {
  return {
    dossierId: 7,
    dossierCode: '21025-251124-0007',
    unitCode: '21025',
    provinceCode: '51',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    procedureOnlineLevel: OnlineLevel.FULL,
    procedureConnector: 'civil-status',
    procedureFeeVnd: 0,
    fieldCode: 'HO_TICH',
    channel: Channel.ONLINE,
    seq: 2,
    action: null,
    fromStatus: DossierStatus.SUBMITTED,
    status: DossierStatus.RECEIVED,
    outcome: null,
    at: '2025-11-24T02:15:00.000Z',
    submittedAt: '2025-11-24T01:00:00.000Z',
    receivedAt: '2025-11-24T02:15:00.000Z',
    actor: { kind: 'STAFF', id: 'officer-1' },
    imported: false,
    ...overrides,
  };
}

export function delivery(event: DossierSyncEvent, key = `${event.dossierCode}:${event.status}:1`) {
  return { recordId: 1, idempotencyKey: key, kind: 'dossier.status', event, attempt: 1, remoteReference: null };
}
