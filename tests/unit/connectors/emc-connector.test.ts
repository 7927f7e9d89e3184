import nock from 'nock';
import { emcConnector } from '../../../src/connectors/emc/emc.connector.js';
import { EmcStatus, emcBodyOf, emcIdempotencyKey, emcStatusOf, siteIdFor } from '../../../src/connectors/emc/emc-mapping.js';
import { ConnectorError, ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';
import { Channel, DossierAction, DossierStatus } from '../../../src/domain/vocabulary/dossier-enums.js';
import { OnlineLevel } from '../../../src/domain/procedure/procedure-enums.js';
import type { DossierSyncEvent } from '../../../src/connectors/sdk/index.js';
import { REMOTE, contextFor, delivery, syncEvent } from './connector-test-kit.js';

/** EMC: the mapping that avoids every known cause of undercounting, and the wire exchange. */
beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const SITE = { SITE_ID: 'QNG-01' };

describe('mapping', () => {
  test('postal is direct, not online, and flagged as postal', () => {
    const body = emcBodyOf(syncEvent({ channel: Channel.POSTAL }), EmcStatus.RECEIVED, 'S');
    expect(body).toMatchObject({ FormsReception: 2, IsDVCBC: 1, Level: 1 });
    expect(emcBodyOf(syncEvent({ channel: Channel.IN_PERSON }), EmcStatus.RECEIVED, 'S')).toMatchObject({ FormsReception: 2, IsDVCBC: 0, Level: 1 });
  });

  test('PARTIAL filed online is level 3, never FULL; FULL online is 4; in person is 1 whatever the procedure', () => {
    expect(emcBodyOf(syncEvent({ procedureOnlineLevel: OnlineLevel.PARTIAL }), EmcStatus.RECEIVED, 'S')).toMatchObject({ FormsReception: 1, Level: 3 });
    expect(emcBodyOf(syncEvent({ procedureOnlineLevel: OnlineLevel.FULL }), EmcStatus.RECEIVED, 'S')).toMatchObject({ FormsReception: 1, Level: 4 });
    expect(emcBodyOf(syncEvent({ channel: Channel.IN_PERSON, procedureOnlineLevel: OnlineLevel.FULL }), EmcStatus.RECEIVED, 'S').Level).toBe(1);
  });

  test('the whole body: site id, procedure, payment form, unit and local date of receipt, staff as user', () => {
    expect(emcBodyOf(syncEvent({ procedureFeeVnd: 8000, receivedAt: '2025-11-24T17:30:00.000Z' }), EmcStatus.RECEIVED, 'QNG-01')).toEqual({
      CodeProfile: '21025-251124-0007',
      SiteId: 'QNG-01',
      CodeTTHC: '1.001193',
      NameTTHC: 'Đăng ký khai sinh',
      Status: 1,
      FormsReception: 1,
      FormsPayments: 1,
      Level: 4,
      IsFromDVCQG: 0,
      IsDVCBC: 0,
      User: { ID_local: 'officer-1', TYPE: 'OFFICER' },
      UnitCode: '21025',
      // 17:30Z is 00:30 the next day in Vietnam
      ReceivedDate: '2025-11-25',
    });
    expect(emcBodyOf(syncEvent({ channel: Channel.IN_PERSON, procedureFeeVnd: 8000 }), EmcStatus.RECEIVED, 'S').FormsPayments).toBe(2);
    expect(emcBodyOf(syncEvent({ procedureFeeVnd: 0 }), EmcStatus.RECEIVED, 'S').FormsPayments).toBe(0);
  });

  test('payment form once the fee is paid: the real method, whatever the channel', () => {
    const form = (event: Partial<DossierSyncEvent>) => emcBodyOf(syncEvent({ procedureFeeVnd: 8000, ...event }), EmcStatus.RETURNED, 'S').FormsPayments;
    expect(form({ channel: Channel.IN_PERSON, feePaidBy: 'ONLINE' })).toBe(1);
    expect(form({ channel: Channel.ONLINE, feePaidBy: 'CASH' })).toBe(2);
    // Unpaid, or an event recorded before the field existed: what the channel lets expect.
    expect(form({ channel: Channel.ONLINE, feePaidBy: null })).toBe(1);
    expect(form({ channel: Channel.POSTAL })).toBe(2);
    expect(form({ procedureFeeVnd: 0, feePaidBy: 'CASH' })).toBe(0);
  });

  test('a citizen is never identified by their id', () => {
    const body = emcBodyOf(syncEvent({ actor: { kind: 'CITIZEN', id: null }, status: DossierStatus.WITHDRAWN }), EmcStatus.OTHER, 'S');
    expect(body.User).toEqual({ ID_local: '', TYPE: 'CITIZEN' });
  });

  test('statuses: received (intake or ACCEPT) 1, processing 2, returned 3, withdrawn after reception 0; nothing else', () => {
    expect(emcStatusOf(syncEvent({ fromStatus: null, status: DossierStatus.RECEIVED }))).toBe(EmcStatus.RECEIVED);
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.SUBMITTED, action: DossierAction.ACCEPT }))).toBe(EmcStatus.RECEIVED);
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.RECEIVED, status: DossierStatus.RECEIVED, action: DossierAction.EXTEND_DEADLINE }))).toBeNull();
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.RECEIVED, status: DossierStatus.PROCESSING }))).toBe(EmcStatus.PROCESSING);
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.RESOLVED, status: DossierStatus.RETURNED }))).toBe(EmcStatus.RETURNED);
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.PROCESSING, status: DossierStatus.WITHDRAWN }))).toBe(EmcStatus.OTHER);
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.SUBMITTED, status: DossierStatus.WITHDRAWN, receivedAt: null }))).toBeNull();
    expect(emcStatusOf(syncEvent({ fromStatus: null, status: DossierStatus.SUBMITTED, receivedAt: null }))).toBeNull();
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.SUBMITTED, status: DossierStatus.REFUSED, receivedAt: null }))).toBeNull();
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.PROCESSING, status: DossierStatus.RESOLVED }))).toBeNull();
    expect(emcStatusOf(syncEvent({ fromStatus: DossierStatus.PROCESSING, status: DossierStatus.AWAITING_SUPPLEMENT }))).toBeNull();
  });

  test('exactly one event per dossier and status: every pass through PROCESSING has the same idempotency key', () => {
    const first = syncEvent({ seq: 3, fromStatus: DossierStatus.RECEIVED, status: DossierStatus.PROCESSING, action: DossierAction.START_PROCESSING });
    const again = syncEvent({ seq: 5, fromStatus: DossierStatus.AWAITING_SUPPLEMENT, status: DossierStatus.PROCESSING, action: DossierAction.SUBMIT_SUPPLEMENT });
    const resumed = syncEvent({ seq: 7, fromStatus: DossierStatus.SUSPENDED, status: DossierStatus.PROCESSING, action: DossierAction.RESUME });
    expect(new Set([first, again, resumed].map(emcIdempotencyKey))).toEqual(new Set(['21025-251124-0007:PROCESSING:1']));
    expect(emcIdempotencyKey(syncEvent())).toBe('21025-251124-0007:RECEIVED:1');
  });

  test('imported legacy dossiers are reported only when asked to', () => {
    const settings = (env: Record<string, string>) => loadConnectorSettings(emcConnector, env, loadSyncSettings({}));
    expect(emcConnector.handles(syncEvent({ imported: true }), settings({}))).toBe(false);
    expect(emcConnector.handles(syncEvent({ imported: true }), settings({ CONNECTOR_EMC_INCLUDE_IMPORTED: '1' }))).toBe(true);
    expect(emcConnector.handles(syncEvent(), settings({}))).toBe(true);
  });
});

