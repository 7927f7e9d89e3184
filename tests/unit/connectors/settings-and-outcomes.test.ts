import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { startBundledSimulators } from '../../../src/connectors/bundled-simulators.js';
import { emcConnector } from '../../../src/connectors/emc/emc.connector.js';
import { CONNECTORS } from '../../../src/connectors/registry.js';
import type { ClaimedRecord } from '../../../src/connectors/outbox/sync-store.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { deliverRecord, outcomeOfFailure, type RecordDecision } from '../../../src/connectors/runtime/deliver-record.js';
import type { Connector } from '../../../src/connectors/sdk/connector.js';
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

  test('flag options read 1/0, true/false, yes/no and on/off, also when set for the simulators (withOptions)', () => {
    const settings = loadConnectorSettings(emcConnector, { CONNECTOR_EMC_INCLUDE_IMPORTED: 'yes' }, sync);
    expect(settings.flag('includeImported')).toBe(true);
    for (const [value, expected] of [['true', true], ['on', true], ['1', true], ['no', false], ['OFF', false], ['0', false]] as const) {
      expect(settings.withOptions({ includeImported: value }).flag('includeImported')).toBe(expected);
    }
  });

  test('the bundled simulators read their variables as the settings do: a bad SIMULATORS_PORT stops the start; "yes" is yes', async () => {
    const silent = createLogger({ level: 'silent' });
    await expect(startBundledSimulators(CONNECTORS, { SIMULATORS_PORT: 'soon' }, silent)).rejects.toThrow(/SIMULATORS_PORT/);
    const bundled = await startBundledSimulators(CONNECTORS, { SIMULATORS_PORT: '0', CONNECTOR_EMC_INCLUDE_IMPORTED: 'yes', CONNECTOR_VNEID_ENABLED: 'false' }, silent);
    try {
      expect(bundled!.options.emc).toMatchObject({ includeImported: '1' });
      expect(Object.keys(bundled!.urls)).not.toContain('vneid');
      expect(Object.keys(bundled!.urls)).toContain('emc');
      // The agency's own system has its simulator too: a transfer out of the box is handed over to it.
      expect(bundled!.urls['agency-system']).toMatch(/\/agency-system$/);
    } finally {
      await bundled!.stop();
    }
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

describe('a delivery the remote decides at once', () => {
  const answering: Connector = {
    key: 'registry',
    name: 'Registry',
    handles: () => true,
    async push() {
      return { remoteReference: 'R-1', result: { decision: 'REGISTERED', registrationNumber: 'N-1', resolvesDossier: true } };
    },
    async pollResult() {
      return 'PENDING';
    },
  };
  const settings = loadConnectorSettings(answering, { CONNECTOR_REGISTRY_URL: 'http://x' }, sync);
  const lines: string[] = [];
  const log = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, done) => { lines.push(String(c)); done(); } }) });
  const entry = { connector: answering, settings, transport: new ConnectorTransport(settings), log };
  const record: ClaimedRecord = {
    id: 41, dossierId: 7, idempotencyKey: 'k', kind: 'dossier.submit', event: syncEvent(), attempts: 1, remoteReference: null, claimToken: 't',
  };
  // The adapter never asks for the dossier's data here, so no database is needed.
  const deliver = (recordDecision: RecordDecision) => deliverRecord(entry, record, { orm: null as unknown as MikroORM, recordDecision });
  afterAll(() => entry.transport.close());

  test('recorded: delivered, nothing left to ask', async () => {
    const { outcome } = await deliver(async () => 'RESOLVED');
    expect(outcome).toMatchObject({ kind: 'SUCCEEDED', awaitingResult: false, remoteReference: 'R-1' });
  });

  test('the dossier is paused (DEFERRED): delivered, and the result poll asks again later', async () => {
    const { outcome } = await deliver(async () => 'DEFERRED');
    expect(outcome).toMatchObject({ kind: 'SUCCEEDED', awaitingResult: true });
  });

  test('our side failed to record it: TRANSIENT (delivered again, the remote dedupes), and the error is logged with the record', async () => {
    const { outcome } = await deliver(async () => {
      throw new Error('connection terminated');
    });
    expect(outcome).toMatchObject({ kind: 'FAILED', errorClass: 'TRANSIENT', message: 'TRANSIENT: delivered, but the answer could not be recorded on the dossier' });
    const logged = lines.map((l) => JSON.parse(l) as { level: number; record?: number; err?: { message: string } }).find((l) => l.record === 41);
    expect(logged).toMatchObject({ level: 50, err: { message: 'connection terminated' } });
  });
});
