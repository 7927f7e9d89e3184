import nock from 'nock';
import { businessRegistrationConnector } from '../../../src/connectors/business-registration/business-registration.connector.js';
import { ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { loadConnectorSettings, loadSyncSettings } from '../../../src/connectors/sdk/connector-settings.js';
import { vneidConnector } from '../../../src/connectors/vneid/vneid.connector.js';
import { REMOTE, contextFor, delivery, syncEvent } from './connector-test-kit.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('vneid', () => {
  test('short by default: 2 s, no retry inside the call (intake must not wait)', () => {
    const settings = loadConnectorSettings(vneidConnector, {}, loadSyncSettings({}));
    expect(settings.common).toMatchObject({ timeoutMs: 2000, retries: 0 });
  });

  test('exists with a level, or not', async () => {
    const { ctx } = contextFor(vneidConnector);
    nock(REMOTE).get('/vneid/citizens/051203001234').reply(200, { exists: true, level: 2 });
    expect(await vneidConnector.verifyIdentity!('051203001234', ctx)).toEqual({ exists: true, level: 2 });
    nock(REMOTE).get('/vneid/citizens/051203001231').reply(200, { exists: true, level: 1 });
    expect(await vneidConnector.verifyIdentity!('051203001231', ctx)).toEqual({ exists: true, level: 1 });
    nock(REMOTE).get('/vneid/citizens/051203001239').reply(404, { exists: false });
    expect(await vneidConnector.verifyIdentity!('051203001239', ctx)).toEqual({ exists: false });
  });

  test('slow, down or garbled: a TRANSIENT error (intake then keeps the filing PENDING)', async () => {
    const { ctx } = contextFor(vneidConnector, { TIMEOUT_MS: '30' });
    nock(REMOTE).get('/vneid/citizens/051203001234').delay(500).reply(200, { exists: true, level: 2 });
    await expect(vneidConnector.verifyIdentity!('051203001234', ctx)).rejects.toMatchObject({ errorClass: ErrorClass.TRANSIENT });
    nock(REMOTE).get('/vneid/citizens/051203001234').reply(503, {});
    await expect(vneidConnector.verifyIdentity!('051203001234', ctx)).rejects.toMatchObject({ errorClass: ErrorClass.TRANSIENT });
    nock(REMOTE).get('/vneid/citizens/051203001234').reply(200, { exists: true, level: 7 });
    await expect(vneidConnector.verifyIdentity!('051203001234', ctx)).rejects.toMatchObject({ errorClass: ErrorClass.TRANSIENT });
  });

  test('delivers no dossier changes', () => {
    expect(vneidConnector.handles(syncEvent(), loadConnectorSettings(vneidConnector, {}, loadSyncSettings({})))).toBe(false);
  });
});

describe('business-registration', () => {
  const event = syncEvent({ procedureCode: '1.001612', procedureConnector: 'business-registration', fieldCode: 'DANG_KY_KINH_DOANH' });
  const settings = loadConnectorSettings(businessRegistrationConnector, {}, loadSyncSettings({}));

  test('handles household-business dossiers when received', () => {
    expect(businessRegistrationConnector.handles(event, settings)).toBe(true);
    expect(businessRegistrationConnector.handles(syncEvent(), settings)).toBe(false);
  });

  test('the registration number that comes back is the result (recorded on the dossier, not resolving it)', async () => {
    const { ctx } = contextFor(businessRegistrationConnector);
    nock(REMOTE)
      .post('/business-registration/registrations', (b) => b.code === '21025-251124-0007' && b.procedureCode === '1.001612' && b.receivedAt === '2025-11-24T09:15:00+07:00')
      .reply(201, { code: '21025-251124-0007', registrationNumber: 'HKD-21025-000042' });
    expect(await businessRegistrationConnector.push!(delivery(event), ctx)).toEqual({
      remoteReference: 'HKD-21025-000042',
      result: { decision: 'REGISTERED', registrationNumber: 'HKD-21025-000042', resolvesDossier: false },
    });
  });

  test('422 is REMOTE_REJECTED (DEAD with the reason), a 201 without a number TRANSIENT', async () => {
    const { ctx } = contextFor(businessRegistrationConnector, { RETRIES: '0' });
    nock(REMOTE).post('/business-registration/registrations').reply(422, { error: 'REJECTED', reason: 'Tên hộ kinh doanh trùng' });
    await expect(businessRegistrationConnector.push!(delivery(event), ctx)).rejects.toMatchObject({
      errorClass: ErrorClass.REMOTE_REJECTED,
      message: 'HTTP 422: REJECTED: Tên hộ kinh doanh trùng',
    });
    nock(REMOTE).post('/business-registration/registrations').reply(201, { code: 'x' });
    await expect(businessRegistrationConnector.push!(delivery(event), ctx)).rejects.toMatchObject({ errorClass: ErrorClass.TRANSIENT });
  });
});
