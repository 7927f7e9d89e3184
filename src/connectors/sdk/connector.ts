import type { DossierTransfer } from '../../domain/dossier/dossier-change.js';
import type { Channel, DossierAction, DossierStatus, Outcome } from '../../domain/vocabulary/dossier-enums.js';
import type { OnlineLevel } from '../../domain/procedure/procedure-enums.js';
import type { LocalDate } from '../../domain/time/local-time.js';
import type { Logger } from '../../logger.js';
import type { ConnectorHttp } from './connector-http.js';
import type { ConnectorSettings } from './connector-settings.js';
import type { CommonSettingDefaults } from './sdk-defaults.js';

export type { CommonSettingDefaults } from './sdk-defaults.js';

/**
 * The contract a specialized system's adapter implements (ARCHITECTURE.md, "Connectors").
 *
 * A connector is a plain object registered in `src/connectors/registry.ts`. The runtime owns
 * everything that is the same for every system: reading settings from the environment, the HTTP
 * policy (timeout, retries with backoff and jitter, Retry-After, one circuit breaker per connector),
 * the durable outbox, ordering, leases, DEAD records, the exchange log and health. An adapter only
 * says which dossier changes it cares about, how one is put on the wire, and what the remote answered.
 *
 * Errors: an adapter throws `ConnectorError` (see connector-error.ts) with an error class, or lets
 * the HTTP client throw one (it classifies statuses and network failures itself).
 */
export interface Connector {
  /** Stable kebab-case key: the `connector` of procedures, the `<KEY>` of CONNECTOR_<KEY>_* settings. */
  readonly key: string;
  /** Human name shown to operators. */
  readonly name: string;
  /** Extra settings read from CONNECTOR_<KEY>_<ENV> (beyond the common ones every connector has). */
  readonly options?: readonly ConnectorOptionSpec[];
  /** Defaults for the common settings that differ from the SDK's (e.g. a short timeout for VNeID). */
  readonly defaults?: Partial<CommonSettingDefaults>;

  /**
   * A configuration problem that makes every delivery pointless (a missing site id, a missing URL),
   * or null. Checked at start and before each delivery: a problem blocks the connector's deliveries
   * (nothing is lost, records wait) and is shown to operators as `lastError`.
   */
  validate?(settings: ConnectorSettings): string | null;

  /**
   * True when this dossier change must be delivered to the remote system. Pure and fast: it runs
   * inside the change's transaction. A connector without `push` delivers nothing and answers false.
   */
  handles(event: DossierSyncEvent, settings: ConnectorSettings): boolean;

  /**
   * The delivery's idempotency key, unique per connector: a second change with the same key is not
   * recorded again (that is how "exactly one event per dossier and status" is enforced). Default:
   * `{dossier code}:{status}:{event sequence}` (one delivery per change).
   */
  idempotencyKey?(event: DossierSyncEvent): string;

  /** True for a connector that takes dossiers transferred to a unit whose `connector` is its key (setUnitConnector). */
  readonly takesTransfers?: boolean;

  /** What `kind` the sync record shows (default "dossier.status"). */
  kindOf?(event: DossierSyncEvent): string;

  /**
   * Delivers one change. Resolve = delivered (the remote answered 2xx); throw ConnectorError
   * otherwise. Optional: a system that is only asked (VNeID) has none, and no delivery lane runs for it.
   */
  push?(delivery: Delivery, ctx: ConnectorContext): Promise<PushResult>;

  /** Optional active probe (cheap authenticated GET): lets a connector blocked by a CONFIG error recover by itself once fixed. */
  checkHealth?(ctx: ConnectorContext): Promise<void>;

  /**
   * Optional: asks the remote for the result of a delivery that answered `awaitingResult: true`.
   * Called by a scheduled job until it returns a result. 'PENDING' = not decided yet; 'UNKNOWN' =
   * the remote does not know the dossier (it is delivered again).
   */
  pollResult?(delivery: Delivery, ctx: ConnectorContext): Promise<RemoteResult | 'PENDING' | 'UNKNOWN'>;

  /**
   * Optional reconciliation capability: what the remote holds, per unit and local day, so that it
   * can be compared with what was received locally. `countBasis` says which local dossiers the
   * remote's counts correspond to.
   */
  readonly countBasis?: CountBasis;
  countRemote?(query: RemoteCountQuery, ctx: ConnectorContext): Promise<RemoteDayCount[]>;

  /** Optional identity capability (VNeID): does this citizen id have an account, at which level. */
  verifyIdentity?(citizenId: string, ctx: ConnectorContext): Promise<IdentityAnswer>;
}

/**
 * A dossier change as connectors see it: everything an adapter needs to map it, and deliberately no
 * personal data (no applicant name, citizen id, phone or form data). It is stored as is in the
 * outbox; personal data is read from the dossier only at delivery time (`ctx.dossierData()`).
 */
