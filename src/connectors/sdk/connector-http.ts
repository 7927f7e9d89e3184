import { createHash, randomUUID } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import got, { type Got } from 'got';
import { scrubText } from '../../logger.js';
import { backoffDelay } from './backoff.js';
import { ConnectorError, ErrorClass, classifyStatus, parseRetryAfter } from './connector-error.js';
import type { ConnectorSettings } from './connector-settings.js';
import { IN_CALL_MAX_WAIT_MS, type CommonSettingDefaults } from './sdk-defaults.js';

/** One HTTP attempt as the exchange log keeps it (X-Road style): no body, no personal data, only its hash. */
export interface ExchangeEntry {
  connector: string;
  /** push, poll, verify, count, probe */
  operation: string;
  recordId: number | null;
  requestId: string;
  /** 1 for the first try of the call, 2 for its first in-call retry, ... */
  attempt: number;
  payloadSha256: string | null;
  httpStatus: number | null;
  durationMs: number;
  errorClass: ErrorClass | null;
  at: Date;
}

export type ExchangeSink = (entry: ExchangeEntry) => void;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the connector's base URL, e.g. "/TrackingMCDT". Encode dynamic segments. */
  path: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  /** Sent as Idempotency-Key: the remote dedupes on it. */
  idempotencyKey?: string;
  /** Non-2xx statuses that are answers rather than failures (e.g. 404 on a look-up). */
  accept?: readonly number[];
}

export interface HttpAnswer<T> {
  status: number;
  /** The parsed JSON body, or null when the body is empty. */
  body: T | null;
}

/** The shared HTTP client, bound to one connector and one operation. */
export interface ConnectorHttp {
  request<T = unknown>(request: HttpRequest): Promise<HttpAnswer<T>>;
}

/** The circuit is open: the call was not made (so it costs a delivery no attempt). */
export class CircuitOpenError extends ConnectorError {
  constructor(connector: string) {
    super(ErrorClass.TRANSIENT, `circuit open: ${connector} is considered down, calls are paused`, { remoteUnwell: false });
    this.name = 'CircuitOpenError';
  }
}

export type CircuitName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

const CIRCUIT_NAMES: Record<CircuitState, CircuitName> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

const MAX_REMOTE_MESSAGE = 300;

/**
 * The one HTTP policy of every connector: got 16 with its own retries off, wrapped by cockatiel 4
 * as retry(in-call, exponential backoff with jitter honouring Retry-After) -> circuit breaker (one
 * per connector, opened by consecutive failures that say the remote is unwell: network errors,
 * timeouts, 5xx) -> timeout (the signal aborts the socket). Every HTTP attempt is reported to an
 * exchange sink, and every failure leaves as a classified ConnectorError.
 */
export class ConnectorTransport {
  private readonly client: Got;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  private openedAt: number | null = null;

  constructor(
    readonly settings: ConnectorSettings,
    options: { onCircuitChange?: (state: CircuitName) => void } = {},
  ) {
    const { common } = settings;
    // Keep-alive sockets, as many as deliveries may run at once.
    this.agents = {
      http: new HttpAgent({ keepAlive: true, maxSockets: common.concurrency + 2 }),
      https: new HttpsAgent({ keepAlive: true, maxSockets: common.concurrency + 2 }),
    };
    this.client = got.extend({
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      agent: this.agents,
    });
    this.breaker = circuitBreaker(
      handleWhen((e) => e instanceof ConnectorError && e.remoteUnwell),
      { halfOpenAfter: common.breakerHalfOpenMs, breaker: new ConsecutiveBreaker(common.breakerThreshold) },
    );
    this.breaker.onBreak(() => (this.openedAt = Date.now()));
    this.breaker.onReset(() => (this.openedAt = null));
    this.breaker.onStateChange((state) => options.onCircuitChange?.(CIRCUIT_NAMES[state]));
    const inCall = retry(
      // Inside the policy an open circuit throws cockatiel's BrokenCircuitError (not a ConnectorError): it is never retried.
      handleWhen((e) => e instanceof ConnectorError && e.errorClass === ErrorClass.TRANSIENT && (e.retryAfterMs ?? 0) <= IN_CALL_MAX_WAIT_MS),
      {
        maxAttempts: common.retries,
        backoff: new DelegateBackoff((ctx) => {
          const failure = 'error' in ctx.result ? ctx.result.error : null;
          return inCallDelay(ctx.attempt, common, failure instanceof ConnectorError ? failure.retryAfterMs : null);
        }),
      },
    );
    this.policy = wrap(inCall, this.breaker, timeout(common.timeoutMs, TimeoutStrategy.Cooperative));
  }

  get circuit(): CircuitName {
    return CIRCUIT_NAMES[this.breaker.state];
  }

