import { randomSource, type Random } from './seeded-random.js';
import { SimHttpError } from './sim-http.js';
import type { FaultSettings } from './sim-settings.js';

/**
 * Picks, for each request, the fault it meets: a forced one (X-Sim-Fault header), the outage
 * window it falls in, or one random draw against the cumulative rates. One draw per request keeps
 * the rates exact shares of all requests and the work constant, whatever the load.
 */
export type Fault = 'none' | 'fail' | 'timeout' | 'ratelimit' | 'malformed' | 'drop' | 'outage';

export const FAULT_HEADER = 'x-sim-fault';

/** What X-Sim-Fault accepts: the five faults, and `none` to force a clean answer while rates are set. */
const FORCEABLE: ReadonlySet<string> = new Set(['none', 'fail', 'timeout', 'ratelimit', 'malformed', 'drop']);

export function faultOverrideOf(header: string | string[] | undefined): Fault | null {
  if (header === undefined) return null;
  const value = (Array.isArray(header) ? header[0]! : header).trim().toLowerCase();
  if (!FORCEABLE.has(value)) {
    throw new SimHttpError(400, 'INVALID_SIM_FAULT', `X-Sim-Fault must be one of ${[...FORCEABLE].join(', ')}`);
  }
  return value as Fault;
}

export class FaultInjector {
  private random: Random = Math.random;
  private windows: Array<[number, number]> = [];
  /** Upper bounds of each fault's slice of [0, 1), in the order failure, rate limit, timeout, malformed, drop. */
  private thresholds: Array<[number, Fault]> = [];

  constructor(
    private settings: FaultSettings,
    private readonly salt: string,
  ) {
    this.configure(settings);
  }

  /** Takes new settings; a new seed (or reseed()) restarts the random sequence. */
  configure(settings: FaultSettings): void {
    const seedChanged = settings.seed !== this.settings.seed;
    this.settings = settings;
    this.windows = settings.outages.map((w) => [Date.parse(w.from), Date.parse(w.to)]);
    let upTo = 0;
    this.thresholds = [];
    for (const [rate, fault] of [
      [settings.failureRate, 'fail'],
      [settings.rateLimitRate, 'ratelimit'],
      [settings.timeoutRate, 'timeout'],
      [settings.malformedRate, 'malformed'],
      [settings.dropRate, 'drop'],
    ] as Array<[number, Fault]>) {
      if (rate > 0) this.thresholds.push([(upTo += rate), fault]);
    }
    if (seedChanged || this.random === Math.random) this.reseed();
  }

  reseed(): void {
    this.random = randomSource(this.settings.seed, `${this.salt}:faults`);
  }

  choose(override: Fault | null, now: number): Fault {
    if (override !== null) return override;
    for (const [from, to] of this.windows) {
      if (now >= from && now < to) return 'outage';
    }
    if (this.thresholds.length === 0) return 'none';
    const u = this.random();
    for (const [upTo, fault] of this.thresholds) {
      if (u < upTo) return fault;
    }
    return 'none';
  }

  /** The delay before this answer, drawn after the fault so a seeded run stays reproducible. */
  latencyMs(): number {
    const latency = this.settings.latencyMs;
    if (typeof latency === 'number') return latency;
    const [min, max] = latency;
    return min === max ? min : Math.round(min + this.random() * (max - min));
  }
}