describe('site id (a known EMC pitfall: events without it are ignored)', () => {
  const settings = (env: Record<string, string>) => loadConnectorSettings(emcConnector, env, loadSyncSettings({}));

  test('missing or malformed: a configuration problem that names the variable', () => {
    expect(emcConnector.validate!(settings({}))).toMatch(/^CONNECTOR_EMC_SITE_ID is not set/);
    expect(emcConnector.validate!(settings({ CONNECTOR_EMC_SITE_ID: '51=A,79' }))).toMatch(/malformed entry "79"/);
    expect(emcConnector.validate!(settings({ CONNECTOR_EMC_SITE_ID: '51=A,79=B' }))).toBeNull();
  });

  test('one for all provinces, or one per province', () => {
    expect(siteIdFor('QNG-01', '51')).toBe('QNG-01');
    expect(siteIdFor('51=QNG-01, 79=HCM-01', '79')).toBe('HCM-01');
    expect(siteIdFor('51=QNG-01', '79')).toBeNull();
    // Any province's (the health probe's): the first.
    expect(siteIdFor('51=QNG-01, 79=HCM-01', null)).toBe('QNG-01');
    expect(siteIdFor('QNG-01', null)).toBe('QNG-01');
  });

  test('a dossier of a province without a site id is a CONFIG error, sent nowhere', async () => {
    const { ctx } = contextFor(emcConnector, { SITE_ID: '79=HCM-01' });
    await expect(emcConnector.push!(delivery(syncEvent()), ctx)).rejects.toMatchObject({
      errorClass: ErrorClass.CONFIG,
      message: 'CONNECTOR_EMC_SITE_ID has no site id for province 51: EMC would not count these dossiers',
    });
  });
});

