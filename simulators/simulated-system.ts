import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAULT_HEADER, FaultInjector, faultOverrideOf, type Fault } from './fault-injector.js';
import type { PendingTimers } from './pending-timers.js';
import { PushStore, type DroppedPush, type ReceivedPush, type StoredPush } from './push-store.js';
import { readJsonBody, sendJson, sendMalformed, SimHttpError, type SimReply } from './sim-http.js';
import { SettingsError, type FaultSettings, type OutageWindow, type SettingsSchema, type SystemName } from './sim-settings.js';

/** The logging the simulators need; a pino logger fits. Silent unless the caller passes one. */
export interface SimulatorLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const SILENT_LOGGER: SimulatorLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** What every system shares with the server that hosts it. */
export interface SimRuntime {
  logger: SimulatorLogger;
  timers: PendingTimers;
}

/** One request as a system's routes see it, after fault injection and the token check. */
export interface SimRequest {
  readonly method: string;
  /** Path segments after the system's prefix (or after `_sim` for control routes), decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly idempotencyKey: string | null;
  /** `drop` reaches the routes (a push must then answer success without recording); no other fault does. */
  readonly fault: Fault;
  readonly now: number;
  json(): Promise<unknown>;
}

/** What tests (in process) and the server can do with one simulated system. */
export interface SimulatorHandle<S extends FaultSettings = FaultSettings> {
  readonly name: SystemName;
  settings(): S;
  /** Validates and applies a partial change; throws SettingsError and changes nothing when invalid. */
  setSettings(patch: Partial<S>): S;
  /** Starts an outage now, for forMs milliseconds. */
  startOutage(forMs: number): OutageWindow;
  received(): ReceivedPush[];
  dropped(): DroppedPush[];
  /** Forgets everything received, dropped and decided; keeps the settings; restarts the seeded sequence. */
  reset(): void;
}

/** A push a route accepts: how to answer it, how to record it, and what a repeat answers. */
export interface Push {
  /** The dossier code it is about (null when the system has none). */
  code: string | null;
  /** The status it reports, kept in the dropped list (EMC's Status). */
  status?: string | number | null;
  body: unknown;
  /** Repeats are recognised by dossier code as well as by Idempotency-Key. */
  dedupeOnCode?: boolean;
  /** The success answer, and the change to the system's state that recording it makes. */
  accept(): { reply: SimReply; commit(): void };
  /** The answer to a repeat; the stored first answer when absent. */
  replay?(stored: StoredPush): SimReply;
}

/**
 * The machinery every simulated system shares: settings, fault injection, the token check,
 * idempotent pushes with per-key delivery counts, the dropped-push memory and the /_sim control
 * routes. A system adds its own routes (and control routes) and its own state.
 */
export abstract class SimulatedSystem<S extends FaultSettings = FaultSettings> implements SimulatorHandle<S> {
  protected readonly pushes = new PushStore();
  private current: S;
  private readonly faults: FaultInjector;

  constructor(
    readonly name: SystemName,
    private readonly schema: SettingsSchema<S>,
    settings: S,
    protected readonly runtime: SimRuntime,
  ) {
    this.current = settings;
    this.faults = new FaultInjector(settings, name);
  }

  /** The system's own API (everything outside /_sim). */
  protected abstract route(request: SimRequest): Promise<SimReply> | SimReply;

  /** The system's own control routes under /_sim; null when none matches. */
  protected controlRoute(_request: SimRequest): Promise<SimReply | null> | SimReply | null {
    return null;
  }

  /** Forgets the system's own state (what reset() clears beyond the pushes). */
  protected abstract clearState(): void;

  /** The error shape of this system; EMC answers {error_code, message}, most others {error, message}. */
  protected errorBody(code: string, message: string): unknown {
    return { error: code, message };
  }

  /** The live settings, for the system's own routes (no copy: they are read on every request). */
  protected get config(): Readonly<S> {
    return this.current;
  }

  settings(): S {
    return structuredClone(this.current);
  }

  setSettings(patch: Partial<S>): S {
    this.current = this.schema.apply(this.current, patch);
    this.faults.configure(this.current);
    this.runtime.logger.info({ system: this.name, settings: this.schema.redacted(this.current) }, 'simulator settings changed');
    return this.settings();
  }

  startOutage(forMs: number): OutageWindow {
    if (!Number.isInteger(forMs) || forMs <= 0) throw new SettingsError('forMs must be a positive whole number of milliseconds');
    const now = Date.now();
    const window = { from: new Date(now).toISOString(), to: new Date(now + forMs).toISOString() };
    const current = this.current.outages.filter((w) => Date.parse(w.to) > now);
    this.setSettings({ outages: [...current, window] } as Partial<S>);
    return window;
  }

  received(): ReceivedPush[] {
    return this.pushes.received();
  }

  dropped(): DroppedPush[] {
    return this.pushes.dropped();
  }

  reset(): void {
    this.pushes.clear();
    this.clearState();
    this.faults.reseed();
    this.runtime.logger.info({ system: this.name }, 'simulator reset');
  }

