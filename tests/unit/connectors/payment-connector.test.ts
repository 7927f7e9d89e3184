import nock from 'nock';
import { isValidPaymentSignature, signPaymentBody } from '../../../src/connectors/payment/payment-signature.js';
import { listTransactions, paymentConnector } from '../../../src/connectors/payment/payment.connector.js';
import { ConnectorError, ErrorClass } from '../../../src/connectors/sdk/connector-error.js';
import { loadCollectionAccounts } from '../../../src/domain/payment/collection-accounts.js';
import { paymentReferenceOf } from '../../../src/domain/payment/payment-reference.js';
import { REMOTE, contextFor } from './connector-test-kit.js';

/** The payment connector's pieces without a server: signatures, the listing against a nock'd platform, accounts, references. */
afterAll(() => {
  nock.cleanAll();
  nock.restore();
});
afterEach(() => nock.cleanAll());

describe('notification signatures', () => {
  const body = Buffer.from('{"transactionId":"FT1","reference":"TT2102526030200010 1","amount":2000}');
  test('HMAC-SHA256 of the exact bytes, with the shared secret', () => {
    const signature = signPaymentBody('s3cret', body);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(isValidPaymentSignature('s3cret', body, signature)).toBe(true);
    expect(isValidPaymentSignature('other', body, signature)).toBe(false);
    expect(isValidPaymentSignature('s3cret', Buffer.from(`${body} `), signature)).toBe(false);
    expect(isValidPaymentSignature('s3cret', body, undefined)).toBe(false);
    expect(isValidPaymentSignature('s3cret', body, 'sha256=abc')).toBe(false);
  });
});

describe('the platform listing', () => {
  test('is read per account and period, and a malformed answer is TRANSIENT', async () => {
    const { ctx, exchanges } = contextFor(paymentConnector, { SECRET: 'x' });
    nock(REMOTE).get('/payment/transactions').query({ account: '113366668888', from: '2026-03-02', to: '2026-03-03' })
      .reply(200, [{ transactionId: 'FT1', reference: 'TT1', amount: 2000, currency: 'VND', paidAt: '2026-03-02T02:00:00.000Z', date: '2026-03-02' }]);
    const rows = await listTransactions(ctx, '113366668888', '2026-03-02', '2026-03-03');
    expect(rows).toEqual([{ transactionId: 'FT1', reference: 'TT1', amount: 2000, paidAt: new Date('2026-03-02T02:00:00.000Z'), date: '2026-03-02' }]);
    expect(exchanges).toHaveLength(1);

    nock(REMOTE).get('/payment/transactions').query(true).reply(200, [{ transactionId: 'FT2', amount: '2000' }]);
    const malformed = await listTransactions(ctx, 'a', '2026-03-02', '2026-03-02').catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(ConnectorError);
    expect((malformed as ConnectorError).errorClass).toBe(ErrorClass.TRANSIENT);
  });

  test('a secret is required', () => {
    expect(paymentConnector.validate!(contextFor(paymentConnector).ctx.settings)).toBe('CONNECTOR_PAYMENT_SECRET is not set');
    expect(paymentConnector.validate!(contextFor(paymentConnector, { SECRET: 'x' }).ctx.settings)).toBeNull();
  });
});

describe('collection accounts and references', () => {
  test('CONNECTOR_PAYMENT_ACCOUNT_<PROVINCE> = BIN|number|name, a malformed value names its variable', () => {
    const accounts = loadCollectionAccounts({ CONNECTOR_PAYMENT_ACCOUNT_51: '970415|113366668888|TRUNG TAM PVHCC QUANG NGAI', CONNECTOR_PAYMENT_SECRET: 'x' });
    expect([...accounts]).toEqual([['51', { bankBin: '970415', accountNumber: '113366668888', accountName: 'TRUNG TAM PVHCC QUANG NGAI' }]]);
    expect(() => loadCollectionAccounts({ CONNECTOR_PAYMENT_ACCOUNT_79: '9704|1|x' })).toThrow(/CONNECTOR_PAYMENT_ACCOUNT_79: the bank BIN/);
    expect(() => loadCollectionAccounts({ CONNECTOR_PAYMENT_ACCOUNT_79: '970415|12-34|x' })).toThrow(/account number/);
    expect(() => loadCollectionAccounts({ CONNECTOR_PAYMENT_ACCOUNT_79: '970415|1234' })).toThrow(/account name/);
  });

  test('a reference is the dossier code\'s letters and digits and the request number; long legacy codes are hashed to fit', () => {
    expect(paymentReferenceOf('21025-251124-0007', 1)).toBe('TT21025251124000701');
    const long = paymentReferenceOf('HS-LEGACY-2019-PHUONG-CAM-THANH-000123', 2);
    expect(long).toMatch(/^TT[0-9A-Z]{19}02$/);
    expect(long).not.toBe(paymentReferenceOf('HS-LEGACY-2019-PHUONG-CAM-THANH-000124', 2));
  });
});
