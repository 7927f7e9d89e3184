import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { emcConnector } from '../../../src/connectors/emc/emc.connector.js';
import type { ClaimedRecord } from '../../../src/connectors/outbox/sync-store.js';
import { outcomeOfFailure } from '../../../src/connectors/runtime/deliver-record.js';
import { backoffDelay } from '../../../src/connectors/sdk/backoff.js';
import { ConnectorError, ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { CircuitOpenError, ConnectorTransport } from '../../../src/connectors/sdk/connector-http.js';
import { loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';
import { ConfigError } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { syncEvent } from './connector-test-kit.js';

const sync = loadSyncSettings({});

describe('settings from CONNECTOR_<KEY>_*', () => {
  test('defaults, overrides and the connector’s own options', () => {
    const settings = loadConnectorSettings(emcConnector, {
      CONNECTOR_EMC_URL: 'https://emc.example.gov.vn/api/',
      CONNECTOR_EMC_TIMEOUT_MS: '5000',
      CONNECTOR_EMC_MAX_ATTEMPTS: '3',
      CONNECTOR_EMC_SITE_ID: '51=QNG',
    }, sync);
    expect(settings.url).toBe('https://emc.example.gov.vn/api');
    expect(settings.enabled).toBe(true);
    expect(settings.common).toMatchObject({ timeoutMs: 5000, maxAttempts: 3, retries: 2, concurrency: 32 });
    expect(settings.option('siteId')).toBe('51=QNG');
    expect(settings.flag('includeImported')).toBe(false);
    // The lease outlives the worst call: every try with its timeout and the waits between them.
    expect(settings.leaseMs).toBeGreaterThan(3 * 5000);
  });

  test('a malformed value stops the start with a message naming the variable', () => {
    expect(() => loadConnectorSettings(emcConnector, { CONNECTOR_EMC_TIMEOUT_MS: 'soon' }, sync)).toThrow(ConfigError);
    expect(() => loadConnectorSettings(emcConnector, { CONNECTOR_EMC_URL: 'emc.local' }, sync)).toThrow('CONNECTOR_EMC_URL must be an http(s) URL');
    expect(() => loadConnectorSettings(emcConnector, { CONNECTOR_EMC_ENABLED: 'maybe' }, sync)).toThrow(/CONNECTOR_EMC_ENABLED/);
  });

  test('secrets are never shown: not in JSON, not in inspect, not in log lines; the fingerprint changes with them', () => {
    const env = { CONNECTOR_EMC_URL: 'https://user:pw@emc.example/api', CONNECTOR_EMC_TOKEN: 'tok-very-secret' };
    const settings = loadConnectorSettings(emcConnector, env, sync);
    expect(settings.token).toBe('tok-very-secret');
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, done) => { lines.push(String(c)); done(); } }) });
    logger.info({ settings }, 'connector ready');
    for (const shown of [JSON.stringify(settings), inspect(settings), lines.join('')]) {
      expect(shown).not.toContain('tok-very-secret');
      expect(shown).not.toContain('pw@');
    }
    expect(settings.toJSON()).toMatchObject({ token: '[set]', url: 'https://emc.example/api' });
    const other = loadConnectorSettings(emcConnector, { ...env, CONNECTOR_EMC_TOKEN: 'another' }, sync);
    expect(other.fingerprint()).not.toBe(settings.fingerprint());
    expect(loadConnectorSettings(emcConnector, env, sync).fingerprint()).toBe(settings.fingerprint());
  });
});

describe('backoff', () => {
  const common = { backoffBaseMs: 1000, backoffMaxMs: 60_000 };
  test('exponential with jitter in [ceiling/2, ceiling], capped', () => {
    expect(backoffDelay(1, common, null, () => 0)).toBe(500);
    expect(backoffDelay(1, common, null, () => 1)).toBe(1000);
    expect(backoffDelay(4, common, null, () => 0)).toBe(4000);
    expect(backoffDelay(4, common, null, () => 1)).toBe(8000);
    expect(backoffDelay(20, common, null, () => 1)).toBe(60_000);
  });
  test('never sooner than Retry-After', () => {
    expect(backoffDelay(1, common, 30_000, () => 0)).toBe(30_000);
    expect(backoffDelay(10, common, 5_000, () => 1)).toBe(60_000);
  });
});

describe('what a failed delivery becomes', () => {
  const settings = loadConnectorSettings(emcConnector, { CONNECTOR_EMC_MAX_ATTEMPTS: '3', CONNECTOR_EMC_URL: 'http://x' }, sync);
  const entry = { connector: emcConnector, settings, transport: new ConnectorTransport(settings), log: createLogger({ level: 'silent' }) };
  const record = (attempts: number): ClaimedRecord => ({
    id: 1, dossierId: 7, idempotencyKey: 'k', kind: 'dossier.status', event: syncEvent(), attempts, remoteReference: null, claimToken: 't',
  });
  afterAll(() => entry.transport.close());

  test('TRANSIENT: RETRYING after a backoff at least the Retry-After, then DEAD after the maximum attempts', () => {
    const retry = outcomeOfFailure(entry, record(1), new ConnectorError(ErrorClass.TRANSIENT, 'HTTP 503', { retryAfterMs: 120_000 }));
    expect(retry).toMatchObject({ kind: 'FAILED', dead: false, errorClass: 'TRANSIENT' });
    expect(retry.kind === 'FAILED' && retry.delayMs).toBeGreaterThanOrEqual(120_000);
    expect(outcomeOfFailure(entry, record(3), new ConnectorError(ErrorClass.TRANSIENT, 'HTTP 503'))).toMatchObject({
      kind: 'FAILED', dead: true, message: 'TRANSIENT: HTTP 503 (gave up after 3 attempts)',
    });
  });

  test('REMOTE_REJECTED: DEAD at once with the reason', () => {
    expect(outcomeOfFailure(entry, record(1), new ConnectorError(ErrorClass.REMOTE_REJECTED, 'HTTP 422: REJECTED: no'))).toMatchObject({
      kind: 'FAILED', dead: true, message: 'REMOTE_REJECTED: HTTP 422: REJECTED: no',
    });
  });

  test('CONFIG and an open circuit are not the record’s fault: back in line, the attempt not charged', () => {
    expect(outcomeOfFailure(entry, record(2), new ConnectorError(ErrorClass.CONFIG, 'HTTP 401'))).toMatchObject({ kind: 'NOT_CHARGED', errorClass: 'CONFIG' });
    expect(outcomeOfFailure(entry, record(2), new CircuitOpenError('emc'))).toMatchObject({ kind: 'NOT_CHARGED', errorClass: null });
  });
});