export interface DossierSyncEvent {
  dossierId: number;
  dossierCode: string;
  unitCode: string;
  /** The unit's province (its parent), or the unit itself when it is a province. */
  provinceCode: string;
  procedureCode: string;
  procedureName: string;
  procedureOnlineLevel: OnlineLevel;
  /** Key of the specialized system that processes the procedure's dossiers (Procedure.connector). */
  procedureConnector: string | null;
  procedureFeeVnd: number;
  fieldCode: string;
  channel: Channel;
  /** Sequence number of the history event (1 for intake). */
  seq: number;
  action: DossierAction | null;
  fromStatus: DossierStatus | null;
  status: DossierStatus;
  outcome: Outcome | null;
  /** ISO instant of the change. */
  at: string;
  submittedAt: string | null;
  receivedAt: string | null;
  /** Who made the change: staff (with their id), the applicant, or the system (import, a connector). */
  actor: { kind: 'STAFF' | 'CITIZEN' | 'SYSTEM'; id: string | null };
  /** True when the change replays imported legacy history. */
  imported: boolean;
  /**
   * The receiving unit's name (e.g. "Phường Cẩm Thành"). This and the three fields below are the
   * facts of messages to the applicant (the notify connector); they are optional so that events
   * built before they existed stay valid, and an adapter treats an absent one as unknown.
   */
  unitName?: string;
  /** The statutory due date at the time of the change (YYYY-MM-DD), null before reception. */
  dueDate?: LocalDate | null;
  /** The promised date after EXTEND_DEADLINE (YYYY-MM-DD), null when never extended. */
  extendedDueDate?: LocalDate | null;
  /** Whether the applicant gave a phone number (never the number itself: that is read at delivery time). */
  applicantHasPhone?: boolean;
  /** TRANSFER / RETURN_TO_RECEIVER: the units it went between, and the receiving unit's connector (docs/routing.md). */
  transfer?: DossierTransfer;
  /**
   * How the procedure's fee was paid as this change was recorded: ONLINE (the payment platform) or
   * CASH (at the counter), null while unpaid or without a fee. Optional: events recorded before it
   * existed stay valid, and an adapter treats an absent one as unknown.
   */
  feePaidBy?: 'ONLINE' | 'CASH' | null;
}

/** One delivery attempt of a sync record. */
export interface Delivery {
  recordId: number;
  idempotencyKey: string;
  kind: string;
  event: DossierSyncEvent;
  /** 1 for the first attempt. */
  attempt: number;
  /** What an earlier successful push answered (for pollResult). */
  remoteReference: string | null;
}

export interface PushResult {
  /** The remote's own id for what was delivered, when it gives one. */
  remoteReference?: string | null;
  /** A decision that came back at once (e.g. a registration number). */
  result?: RemoteResult | null;
  /** The remote decides later: `pollResult` is called by a scheduled job until it answers. */
  awaitingResult?: boolean;
}

/** A remote system's decision on a dossier, recorded on the dossier (and in its history when it resolves it). */
export interface RemoteResult {
  decision: 'REGISTERED' | 'REJECTED';
  registrationNumber?: string | null;
  reason?: string | null;
  decidedAt?: Date | null;
  /** True when the decision resolves the dossier (RESOLVE APPROVED/DENIED if it is RECEIVED or PROCESSING). */
  resolvesDossier: boolean;
}

export type IdentityAnswer = { exists: false } | { exists: true; level: 1 | 2 };

/**
 * Which local dossiers a remote's counts are comparable with: ONLINE_RECEIVED = dossiers received
 * online (counted once per dossier, by the local date of receipt); HANDLED = every dossier the
 * connector handles, by the local date of receipt; TRANSFERRED = every dossier transferred (liên
 * thông) to a unit whose connector is this one, under that unit, by the local date of the transfer.
 */
export type CountBasis = 'ONLINE_RECEIVED' | 'HANDLED' | 'TRANSFERRED';

export interface RemoteCountQuery {
  /** A commune-level unit (5 digits) or a province (2 digits). */
  unitCode: string;
  /** The province of `unitCode` (equal to it for a province). */
  provinceCode: string;
  /** Unit codes the answer is restricted to: the unit itself, or a province with all its communes (the caller knows the unit tree; the remote may not). */
  unitCodes: readonly string[];
  from: LocalDate;
  to: LocalDate;
}

/** What the remote holds for one unit and local day: `codes` are distinct dossier codes, `count` their number. */
export interface RemoteDayCount {
  unitCode: string;
  date: LocalDate;
  count: number;
  codes: string[];
}

/** What an adapter gets for every call: its settings, the shared HTTP client bound to it, a logger. */
export interface ConnectorContext {
  readonly settings: ConnectorSettings;
  readonly http: ConnectorHttp;
  /** Logger with the connector's key; never log personal data or payloads. */
  readonly log: Logger;
  /** The dossier's personal data and form data, read at delivery time (push and pollResult only). */
  dossierData(): Promise<DossierData>;
}

export interface DossierData {
  applicant: { fullName: string; citizenId: string; phone: string | null };
  formData: Record<string, unknown> | null;
}

/** An extra setting of one connector, read from CONNECTOR_<KEY>_<env>. */
export interface ConnectorOptionSpec {
  /** Name in `settings.option(name)`. */
  name: string;
  /** Environment suffix, e.g. SITE_ID for CONNECTOR_EMC_SITE_ID. */
  env: string;
  description: string;
  /** Secrets are never logged, shown or returned by the API. */
  secret?: boolean;
  /** Used when the variable is unset (not for secrets). */
  default?: string;
  /** 'flag' options accept 1/0, true/false, yes/no, on/off and are read with `settings.flag(name)`. */
  type?: 'string' | 'flag';
  /**
   * String options: a server-wide variable read when CONNECTOR_<KEY>_<env> is unset (before `default`), for values the
   * whole server shares, e.g. PUBLIC_BASE_URL. Only variables the config hands to connectors apply.
   */
  fallbackEnv?: string;
}

