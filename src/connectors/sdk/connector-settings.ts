import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError, flagFrom, intFrom, type Env } from '../../config.js';
import type { Connector } from './connector.js';
import { IN_CALL_MAX_WAIT_MS, SDK_DEFAULTS, type CommonSettingDefaults } from './sdk-defaults.js';

/** `civil-status` -> `CIVIL_STATUS`: the <KEY> of CONNECTOR_<KEY>_* variables. */
export function envKeyOf(connectorKey: string): string {
  return connectorKey.toUpperCase().replace(/-/g, '_');
}

/**
 * One connector's settings, read once at start from CONNECTOR_<KEY>_* (ARCHITECTURE.md, "Running
 * it"). Secrets (the token, options marked secret) are kept out of enumeration: `JSON.stringify`,
 * `util.inspect` and loggers only ever see `toJSON()`, which leaves them out.
 */
export class ConnectorSettings {
  readonly #url: string | null;
  readonly #token: string | null;
  readonly #options: ReadonlyMap<string, string | null>;
  readonly #secretOptions: ReadonlySet<string>;

  constructor(
    readonly key: string,
    readonly enabled: boolean,
    url: string | null,
    readonly common: Readonly<CommonSettingDefaults>,
    /** How long a claimed delivery is ours before another worker may take it back. */
    readonly leaseMs: number,
    token: string | null,
    options: ReadonlyMap<string, string | null>,
    secretOptions: ReadonlySet<string>,
    /** True when the URL points at the bundled simulators (the embedded default). */
    readonly simulated = false,
  ) {
    this.#url = url;
    this.#token = token;
    this.#options = options;
    this.#secretOptions = secretOptions;
  }

  /** Base URL without a trailing slash; null when not configured. Private (it may carry credentials): shown through toJSON only. */
  get url(): string | null {
    return this.#url;
  }

  /** The bearer token sent as `Authorization: Bearer …`; never log it. */
  get token(): string | null {
    return this.#token;
  }

