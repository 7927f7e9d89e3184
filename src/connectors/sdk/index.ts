/** The connector SDK: everything an adapter imports (see docs/connectors.md). */
export type {
  CommonSettingDefaults,
  Connector,
  ConnectorContext,
  ConnectorOptionSpec,
  CountBasis,
  Delivery,
  DossierData,
  DossierSyncEvent,
  IdentityAnswer,
  PushResult,
  RemoteCountQuery,
  RemoteDayCount,
  RemoteResult,
} from './connector.js';
export { ConnectorError, ErrorClass } from './connector-error.js';
export type { ConnectorHttp, HttpAnswer, HttpRequest } from './connector-http.js';
export type { ConnectorSettings } from './connector-settings.js';
export { reportRowsIn } from './remote-counts.js';
export { isReception, oncePerStatusKey, perChangeKey } from './sync-event-rules.js';
