import { isPlainObject } from './sim-http.js';
import { envKeyOf } from '../src/connectors/sdk/connector-settings.js';

/**
 * The settings of a simulated system: the fault-injection knobs every system shares, plus the few
 * that shape one system's behaviour (civil-status decides dossiers after a delay, with a rejection
 * rate). They come from the defaults, then SIM_<SYSTEM>_<SETTING> variables, then the programmatic
 * options, and change at run time through PUT {base}/_sim/settings; every source goes through the
 * same validation, so a typo is an error that names the setting instead of a silently ignored knob.
 */
export type SystemName = 'emc' | 'civil-status' | 'vneid' | 'business-registration' | 'notify' | 'payment' | 'agency-system';

export const SYSTEM_NAMES: readonly SystemName[] = ['emc', 'civil-status', 'vneid', 'business-registration', 'notify', 'payment', 'agency-system'];

/** A window in which every request to the system gets 503 (ISO 8601 instants, `to` exclusive). */
export interface OutageWindow {
  from: string;
  to: string;
}

export type Seed = string | number | null;

export interface FaultSettings {
  /** Share of requests answered with `failureStatus`, recording nothing. */
  failureRate: number;
  /** The status of a simulated failure: 503 by default, any 5xx. */
  failureStatus: number;
  /** Delay before every answer: a fixed number of ms or a uniform [min, max] range. */
  latencyMs: number | [number, number];
  outages: OutageWindow[];
  /** Share of requests answered 429 with Retry-After: retryAfterSeconds. */
  rateLimitRate: number;
  retryAfterSeconds: number;
  /** Share of requests that never get an answer in time: held for hangMs (or until the client gives up), then 504. */
  timeoutRate: number;
  hangMs: number;
  /** Share of requests answered 200 with a body that is not valid JSON, recording nothing. */
  malformedRate: number;
  /** Share of pushes answered with the normal success but not recorded (remembered in /_sim/dropped). */
  dropRate: number;
  seed: Seed;
  /** When set, every request must carry `Authorization: Bearer <token>` (401 otherwise). */
  token: string | null;
}

export interface CivilStatusSettings extends FaultSettings {
  /** How long after it arrives a dossier is decided; 0 = when it is first looked at. */
  decideAfterMs: number;
  /** Share of dossiers rejected (per dossier code, reproducible with a seed). */
  rejectionRate: number;
}

export interface BusinessRegistrationSettings extends FaultSettings {
  /** Share of registrations refused with 422 REJECTED (per dossier code, reproducible with a seed). */
  rejectionRate: number;
}

export interface PaymentSettings extends FaultSettings {
  /** Where notifications go (motcua's POST /connectors/payment/notify); null: nothing can be paid yet. */
  notifyUrl: string | null;
  /** The HMAC-SHA256 secret shared with motcua (CONNECTOR_PAYMENT_SECRET). */
  secret: string | null;
}

export interface SettingsBySystem {
  emc: FaultSettings;
  'civil-status': CivilStatusSettings;
  vneid: FaultSettings;
  'business-registration': BusinessRegistrationSettings;
  notify: FaultSettings;
  payment: PaymentSettings;
  'agency-system': FaultSettings;
}

export type SettingsInput = { [K in SystemName]?: Partial<SettingsBySystem[K]> };

export class SettingsError extends Error {}

type Env = Record<string, string | undefined>;

/** How one setting is read from JSON (PUT, options) and from an environment variable's text. */
export interface FieldSpec {
  parse(value: unknown, where: string): unknown;
  parseEnv(text: string, where: string): unknown;
}

const MAX_DELAY_MS = 3_600_000;

function numberFromEnv(text: string, where: string): number {
  const trimmed = text.trim();
  const n = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(n)) throw new SettingsError(`${where}: "${text}" is not a number`);
  return n;
}

const rate: FieldSpec = {
  parse(value, where) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new SettingsError(`${where}: must be a number from 0 to 1`);
    }
    return value;
  },
  parseEnv(text, where) {
    return this.parse(numberFromEnv(text, where), where);
  },
};

function integer(min: number, max: number): FieldSpec {
  return {
    parse(value, where) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw new SettingsError(`${where}: must be a whole number from ${min} to ${max}`);
      }
      return value;
    },
    parseEnv(text, where) {
      return this.parse(numberFromEnv(text, where), where);
    },
  };
}

const delay = integer(0, MAX_DELAY_MS);

const latency: FieldSpec = {
  parse(value, where) {
    if (Array.isArray(value)) {
      if (value.length !== 2) throw new SettingsError(`${where}: a range is [min, max]`);
      const [min, max] = value.map((v) => delay.parse(v, where) as number) as [number, number];
      if (min > max) throw new SettingsError(`${where}: min ${min} is over max ${max}`);
      return [min, max];
    }
    return delay.parse(value, where);
  },
  parseEnv(text, where) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) return this.parse(jsonFromEnv(trimmed, where), where);
    const parts = trimmed.split(',');
    if (parts.length === 2) return this.parse(parts.map((p) => numberFromEnv(p, where)), where);
    return this.parse(numberFromEnv(trimmed, where), where);
  },
};

function jsonFromEnv(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SettingsError(`${where}: not valid JSON`);
  }
}