describe('push', () => {
  test('POST /TrackingMCDT with the idempotency key; any 2xx is success', async () => {
    const { ctx } = contextFor(emcConnector, SITE);
    const scope = nock(REMOTE, { reqheaders: { 'idempotency-key': '21025-251124-0007:RECEIVED:1' } })
      .post('/emc/TrackingMCDT', (body) => body.CodeProfile === '21025-251124-0007' && body.SiteId === 'QNG-01' && body.Status === 1)
      .reply(200, { error_code: '0', message: 'OK' });
    await expect(emcConnector.push!(delivery(syncEvent()), ctx)).resolves.toEqual({});
    expect(scope.isDone()).toBe(true);
  });

  test('error classes: 400 REMOTE_REJECTED, 5xx TRANSIENT, 401/403 CONFIG', async () => {
    const { ctx } = contextFor(emcConnector, { ...SITE, RETRIES: '0', BREAKER_THRESHOLD: '50' });
    const push = () => emcConnector.push!(delivery(syncEvent()), ctx).then(() => null, (e: ConnectorError) => e.errorClass);
    nock(REMOTE).post('/emc/TrackingMCDT').reply(400, { error_code: 'INVALID_STATUS', message: 'bad' });
    expect(await push()).toBe(ErrorClass.REMOTE_REJECTED);
    nock(REMOTE).post('/emc/TrackingMCDT').reply(503, {});
    expect(await push()).toBe(ErrorClass.TRANSIENT);
    nock(REMOTE).post('/emc/TrackingMCDT').reply(401, {});
    expect(await push()).toBe(ErrorClass.CONFIG);
    nock(REMOTE).post('/emc/TrackingMCDT').reply(403, {});
    expect(await push()).toBe(ErrorClass.CONFIG);
  });
});

describe('remote counts', () => {
  test('per unit and day, restricted to the units asked about, distinct codes', async () => {
    const { ctx } = contextFor(emcConnector, { SITE_ID: '51=QNG-01' });
    nock(REMOTE)
      .get('/emc/reports/online-dossiers')
      .query({ siteId: 'QNG-01', from: '2025-11-24', to: '2025-11-25' })
      .reply(200, [
        { date: '2025-11-24', unitCode: '21028', count: 1, codes: ['21028-251124-0001'] },
        { date: '2025-11-24', unitCode: '21025', count: 2, codes: ['21025-251124-0002', '21025-251124-0001'] },
        { date: '2025-11-24', unitCode: '99999', count: 1, codes: ['99999-251124-0001'] },
      ]);
    const rows = await emcConnector.countRemote!(
      { unitCode: '51', provinceCode: '51', unitCodes: ['51', '21025', '21028'], from: '2025-11-24', to: '2025-11-25' },
      ctx,
    );
    expect(rows).toEqual([
      { unitCode: '21025', date: '2025-11-24', count: 2, codes: ['21025-251124-0001', '21025-251124-0002'] },
      { unitCode: '21028', date: '2025-11-24', count: 1, codes: ['21028-251124-0001'] },
    ]);
  });

  test('a single commune is asked for by its code', async () => {
    const { ctx } = contextFor(emcConnector, SITE);
    const scope = nock(REMOTE)
      .get('/emc/reports/online-dossiers')
      .query({ siteId: 'QNG-01', from: '2025-11-24', to: '2025-11-24', unitCode: '21025' })
      .reply(200, []);
    await emcConnector.countRemote!({ unitCode: '21025', provinceCode: '51', unitCodes: ['21025'], from: '2025-11-24', to: '2025-11-24' }, ctx);
    expect(scope.isDone()).toBe(true);
  });
});
