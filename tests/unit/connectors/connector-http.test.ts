import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { ConnectorError, ErrorClass, classifyStatus, parseRetryAfter } from '../../../src/connectors/sdk/connector-error.js';
import { CircuitOpenError, inCallDelay } from '../../../src/connectors/sdk/connector-http.js';
import type { Connector } from '../../../src/connectors/sdk/connector.js';
import { REMOTE, contextFor } from './connector-test-kit.js';

/** The shared HTTP policy every adapter goes through: classification, retries, Retry-After, circuit breaker, exchange log. */
const probe: Connector = { key: 'probe', name: 'Probe', handles: () => false, push: async () => ({}) };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

async function failureOf(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ConnectorError) return error;
    throw error;
  }
  throw new Error('expected a ConnectorError');
}

describe('classification: a 5xx or a timeout is the network’s fault, a 4xx the caller’s, refused credentials are CONFIG', () => {
  test.each([
    [500, ErrorClass.TRANSIENT],
    [502, ErrorClass.TRANSIENT],
    [503, ErrorClass.TRANSIENT],
    [429, ErrorClass.TRANSIENT],
    [408, ErrorClass.TRANSIENT],
    [400, ErrorClass.REMOTE_REJECTED],
    [409, ErrorClass.REMOTE_REJECTED],
    [422, ErrorClass.REMOTE_REJECTED],
    [401, ErrorClass.CONFIG],
    [403, ErrorClass.CONFIG],
    [404, ErrorClass.CONFIG],
  ])('HTTP %i is %s', (status, expected) => {
    expect(classifyStatus(status)).toBe(expected);
  });

  test('a 4xx is not retried and carries the remote’s reason; a 401 is CONFIG', async () => {
    const { ctx } = contextFor(probe, { RETRIES: '3' });
    nock(REMOTE).post('/probe/x').reply(400, { error_code: 'MISSING_SITE_ID', message: 'SiteId is required' });
    const rejected = await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(rejected).toMatchObject({ errorClass: ErrorClass.REMOTE_REJECTED, httpStatus: 400 });
    expect(rejected.message).toBe('HTTP 400: MISSING_SITE_ID: SiteId is required');

    nock(REMOTE).post('/probe/x').reply(401, { error: 'UNAUTHORIZED' });
    expect(await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }))).toMatchObject({ errorClass: ErrorClass.CONFIG, httpStatus: 401 });
    expect(nock.isDone()).toBe(true);
  });

  test('a 5xx is retried in the call, and succeeds when the remote recovers', async () => {
    const { ctx, exchanges } = contextFor(probe, { RETRIES: '2' });
    nock(REMOTE).post('/probe/x').reply(503).post('/probe/x').reply(502).post('/probe/x').reply(200, { ok: true });
    const answer = await ctx.http.request({ method: 'POST', path: '/x', json: { a: 1 } });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(exchanges.map((e) => [e.attempt, e.httpStatus, e.errorClass])).toEqual([
      [1, 503, ErrorClass.TRANSIENT],
      [2, 502, ErrorClass.TRANSIENT],
      [3, 200, null],
    ]);
  });

  test('no answer within the timeout is TRANSIENT, and the socket is given up', async () => {
    const { ctx, exchanges } = contextFor(probe, { RETRIES: '0', TIMEOUT_MS: '50' });
    nock(REMOTE).post('/probe/x').delay(1000).reply(200, {});
    const failure = await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(failure).toMatchObject({ errorClass: ErrorClass.TRANSIENT, httpStatus: null });
    expect(failure.message).toBe('no answer within 50 ms');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ httpStatus: null, errorClass: ErrorClass.TRANSIENT });
  });

  test('a connection refused is TRANSIENT', async () => {
    // A real closed port on this machine (nock lets loopback through for this test only).
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    nock.enableNetConnect('127.0.0.1');
    try {
      const { ctx } = contextFor(probe, { RETRIES: '0', URL: `http://127.0.0.1:${port}` });
      expect(await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }))).toMatchObject({
        errorClass: ErrorClass.TRANSIENT,
        message: 'network error ECONNREFUSED',
      });
    } finally {
      nock.disableNetConnect();
    }
  });

  test('a 2xx whose body is not JSON is a garbled answer: TRANSIENT', async () => {
    const { ctx } = contextFor(probe, { RETRIES: '0' });
    nock(REMOTE).post('/probe/x').reply(200, '{"error_code":"0","mess', { 'content-type': 'application/json' });
    expect(await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }))).toMatchObject({ errorClass: ErrorClass.TRANSIENT, httpStatus: 200 });
  });

  test('statuses the adapter accepts are answers, not failures', async () => {
    const { ctx } = contextFor(probe);
    nock(REMOTE).get('/probe/citizens/1').reply(404, { exists: false });
    expect(await ctx.http.request({ method: 'GET', path: '/citizens/1', accept: [404] })).toEqual({ status: 404, body: { exists: false } });
  });
});