  /** Serves one request whose path starts with this system's prefix; `segments` are the rest. */
  async handle(req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams): Promise<void> {
    let fault: Fault = 'none';
    try {
      if (segments[0] === '_sim') {
        this.send(res, await this.control(this.requestOf(req, segments.slice(1), query, 'none')));
        return;
      }
      fault = this.faults.choose(faultOverrideOf(req.headers[FAULT_HEADER]), Date.now());
      const latency = this.faults.latencyMs();
      if (latency > 0) await this.runtime.timers.sleep(latency, res);
      if (res.destroyed) return;
      const faulted = await this.faultReply(fault, res);
      if (faulted === 'sent') return;
      if (faulted) {
        this.send(res, faulted);
        return;
      }
      this.checkToken(req);
      this.send(res, await this.route(this.requestOf(req, segments, query, fault)));
    } catch (error) {
      if (error instanceof SimHttpError) {
        this.send(res, { status: error.status, body: this.errorBody(error.code, error.message) });
      } else {
        this.runtime.logger.error({ system: this.name, err: error }, 'simulator failed to handle a request');
        this.send(res, { status: 500, body: this.errorBody('INTERNAL', 'internal error of the simulator') });
      }
    } finally {
      // The first segment names the route; later ones can be a citizen id, which never reaches a log.
      this.runtime.logger.debug(
        { system: this.name, method: req.method, route: segments[0] ?? '', status: res.statusCode, fault },
        'simulator request',
      );
    }
  }

  /**
   * Idempotent recording: a repeat (same key, or same code where the system dedupes on it) is
   * counted and answered like the first time; a dropped push gets the normal success and is only
   * remembered in the dropped list.
   */
  protected acceptPush(request: SimRequest, push: Push): SimReply {
    const key = request.idempotencyKey;
    const dedupeCode = push.dedupeOnCode ? push.code : null;
    const known = this.pushes.find(key, dedupeCode);
    if (known) {
      this.pushes.redeliver(known, key);
      return push.replay ? push.replay(known) : known.reply;
    }
    const { reply, commit } = push.accept();
    if (request.fault === 'drop') {
      this.pushes.drop({ idempotencyKey: key, code: push.code, status: push.status ?? null, body: push.body }, request.now);
      return reply;
    }
    commit();
    this.pushes.record(key, dedupeCode, push.body, reply, request.now);
    return reply;
  }

  /** The answer a fault gives instead of the real one; null to go on; 'sent' when already answered. */
  private async faultReply(fault: Fault, res: ServerResponse): Promise<SimReply | 'sent' | null> {
    switch (fault) {
      case 'outage':
        return { status: 503, body: this.errorBody('OUTAGE', `${this.name} is down (simulated outage)`) };
      case 'fail':
        return { status: this.current.failureStatus, body: this.errorBody('SIMULATED_FAILURE', `${this.name} failed (simulated)`) };
      case 'ratelimit':
        return {
          status: 429,
          body: this.errorBody('RATE_LIMITED', `${this.name} is rate limiting (simulated)`),
          headers: { 'retry-after': String(this.current.retryAfterSeconds) },
        };
      case 'timeout':
        await this.runtime.timers.sleep(this.current.hangMs, res);
        return res.destroyed ? 'sent' : { status: 504, body: this.errorBody('TIMEOUT', `${this.name} did not answer in time (simulated)`) };
      case 'malformed':
        sendMalformed(res);
        return 'sent';
      default:
        return null;
    }
  }

  private checkToken(req: IncomingMessage): void {
    const token = this.current.token;
    if (token === null) return;
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] !== token) throw new SimHttpError(401, 'UNAUTHORIZED', 'missing or wrong bearer token');
  }

  private async control(request: SimRequest): Promise<SimReply> {
    switch (`${request.method} ${request.segments.join('/')}`) {
      case 'GET settings':
        return { status: 200, body: this.schema.redacted(this.current) };
      case 'PUT settings':
        return this.settingsChange(async () => {
          this.setSettings((await request.json()) as Partial<S>);
          return { status: 200, body: this.schema.redacted(this.current) };
        });
      case 'POST outage':
        return this.settingsChange(async () => {
          const body = await request.json();
          const forMs = (body as { forMs?: unknown } | null)?.forMs;
          const outage = this.startOutage(typeof forMs === 'number' ? forMs : NaN);
          return { status: 201, body: { outage, outages: this.current.outages } };
        });
      case 'GET received':
        return { status: 200, body: this.received() };
      case 'GET dropped':
        return { status: 200, body: this.dropped() };
      case 'POST reset':
        this.reset();
        return { status: 200, body: { reset: true } };
    }
    const reply = await this.controlRoute(request);
    if (reply) return reply;
    throw new SimHttpError(404, 'NOT_FOUND', `no control route ${request.method} /_sim/${request.segments.join('/')}`);
  }

  private async settingsChange(change: () => Promise<SimReply>): Promise<SimReply> {
    try {
      return await change();
    } catch (error) {
      if (error instanceof SettingsError) throw new SimHttpError(400, 'INVALID_SETTINGS', error.message);
      throw error;
    }
  }

  private requestOf(req: IncomingMessage, segments: string[], query: URLSearchParams, fault: Fault): SimRequest {
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && key.trim() !== '' ? key.trim() : null;
    return { method: req.method ?? 'GET', segments, query, idempotencyKey, fault, now: Date.now(), json: () => readJsonBody(req) };
  }

  private send(res: ServerResponse, reply: SimReply): void {
    sendJson(res, reply.status, reply.body, reply.headers);
  }
}

/** The 404 of a system's own API. */
export function noRoute(request: SimRequest): SimHttpError {
  return new SimHttpError(404, 'NOT_FOUND', `no route ${request.method} /${request.segments.join('/')}`);
}