  /** How long until an open circuit lets a probe call through (0 when it would now, or is not open). */
  msUntilProbe(now: number = Date.now()): number {
    if (this.breaker.state !== CircuitState.Open || this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.settings.common.breakerHalfOpenMs - now);
  }

  /** A client for one operation (and one sync record, for deliveries) that reports to `sink`. */
  bind(scope: { operation: string; recordId?: number | null; sink: ExchangeSink }): ConnectorHttp {
    return { request: (request) => this.execute(request, scope) };
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async execute<T>(
    request: HttpRequest,
    scope: { operation: string; recordId?: number | null; sink: ExchangeSink },
  ): Promise<HttpAnswer<T>> {
    const { settings } = this;
    if (!settings.url) throw new ConnectorError(ErrorClass.CONFIG, `${settings.envName('URL')} is not set`);
    const url = new URL(settings.url + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    const bodyBytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const payloadSha256 = bodyBytes === undefined ? null : createHash('sha256').update(bodyBytes).digest('hex');
    let attempt = 0;
    try {
      return await this.policy.execute(async ({ signal }) => {
        attempt += 1;
        const requestId = randomUUID();
        const started = performance.now();
        let httpStatus: number | null = null;
        let errorClass: ErrorClass | null = null;
        try {
          const response = await this.client(url, {
            method: request.method,
            // One chunk with an explicit length: the same bytes on the wire as a string body (got's
            // chunked writer for strings races the request interceptor nock uses in tests).
            body: bodyBytes === undefined ? undefined : [bodyBytes],
            signal,
            headers: {
              accept: 'application/json',
              'x-request-id': requestId,
              ...(bodyBytes !== undefined
                ? { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bodyBytes.length) }
                : {}),
              ...(request.idempotencyKey ? { 'idempotency-key': request.idempotencyKey } : {}),
              ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
            },
          });
          httpStatus = response.statusCode;
          const answered = (httpStatus >= 200 && httpStatus < 300) || (request.accept ?? []).includes(httpStatus);
          if (answered) return { status: httpStatus, body: parseBody<T>(response.body, httpStatus) };
          throw new ConnectorError(classifyStatus(httpStatus), `HTTP ${httpStatus}${remoteMessageOf(response.body)}`, {
            httpStatus,
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
            remoteUnwell: httpStatus >= 500 || httpStatus === 408,
          });
        } catch (error) {
          const failure = error instanceof ConnectorError ? error : networkError(error, signal, settings.common.timeoutMs);
          errorClass = failure.errorClass;
          throw failure;
        } finally {
          scope.sink({
            connector: settings.key,
            operation: scope.operation,
            recordId: scope.recordId ?? null,
            requestId,
            attempt,
            payloadSha256,
            httpStatus,
            durationMs: Math.round(performance.now() - started),
            errorClass,
            at: new Date(),
          });
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new CircuitOpenError(settings.key);
      throw error;
    }
  }
}

/**
 * The wait before an in-call retry: the shared backoff, capped so that one call stays short, but
 * never below the remote's Retry-After (a longer one is not retried in the call at all).
 */
export function inCallDelay(
  attempt: number,
  common: Pick<CommonSettingDefaults, 'backoffBaseMs' | 'backoffMaxMs'>,
  retryAfterMs: number | null,
): number {
  return Math.max(Math.min(backoffDelay(attempt, common), IN_CALL_MAX_WAIT_MS), retryAfterMs ?? 0);
}

/** A 2xx body that is not JSON is a garbled answer: the remote may not have recorded anything, so try again. */
function parseBody<T>(text: string, status: number): T | null {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConnectorError(ErrorClass.TRANSIENT, `HTTP ${status} with a body that is not JSON`, { httpStatus: status });
  }
}

/** The remote's own words about a refusal, scrubbed of anything shaped like an id and kept short. */
function remoteMessageOf(text: string): string {
  let message = '';
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const parts = [parsed.error_code ?? parsed.error ?? parsed.code, parsed.message ?? parsed.reason]
      .filter((p) => typeof p === 'string' || typeof p === 'number')
      .map(String);
    message = parts.join(': ');
  } catch {
    message = '';
  }
  if (!message) return '';
  return `: ${scrubText(message).slice(0, MAX_REMOTE_MESSAGE)}`;
}

function networkError(error: unknown, signal: AbortSignal, timeoutMs: number): ConnectorError {
  if (signal.aborted) return new ConnectorError(ErrorClass.TRANSIENT, `no answer within ${timeoutMs} ms`);
  const code = (error as { code?: unknown }).code;
  return new ConnectorError(ErrorClass.TRANSIENT, `network error ${typeof code === 'string' ? code : 'while calling'}`);
}