describe('Retry-After', () => {
  test('parsed as seconds or as an HTTP date', () => {
    const now = Date.parse('2025-11-24T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 24 Nov 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  test('a 429 with a short Retry-After is retried inside the call; the wait is the Retry-After, not shorter', async () => {
    const { ctx, exchanges } = contextFor(probe, { RETRIES: '1' });
    nock(REMOTE).post('/probe/x').reply(429, {}, { 'Retry-After': '0' }).post('/probe/x').reply(200, {});
    await ctx.http.request({ method: 'POST', path: '/x', json: {} });
    expect(exchanges.map((e) => e.httpStatus)).toEqual([429, 200]);
    const common = { backoffBaseMs: 5, backoffMaxMs: 20 };
    expect(inCallDelay(1, common, 1500)).toBe(1500);
    expect(inCallDelay(1, common, null)).toBeLessThanOrEqual(5);
  });

  test('a long Retry-After is not waited inside the call: it leaves with the failure for the outbox to schedule', async () => {
    const { ctx, exchanges } = contextFor(probe, { RETRIES: '3' });
    nock(REMOTE).post('/probe/x').reply(429, {}, { 'Retry-After': '120' });
    const failure = await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(failure).toMatchObject({ errorClass: ErrorClass.TRANSIENT, httpStatus: 429, retryAfterMs: 120_000 });
    expect(exchanges).toHaveLength(1);
  });
});

describe('circuit breaker (one per connector)', () => {
  test('opens after consecutive failures, then calls fail at once without reaching the remote; a probe after the pause closes it', async () => {
    const { ctx, transport, circuitChanges } = contextFor(probe, { RETRIES: '0', BREAKER_THRESHOLD: '3', BREAKER_HALF_OPEN_MS: '100' });
    const scope = nock(REMOTE).post('/probe/x').times(3).reply(503);
    for (let i = 0; i < 3; i++) await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(scope.isDone()).toBe(true);
    expect(transport.circuit).toBe('OPEN');
    expect(circuitChanges).toEqual(['OPEN']);
    expect(transport.msUntilProbe()).toBeGreaterThan(0);

    // Open: no request leaves (nock would refuse it: net connect is disabled and nothing is mocked).
    const open = await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(open).toBeInstanceOf(CircuitOpenError);

    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(transport.msUntilProbe()).toBe(0);
    nock(REMOTE).post('/probe/x').reply(200, {});
    await ctx.http.request({ method: 'POST', path: '/x', json: {} });
    expect(transport.circuit).toBe('CLOSED');
    expect(circuitChanges).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  test('refusals (4xx) and rate limits do not open it: the remote is up', async () => {
    const { ctx, transport } = contextFor(probe, { RETRIES: '0', BREAKER_THRESHOLD: '2' });
    nock(REMOTE).post('/probe/x').times(3).reply(422, {}).post('/probe/x').times(3).reply(429, {}, { 'Retry-After': '60' });
    for (let i = 0; i < 6; i++) await failureOf(ctx.http.request({ method: 'POST', path: '/x', json: {} }));
    expect(transport.circuit).toBe('CLOSED');
  });
});

describe('what goes on the wire and into the exchange log', () => {
  test('Idempotency-Key, X-Request-Id per attempt, bearer token, JSON; the log keeps a SHA-256 of the body, never the body', async () => {
    const { ctx, exchanges } = contextFor(probe, { TOKEN: 's3cret-token', RETRIES: '1' });
    const requestIds = new Set<string>();
    // Static replies with matchers (reply functions hang under jest's VM modules with nock 15).
    const scope = nock(REMOTE, {
      reqheaders: {
        'idempotency-key': 'K:RECEIVED:1',
        authorization: 'Bearer s3cret-token',
        'content-type': 'application/json; charset=utf-8',
        'x-request-id': (value: string | null) => {
          if (value) requestIds.add(value);
          return /^[0-9a-f-]{36}$/.test(value ?? '');
        },
      },
    })
      .post('/probe/x', { citizenId: '051203001234' })
      .reply(503, { error: 'BUSY' })
      .post('/probe/x', { citizenId: '051203001234' })
      .reply(201, { id: 'r-1' });
    await ctx.http.request({ method: 'POST', path: '/x', json: { citizenId: '051203001234' }, idempotencyKey: 'K:RECEIVED:1' });
    expect(scope.isDone()).toBe(true);
    // Each attempt has its own request id, and the exchange log has the same ones.
    expect(requestIds.size).toBe(2);
    expect(new Set(exchanges.map((e) => e.requestId))).toEqual(requestIds);
    const sha = createHash('sha256').update('{"citizenId":"051203001234"}').digest('hex');
    expect(exchanges.map((e) => e.payloadSha256)).toEqual([sha, sha]);
    expect(JSON.stringify(exchanges)).not.toContain('051203001234');
    expect(exchanges[1]).toMatchObject({ connector: 'probe', operation: 'push', recordId: 1, httpStatus: 201, errorClass: null });
  });

  test('no URL configured is a CONFIG error naming the variable, before any request', async () => {
    const { ctx } = contextFor(probe, { CONNECTOR_PROBE_URL: '' });
    expect(await failureOf(ctx.http.request({ method: 'GET', path: '/x' }))).toMatchObject({
      errorClass: ErrorClass.CONFIG,
      message: 'CONNECTOR_PROBE_URL is not set',
    });
  });
});