const outages: FieldSpec = {
  parse(value, where) {
    if (!Array.isArray(value)) throw new SettingsError(`${where}: must be an array of {from, to}`);
    return value.map((window, i) => {
      const at = `${where}[${i}]`;
      if (!isPlainObject(window) || typeof window.from !== 'string' || typeof window.to !== 'string') {
        throw new SettingsError(`${at}: must be {from, to} with ISO 8601 instants`);
      }
      const from = Date.parse(window.from);
      const to = Date.parse(window.to);
      if (Number.isNaN(from) || Number.isNaN(to)) throw new SettingsError(`${at}: from and to must be ISO 8601 instants`);
      if (from >= to) throw new SettingsError(`${at}: from must be before to`);
      return { from: new Date(from).toISOString(), to: new Date(to).toISOString() } satisfies OutageWindow;
    });
  },
  parseEnv(text, where) {
    return this.parse(jsonFromEnv(text, where), where);
  },
};

const seed: FieldSpec = {
  parse(value, where) {
    if (value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw new SettingsError(`${where}: must be a string, a number or null`);
  },
  parseEnv(text) {
    return text.trim() === '' ? null : text.trim();
  },
};

const token: FieldSpec = {
  parse(value, where) {
    if (value === null || (typeof value === 'string' && value !== '')) return value;
    throw new SettingsError(`${where}: must be a non-empty string or null`);
  },
  parseEnv(text) {
    return text === '' ? null : text;
  },
};

const FAULT_FIELDS: Record<keyof FaultSettings, FieldSpec> = {
  failureRate: rate,
  failureStatus: integer(500, 599),
  latencyMs: latency,
  outages,
  rateLimitRate: rate,
  retryAfterSeconds: integer(0, 86_400),
  timeoutRate: rate,
  hangMs: delay,
  malformedRate: rate,
  dropRate: rate,
  seed,
  token,
};

export const DEFAULT_FAULT_SETTINGS: FaultSettings = {
  failureRate: 0,
  failureStatus: 503,
  latencyMs: 0,
  outages: [],
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  timeoutRate: 0,
  hangMs: 30_000,
  malformedRate: 0,
  dropRate: 0,
  seed: null,
  token: null,
};

/** The rates that pick a fault: one draw per request, so together they cannot exceed 1. */
export const FAULT_RATES = ['failureRate', 'rateLimitRate', 'timeoutRate', 'malformedRate', 'dropRate'] as const;

/** The prefix of a system's environment variables: SIM_EMC_, SIM_CIVIL_STATUS_, ... */
export function envPrefixOf(system: SystemName): string {
  return `SIM_${envKeyOf(system)}_`;
}

/** failureRate -> FAILURE_RATE */
function envSuffixOf(field: string): string {
  return field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The settings a system accepts, their defaults, and how each source is validated. */
export class SettingsSchema<S extends FaultSettings> {
  private readonly fields: Record<string, FieldSpec>;

  constructor(
    readonly system: SystemName,
    readonly defaults: S,
    extraFields: Record<Exclude<keyof S, keyof FaultSettings>, FieldSpec>,
  ) {
    this.fields = { ...FAULT_FIELDS, ...extraFields };
  }

  /** Defaults, then the environment (SIM_SEED seeds every system that has no seed of its own), then `input`. */
  resolve(env: Env, input: Partial<S> | undefined): S {
    const prefix = envPrefixOf(this.system);
    let settings = { ...this.defaults, outages: [...this.defaults.outages] } as S;
    const fromEnv: Record<string, unknown> = {};
    for (const [field, spec] of Object.entries(this.fields)) {
      const name = prefix + envSuffixOf(field);
      const text = env[name] ?? (field === 'seed' ? env.SIM_SEED : undefined);
      if (text !== undefined) fromEnv[field] = spec.parseEnv(text, name);
    }
    settings = this.checked({ ...settings, ...fromEnv }, `${prefix}* variables`);
    return input === undefined ? settings : this.apply(settings, input);
  }

  /** A partial change (PUT body or setSettings): unknown names and bad values are errors, nothing is half-applied. */
  apply(current: S, patch: unknown): S {
    if (!isPlainObject(patch)) throw new SettingsError('settings must be a JSON object');
    const next = { ...current } as Record<string, unknown>;
    for (const [field, value] of Object.entries(patch)) {
      const spec = this.fields[field];
      if (!spec) {
        throw new SettingsError(`unknown setting "${field}" for ${this.system}; known: ${Object.keys(this.fields).join(', ')}`);
      }
      next[field] = spec.parse(value, field);
    }
    return this.checked(next as S, 'settings');
  }

  /** What GET /_sim/settings shows: the token is a secret, so only whether one is set. */
  redacted(settings: S): S {
    const shown = { ...settings, token: settings.token === null ? null : '[set]' } as S & { secret?: string | null };
    if (typeof shown.secret === 'string') shown.secret = '[set]';
    return shown;
  }

  private checked(settings: S, where: string): S {
    const total = FAULT_RATES.reduce((sum, field) => sum + settings[field], 0);
    if (total > 1 + 1e-9) {
      throw new SettingsError(`${where}: ${FAULT_RATES.join(' + ')} add up to ${total}, over 1 (one fault per request at most)`);
    }
    return settings;
  }
}

/** Field specs the systems reuse for their own settings. */
export const rateSetting = rate;
export const delaySetting = delay;
