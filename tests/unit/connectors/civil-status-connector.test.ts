import nock from 'nock';
import { civilStatusConnector } from '../../../src/connectors/civil-status/civil-status.connector.js';
import { ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';
import { DossierAction, DossierStatus } from '../../../src/domain/vocabulary/dossier-enums.js';
import { REMOTE, contextFor, delivery, syncEvent } from './connector-test-kit.js';

/** Civil status: Hộ tịch dossiers sent on receipt, decisions fetched later. */
beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const settings = loadConnectorSettings(civilStatusConnector, {}, loadSyncSettings({}));
const dossierData = { applicant: { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: null }, formData: { childName: 'Nguyễn Văn Bình' } };

test('handles Hộ tịch dossiers once, when received (intake or ACCEPT), not imported ones nor other procedures', () => {
  expect(civilStatusConnector.handles(syncEvent(), settings)).toBe(true);
  expect(civilStatusConnector.handles(syncEvent({ fromStatus: null }), settings)).toBe(true);
  expect(civilStatusConnector.handles(syncEvent({ procedureConnector: null }), settings)).toBe(false);
  expect(civilStatusConnector.handles(syncEvent({ procedureConnector: 'business-registration' }), settings)).toBe(false);
  expect(civilStatusConnector.handles(syncEvent({ imported: true }), settings)).toBe(false);
  expect(civilStatusConnector.handles(syncEvent({ fromStatus: DossierStatus.RECEIVED, status: DossierStatus.PROCESSING }), settings)).toBe(false);
  expect(civilStatusConnector.handles(syncEvent({ fromStatus: DossierStatus.RECEIVED, status: DossierStatus.RECEIVED, action: DossierAction.EXTEND_DEADLINE }), settings)).toBe(false);
  expect(civilStatusConnector.idempotencyKey!(syncEvent())).toBe('21025-251124-0007:RECEIVED:1');
});

test('push: code, unit, procedure, received time in +07:00 and the form data; PENDING awaits a result', async () => {
  const { ctx } = contextFor(civilStatusConnector, {}, { dossierData });
  const scope = nock(REMOTE, { reqheaders: { 'idempotency-key': 'K' } })
    .post('/civil-status/dossiers', {
      code: '21025-251124-0007',
      unitCode: '21025',
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      receivedAt: '2025-11-24T09:15:00+07:00',
      formData: { childName: 'Nguyễn Văn Bình' },
    })
    .reply(202, { code: '21025-251124-0007', status: 'PENDING' });
  await expect(civilStatusConnector.push!(delivery(syncEvent(), 'K'), ctx)).resolves.toEqual({ remoteReference: '21025-251124-0007', awaitingResult: true });
  expect(scope.isDone()).toBe(true);
});

test('push answered with a decision already (a repeat after it was decided): the result comes back at once', async () => {
  const { ctx } = contextFor(civilStatusConnector, {}, { dossierData });
  nock(REMOTE).post('/civil-status/dossiers').reply(200, { code: 'C', status: 'REGISTERED', registrationNumber: 'KS-2025-000123', decidedAt: '2025-11-24T03:00:00Z' });
  const pushed = await civilStatusConnector.push!(delivery(syncEvent()), ctx);
  expect(pushed.result).toEqual({ decision: 'REGISTERED', registrationNumber: 'KS-2025-000123', decidedAt: new Date('2025-11-24T03:00:00Z'), resolvesDossier: true });
});

test('poll: PENDING, REGISTERED with its number, REJECTED with the reason, unknown (404) means deliver again', async () => {
  const { ctx } = contextFor(civilStatusConnector);
  const d = { ...delivery(syncEvent()), remoteReference: '21025-251124-0007' };
  nock(REMOTE).get('/civil-status/dossiers/21025-251124-0007').reply(200, { code: 'x', status: 'PENDING' });
  expect(await civilStatusConnector.pollResult!(d, ctx)).toBe('PENDING');
  nock(REMOTE).get('/civil-status/dossiers/21025-251124-0007').reply(200, { status: 'REGISTERED', registrationNumber: 'KS-2025-000123' });
  expect(await civilStatusConnector.pollResult!(d, ctx)).toMatchObject({ decision: 'REGISTERED', registrationNumber: 'KS-2025-000123', resolvesDossier: true });
  nock(REMOTE).get('/civil-status/dossiers/21025-251124-0007').reply(200, { status: 'REJECTED', reason: 'Thiếu giấy chứng sinh' });
  expect(await civilStatusConnector.pollResult!(d, ctx)).toMatchObject({ decision: 'REJECTED', reason: 'Thiếu giấy chứng sinh' });
  nock(REMOTE).get('/civil-status/dossiers/21025-251124-0007').reply(404, { error: 'NOT_FOUND' });
  expect(await civilStatusConnector.pollResult!(d, ctx)).toBe('UNKNOWN');
});

test('error classes: 400 REMOTE_REJECTED, 500 TRANSIENT, 401 CONFIG, an answer without a status TRANSIENT', async () => {
  const { ctx } = contextFor(civilStatusConnector, { RETRIES: '0' }, { dossierData });
  const push = () => civilStatusConnector.push!(delivery(syncEvent()), ctx).then(() => null, (e: { errorClass: ErrorClass }) => e.errorClass);
  nock(REMOTE).post('/civil-status/dossiers').reply(400, { error: 'INVALID_BODY', message: 'receivedAt' });
  expect(await push()).toBe(ErrorClass.REMOTE_REJECTED);
  nock(REMOTE).post('/civil-status/dossiers').reply(500, {});
  expect(await push()).toBe(ErrorClass.TRANSIENT);
  nock(REMOTE).post('/civil-status/dossiers').reply(401, {});
  expect(await push()).toBe(ErrorClass.CONFIG);
  nock(REMOTE).post('/civil-status/dossiers').reply(202, { code: 'x' });
  expect(await push()).toBe(ErrorClass.TRANSIENT);
});

test('remote counts from its own report', async () => {
  const { ctx } = contextFor(civilStatusConnector);
  nock(REMOTE).get('/civil-status/reports/dossiers').query({ from: '2025-11-24', to: '2025-11-24', unitCode: '21025' })
    .reply(200, [{ date: '2025-11-24', unitCode: '21025', count: 1, codes: ['21025-251124-0007'] }]);
  expect(await civilStatusConnector.countRemote!({ unitCode: '21025', provinceCode: '51', unitCodes: ['21025'], from: '2025-11-24', to: '2025-11-24' }, ctx))
    .toEqual([{ unitCode: '21025', date: '2025-11-24', count: 1, codes: ['21025-251124-0007'] }]);
});