  /** A connector-specific option (see Connector.options), or null when unset. */
  option(name: string): string | null {
    if (!this.#options.has(name)) throw new Error(`connector ${this.key} has no option "${name}"`);
    return this.#options.get(name) ?? null;
  }

  /**
   * A flag option (type 'flag'): the same spellings as every other flag (1/0, true/false, yes/no,
   * on/off), whether it came from the environment or from `withOptions`.
   */
  flag(name: string): boolean {
    const label = `${this.key} option ${name}`;
    return flagFrom({ [label]: this.option(name) ?? undefined }, label, false);
  }

  /** The environment variable behind a setting, for messages that tell an operator what to set. */
  envName(suffix: string): string {
    return `CONNECTOR_${envKeyOf(this.key)}_${suffix}`;
  }

  /** The same settings pointing at another base URL (the bundled simulators). */
  withUrl(url: string, simulated: boolean): ConnectorSettings {
    return new ConnectorSettings(
      this.key, this.enabled, url.replace(/\/+$/, ''), this.common, this.leaseMs,
      this.#token, this.#options, this.#secretOptions, simulated,
    );
  }

  /** The same settings with some options replaced (defaults that only make sense for the simulators). */
  withOptions(values: Record<string, string>): ConnectorSettings {
    const options = new Map(this.#options);
    for (const [name, value] of Object.entries(values)) options.set(name, value);
    return new ConnectorSettings(
      this.key, this.enabled, this.url, this.common, this.leaseMs, this.#token, options, this.#secretOptions, this.simulated,
    );
  }

  /**
   * A digest of every setting, secrets included (hashed, never stored in clear): when it changes
   * between two starts, an operator changed the configuration, so a CONFIG block is lifted.
   */
  fingerprint(): string {
    const all = { ...this.toJSON(), token: this.#token, secrets: [...this.#secretOptions].map((n) => this.#options.get(n) ?? null) };
    return createHash('sha256').update(JSON.stringify(all)).digest('hex');
  }

  /** What may be shown or logged: every setting except secrets (whose presence alone is shown). */
  toJSON(): Record<string, unknown> {
    const options: Record<string, string | null> = {};
    for (const [name, value] of this.#options) {
      options[name] = this.#secretOptions.has(name) ? (value ? '[set]' : null) : value;
    }
    return {
      key: this.key,
      enabled: this.enabled,
      url: this.url === null ? null : withoutCredentials(this.url),
      simulated: this.simulated,
      token: this.#token ? '[set]' : null,
      leaseMs: this.leaseMs,
      ...this.common,
      options,
    };
  }

  [inspect.custom](): Record<string, unknown> {
    return this.toJSON();
  }
}

/** A URL as it may be shown: without user:password@. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return '[invalid url]';
  }
}

/** Settings of the delivery machinery shared by all connectors (SYNC_*). */
export interface SyncSettings {
  /** How often an idle dispatcher looks for due records (NOTIFY wakes it sooner). */
  pollIntervalMs: number;
  /** Overrides every connector's computed lease. */
  leaseMs: number | null;
  /** pg-boss cron (Asia/Ho_Chi_Minh) of the job that asks remotes for pending results. */
  resultPollCron: string;
  /** pg-boss cron of the job that verifies identities left PENDING when VNeID was unavailable. */
  identityRecheckCron: string;
  /** How often a connector blocked by a CONFIG error is probed again (when it can be probed). */
  configRecheckMs: number;
  /** Exchange log rows older than this are deleted by a daily job. */
  exchangeRetentionDays: number;
  /** Port of the bundled simulators on the embedded default (0 = any free port). */
  simulatorsPort: number;
  /**
   * When the API of this process is busy (at least this many requests in flight, or an event-loop
   * delay of at least `yieldLoopDelayMs`), the lanes yield: see DeliveryLane. 0 turns yielding off.
   */
  yieldRequests: number;
  yieldLoopDelayMs: number;
}

export function loadSyncSettings(env: Env): SyncSettings {
  const lease = env.SYNC_LEASE_MS;
  return {
    pollIntervalMs: intFrom(env, 'SYNC_POLL_INTERVAL_MS', 1_000, 10),
    leaseMs: lease === undefined || lease === '' ? null : intFrom(env, 'SYNC_LEASE_MS', 0, 100),
    resultPollCron: env.SYNC_RESULT_POLL_CRON || '* * * * *',
    identityRecheckCron: env.SYNC_IDENTITY_RECHECK_CRON || '* * * * *',
    configRecheckMs: intFrom(env, 'SYNC_CONFIG_RECHECK_MS', 60_000, 100),
    exchangeRetentionDays: intFrom(env, 'SYNC_EXCHANGE_RETENTION_DAYS', 90, 1),
    simulatorsPort: intFrom(env, 'SIMULATORS_PORT', 0, 0),
    yieldRequests: intFrom(env, 'SYNC_YIELD_REQUESTS', 2, 0),
    yieldLoopDelayMs: intFrom(env, 'SYNC_YIELD_LOOP_DELAY_MS', 50, 0),
  };
}

/**
 * Reads one connector's settings: CONNECTOR_<KEY>_URL, _ENABLED, _TOKEN, _TIMEOUT_MS,
 * _MAX_ATTEMPTS, _RETRIES, _BACKOFF_BASE_MS, _BACKOFF_MAX_MS, _CONCURRENCY, _BREAKER_THRESHOLD,
 * _BREAKER_HALF_OPEN_MS, plus the connector's own options. Malformed values stop the start with a
 * ConfigError naming the variable.
 */
export function loadConnectorSettings(connector: Connector, env: Env, sync: SyncSettings): ConnectorSettings {
  const name = (suffix: string) => `CONNECTOR_${envKeyOf(connector.key)}_${suffix}`;
  const d = { ...SDK_DEFAULTS, ...connector.defaults };
  const common: CommonSettingDefaults = {
    timeoutMs: intFrom(env, name('TIMEOUT_MS'), d.timeoutMs, 1),
    maxAttempts: intFrom(env, name('MAX_ATTEMPTS'), d.maxAttempts, 1),
    retries: intFrom(env, name('RETRIES'), d.retries, 0),
    backoffBaseMs: intFrom(env, name('BACKOFF_BASE_MS'), d.backoffBaseMs, 1),
    backoffMaxMs: intFrom(env, name('BACKOFF_MAX_MS'), d.backoffMaxMs, 1),
    concurrency: intFrom(env, name('CONCURRENCY'), d.concurrency, 1),
    breakerThreshold: intFrom(env, name('BREAKER_THRESHOLD'), d.breakerThreshold, 1),
    breakerHalfOpenMs: intFrom(env, name('BREAKER_HALF_OPEN_MS'), d.breakerHalfOpenMs, 1),
  };
  if (common.backoffMaxMs < common.backoffBaseMs) {
    throw new ConfigError(`${name('BACKOFF_MAX_MS')} must not be below ${name('BACKOFF_BASE_MS')}`);
  }
  const rawUrl = env[name('URL')]?.trim() || null;
  if (rawUrl !== null && !/^https?:\/\/[^/]/.test(rawUrl)) {
    throw new ConfigError(`${name('URL')} must be an http(s) URL`);
  }
  const options = new Map<string, string | null>();
  const secrets = new Set<string>();
  for (const spec of connector.options ?? []) {
    const variable = name(spec.env);
    if (spec.type === 'flag') {
      options.set(spec.name, flagFrom(env, variable, flagFrom({ [variable]: spec.default }, variable, false)) ? '1' : '0');
      continue;
    }
    const value = env[variable]?.trim() || (spec.fallbackEnv ? env[spec.fallbackEnv]?.trim() : undefined);
    options.set(spec.name, value ? value : spec.secret ? null : (spec.default ?? null));
    if (spec.secret) secrets.add(spec.name);
  }
  // A claimed delivery may take every in-call try with its timeout and waits; the lease outlives that.
  const worstCall = (common.retries + 1) * common.timeoutMs + common.retries * IN_CALL_MAX_WAIT_MS;
  return new ConnectorSettings(
    connector.key,
    flagFrom(env, name('ENABLED'), true),
    rawUrl === null ? null : rawUrl.replace(/\/+$/, ''),
    common,
    sync.leaseMs ?? worstCall + 30_000,
    env[name('TOKEN')] || null,
    options,
    secrets,
  );
}
