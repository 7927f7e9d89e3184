import vietnamQrPay from 'vietnam-qr-pay';
import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { signPaymentBody } from '../../src/connectors/payment/payment-signature.js';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { simulatorEnv } from '../support/connector-env.js';
import { readPdf } from '../support/pdf.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const { QRPay } = ((vietnamQrPay as { default?: unknown }).default ?? vietnamQrPay) as typeof vietnamQrPay;

/**
 * Fees paid online end to end: REQUEST_PAYMENT makes a payment request with a VietQR code from the
 * province's collection account, the simulated platform "pays" it by scanning that code and sends
 * the signed notification, the dossier's clock runs again; cash at the counter, every refusal of a
 * notification, and the reconciliation of payments by day with its repair.
 */
const SECRET = 'payment-secret-for-tests-0123456789';
const ACCOUNT = { bin: '970415', number: '113366668888', name: 'TRUNG TAM PHUC VU HANH CHINH CONG TINH QUANG NGAI' };
const COPY_CERTIFICATION = '2.000815'; // Chứng thực bản sao từ bản chính: 2,000 VND, no specialized system
const FREE = '1.004222'; // Đăng ký thường trú: free
const NAME = 'Trần Thị Bích Ngọc';
const CITIZEN_ID = '051203012345';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { id status } userErrors { code field } } }`;
const DOSSIER = `query($code: String!) { dossier(code: $code) {
  status pausedWorkingDays history { action actor }
  paymentRequest { amount currency reference status method qrPayload qrPngDataUrl createdAt paidAt }
} }`;
const RECONCILE = `mutation($unitCode: String!, $from: Date!, $to: Date!, $repair: Boolean) {
  reconcilePayments(unitCode: $unitCode, from: $from, to: $to, repair: $repair) {
    unitCode status unknownReferences
    rows { unitCode date localCount localAmount remoteCount remoteAmount cashCount cashAmount paidRemotelyNotLocally paidLocallyNotRemotely }
    repairs { reference transactionId result }
  }
}`;

let sims: RunningSimulators;
let t: TestApp;
let officer: string;
let admin: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday

beforeAll(async () => {
  sims = await startSimulators({ env: {} });
  t = await startTestApp({
    catalog: true,
    clock,
    logLevel: 'debug',
    env: simulatorEnv(sims, {
      CONNECTOR_PAYMENT_SECRET: SECRET,
      CONNECTOR_PAYMENT_ACCOUNT_51: `${ACCOUNT.bin}|${ACCOUNT.number}|${ACCOUNT.name}`,
    }),
  });
  sims.systems.payment.setSettings({ notifyUrl: `${t.url}/connectors/payment/notify`, secret: SECRET });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
  admin = await t.token(Role.PROVINCE_ADMIN, '51', 'admin-51');
});
afterAll(async () => {
  await t?.stop();
  await sims?.stop();
});

async function awaitingPayment(procedureCode = COPY_CERTIFICATION): Promise<{ id: string; code: string }> {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, {
    input: { unitCode: '21025', channel: 'IN_PERSON', procedureCode, applicant: { fullName: NAME, citizenId: CITIZEN_ID, phone: '0912345678' } },
  }, { token: officer }));
  expect(receiveDossier.userErrors).toEqual([]);
  await act(receiveDossier.dossier.id, 'START_PROCESSING');
  await act(receiveDossier.dossier.id, 'REQUEST_PAYMENT');
  return receiveDossier.dossier;
}
async function act(dossierId: string, action: string) {
  const { actOnDossier } = dataOf(await t.gql(ACT, { input: { dossierId, action } }, { token: officer }));
  expect(actOnDossier.userErrors).toEqual([]);
  return actOnDossier.dossier;
}
async function dossier(code: string) {
  return dataOf(await t.gql(DOSSIER, { code }, { token: officer })).dossier;
}
/** A notification as the platform would send it, signed with `secret`. */
async function notify(body: unknown, secret = SECRET) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${t.url}/connectors/payment/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-payment-signature': signPaymentBody(secret, text), 'accept-language': 'en' },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const counts = async () => (await t.sql<{ events: number; payments: number; paid: number }>(
  `select (select count(*)::int from dossier_event) as events, (select count(*)::int from payment_request) as payments,
     (select count(*)::int from payment_request where status = 'PAID') as paid`))[0]!;

describe('fees paid online', () => {
  let paid: { id: string; code: string };
  let reference: string;

  test('REQUEST_PAYMENT makes a payment request with a VietQR code of the province account, on the API and the slip', async () => {
    paid = await awaitingPayment();
    const d = await dossier(paid.code);
    expect(d.status).toBe('AWAITING_PAYMENT');
    const request = d.paymentRequest;
    reference = request.reference;
    expect(request).toMatchObject({ amount: 2000, currency: 'VND', status: 'PENDING', method: null, paidAt: null });
    expect(reference).toBe(`TT${paid.code.replace(/-/g, '')}01`);
    const qr = new QRPay(request.qrPayload);
    expect(qr.isValid).toBe(true);
    expect(qr.consumer).toMatchObject({ bankBin: ACCOUNT.bin, bankNumber: ACCOUNT.number });
    expect(qr.amount).toBe('2000');
    expect(qr.additionalData.purpose).toBe(reference);
    expect(request.qrPngDataUrl).toMatch(/^data:image\/png;base64,/);

    const response = await fetch(`${t.url}/dossiers/${paid.code}/payment.pdf`, { headers: { authorization: `Bearer ${officer}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = await readPdf(Buffer.from(await response.arrayBuffer()));
    expect(pdf.text).toContain(reference);
    expect(pdf.text).toContain(ACCOUNT.number);
    expect(pdf.text).not.toContain(CITIZEN_ID);
    expect(pdf.qrCodes).toContain(request.qrPayload);
  });

  test('the platform pays by scanning the code: the signed notification confirms the payment and the clock runs again', async () => {
    const before = await counts();
    const { qrPayload } = (await dossier(paid.code)).paymentRequest;
    const result = await sims.systems.payment.pay({ qrPayload, paidAt: clock.now().toISOString() });
    expect(result.notification).toEqual({ status: 200, body: { status: 'CONFIRMED', reference } });
    const d = await dossier(paid.code);
    expect(d.status).toBe('PROCESSING');
    expect(d.paymentRequest).toMatchObject({ status: 'PAID', method: 'ONLINE', paidAt: '2026-03-02T09:00:00+07:00' });
    expect(d.history.at(-1)).toEqual({ action: 'CONFIRM_PAYMENT', actor: 'payment' });
    expect((await counts()).events).toBe(before.events + 1);
    const [exchange] = await t.sql<{ operation: string; http_status: number; payload_sha256: string }>(
      `select operation, http_status, payload_sha256 from sync_exchange where connector = 'payment' order by id desc limit 1`);
    expect(exchange).toMatchObject({ operation: 'notify', http_status: 200 });
    expect(exchange!.payload_sha256).toMatch(/^[0-9a-f]{64}$/);

    // The platform sends it again: acknowledged, nothing changes.
    const replay = await sims.systems.payment.renotify(result.transaction.transactionId);
    expect(replay.notification).toEqual({ status: 200, body: { status: 'DUPLICATE', reference } });
    expect(await counts()).toEqual({ ...before, events: before.events + 1, paid: before.paid + 1 });
  });

  test('bad notifications are coded refusals that change nothing and log no personal data', async () => {
    const pending = await awaitingPayment();
    const pendingReference = (await dossier(pending.code)).paymentRequest.reference;
    const before = await counts();
    const good = { transactionId: 'FT-BAD-1', reference: pendingReference, amount: 2000, currency: 'VND', paidAt: clock.now().toISOString() };
    const cases: [unknown, string | undefined, number, string][] = [
      [good, 'not-the-secret', 401, 'PAYMENT_SIGNATURE_INVALID'],
      [{ ...good, amount: 1000 }, undefined, 422, 'PAYMENT_AMOUNT_MISMATCH'],
      [{ ...good, reference: 'TT999999999999' }, undefined, 404, 'PAYMENT_REFERENCE_UNKNOWN'],
      [{ ...good, reference }, undefined, 409, 'PAYMENT_NOT_AWAITED'], // already paid
      [{ ...good, amount: 'two thousand' }, undefined, 400, 'PAYMENT_NOTIFICATION_INVALID'],
      ['{not json', undefined, 400, 'PAYMENT_NOTIFICATION_INVALID'],
    ];
    for (const [body, secret, status, code] of cases) {
      const answer = await notify(body, secret);
      expect({ status: answer.status, code: answer.body.error?.code }).toEqual({ status, code });
      expect(answer.body.error.message).toEqual(expect.any(String));
    }
    expect(await counts()).toEqual(before);
    expect((await dossier(pending.code)).status).toBe('AWAITING_PAYMENT');
    const refusals = await t.sql<{ n: number }>(`select count(*)::int as n from sync_exchange where connector = 'payment' and http_status >= 400`);
    expect(refusals[0]!.n).toBeGreaterThanOrEqual(cases.length);
    const logs = t.logs.join('\n');
    expect(logs).toContain('payment notification refused');
    expect(logs).not.toContain(CITIZEN_ID);
    expect(logs).not.toContain(NAME);
    expect(logs).not.toContain(SECRET);

    // A notification for a dossier no longer awaiting payment (withdrawn: its request is cancelled).
    await act(pending.id, 'WITHDRAW');
    expect((await dossier(pending.code)).paymentRequest.status).toBe('CANCELLED');
    const late = await notify({ ...good, transactionId: 'FT-LATE-1' });
    expect({ status: late.status, code: late.body.error.code }).toEqual({ status: 409, code: 'PAYMENT_NOT_AWAITED' });
  });

  test('the same notification five times at once: one confirmation, four acknowledged duplicates', async () => {
    const racing = await awaitingPayment();
    const { qrPayload } = (await dossier(racing.code)).paymentRequest;
    const before = await counts();
    const { transaction } = await sims.systems.payment.pay({ qrPayload, deliver: false, paidAt: clock.now().toISOString() });
    const answers = await Promise.all(Array.from({ length: 5 }, () => sims.systems.payment.renotify(transaction.transactionId)));
    expect(answers.map((a) => a.notification!.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.map((a) => (a.notification!.body as { status: string }).status).sort()).toEqual(['CONFIRMED', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    expect(await counts()).toEqual({ ...before, events: before.events + 1, paid: before.paid + 1 });
    expect((await dossier(racing.code)).status).toBe('PROCESSING');
  });

  test('cash at the counter: CONFIRM_PAYMENT by an officer pays the request in CASH', async () => {
    const cash = await awaitingPayment();
    await act(cash.id, 'CONFIRM_PAYMENT');
    const d = await dossier(cash.code);
    expect(d.status).toBe('PROCESSING');
    expect(d.paymentRequest).toMatchObject({ status: 'PAID', method: 'CASH' });
    expect(d.history.at(-1)).toEqual({ action: 'CONFIRM_PAYMENT', actor: 'officer-1' });
  });

  test('a free procedure has no payment request', async () => {
    const free = await awaitingPayment(FREE);
    expect((await dossier(free.code)).paymentRequest).toBeNull();
    const slip = await fetch(`${t.url}/dossiers/${free.code}/payment.pdf`, { headers: { authorization: `Bearer ${officer}` } });
    expect(slip.status).toBe(409);
    expect(((await slip.json()) as any).error.code).toBe('NO_PAYMENT_REQUEST');
  });
});

describe('reconciliation of payments by day', () => {
  test('a transfer whose notification was lost is found and confirmed by the repair; cash is counted apart', async () => {
    const lost = await awaitingPayment();
    const { qrPayload, reference } = (await dossier(lost.code)).paymentRequest;
    const result = await sims.systems.payment.pay({ qrPayload, deliver: false, paidAt: clock.now().toISOString() });
    expect(result.notification).toBeNull();
    expect((await dossier(lost.code)).status).toBe('AWAITING_PAYMENT');

    const vars = { unitCode: '51', from: '2026-03-02', to: '2026-03-02' };
    const first = dataOf(await t.gql(RECONCILE, vars, { token: admin })).reconcilePayments;
    expect(first.status).toBe('MISMATCHED');
    expect(first.rows).toEqual([{
      unitCode: '21025', date: '2026-03-02', localCount: 2, localAmount: 4000, remoteCount: 3, remoteAmount: 6000,
      cashCount: 1, cashAmount: 2000, paidRemotelyNotLocally: [reference], paidLocallyNotRemotely: [],
    }]);
    expect(first.repairs).toEqual([]);
    expect((await dossier(lost.code)).status).toBe('AWAITING_PAYMENT');

    const repaired = dataOf(await t.gql(RECONCILE, { ...vars, repair: true }, { token: admin })).reconcilePayments;
    expect(repaired.repairs).toEqual([{ reference, transactionId: result.transaction.transactionId, result: 'CONFIRMED' }]);
    const d = await dossier(lost.code);
    expect(d.status).toBe('PROCESSING');
    expect(d.paymentRequest).toMatchObject({ status: 'PAID', method: 'ONLINE' });

    const after = dataOf(await t.gql(RECONCILE, vars, { token: admin })).reconcilePayments;
    expect(after.status).toBe('MATCHED');
    expect(after.rows[0]).toMatchObject({ localCount: 3, remoteCount: 3, cashCount: 1 });
  });

  test('a payment confirmed here that the platform does not list is reported, not repaired', async () => {
    await t.sql(`update payment_request set transaction_id = 'FT-NOT-AT-THE-BANK' where method = 'ONLINE' and
      id = (select min(id) from payment_request where method = 'ONLINE')`);
    const report = dataOf(await t.gql(RECONCILE, { unitCode: '21025', from: '2026-03-02', to: '2026-03-02', repair: true }, { token: admin })).reconcilePayments;
    expect(report.status).toBe('MISMATCHED');
    expect(report.rows[0].paidLocallyNotRemotely).toHaveLength(1);
    // The platform's transaction for that request is "paid remotely" again, but the request is PAID: not awaited.
    expect(report.repairs.map((r: { result: string }) => r.result)).toEqual(['PAYMENT_NOT_AWAITED']);
  });

  test('paymentStatistics: fees paid by method, online counted apart from cash', async () => {
    const statistician = await t.token(Role.STATISTICIAN, '51', 'stat-51');
    const query = `query($unitCode: String!, $from: Date!, $to: Date!) { paymentStatistics(unitCode: $unitCode, from: $from, to: $to) {
      unitCode paidOnline amountOnline paidCash amountCash pending onlineRate } }`;
    const stats = dataOf(await t.gql(query, { unitCode: '51', from: '2026-03-01', to: '2026-03-31' }, { token: statistician })).paymentStatistics;
    expect(stats).toEqual({ unitCode: '51', paidOnline: 3, amountOnline: 6000, paidCash: 1, amountCash: 2000, pending: 0, onlineRate: 0.75 });
    expect((await t.gql(query, { unitCode: '51', from: '2026-03-01', to: '2026-03-31' }, { token: officer })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('who may reconcile, and bad periods', async () => {
    const vars = { unitCode: '51', from: '2026-03-02', to: '2026-03-02' };
    const asOfficer = await t.gql(RECONCILE, vars, { token: officer });
    expect(asOfficer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const future = await t.gql(RECONCILE, { ...vars, to: '2026-03-09' }, { token: admin });
    expect(future.body.errors?.[0]?.extensions?.code).toBe('RECONCILIATION_PERIOD_IN_FUTURE');
    const reversed = await t.gql(RECONCILE, { ...vars, from: '2026-03-03' }, { token: admin });
    expect(reversed.body.errors?.[0]?.extensions?.code).toBe('INVALID_PERIOD');
    const noAccount = await t.gql(RECONCILE, { ...vars, unitCode: '79' }, { token: await t.token(Role.SYSTEM_ADMIN, null) });
    expect(noAccount.body.errors?.[0]?.extensions?.code).toBe('PAYMENT_ACCOUNT_NOT_CONFIGURED');
  });

  test('the nightly run reconciles every province with an account up to yesterday, and repairs', async () => {
    const lost = await awaitingPayment();
    const { qrPayload, reference } = (await dossier(lost.code)).paymentRequest;
    await sims.systems.payment.pay({ qrPayload, deliver: false, paidAt: clock.now().toISOString() });
    clock.set('2026-03-03T02:00:00+07:00');
    try {
      const reports = await t.app.services.payments.reconciliation.reconcileNightly(2);
      expect(reports.map((r) => [r.unitCode, r.from, r.to])).toEqual([['51', '2026-03-01', '2026-03-02']]);
      expect(reports[0]!.repairs).toContainEqual(expect.objectContaining({ reference, result: 'CONFIRMED' }));
    } finally {
      clock.set('2026-03-02T09:00:00+07:00');
    }
    expect((await dossier(lost.code)).status).toBe('PROCESSING');
  });

  test('a platform that does not answer its listing: REMOTE_UNAVAILABLE, nothing confirmed', async () => {
    sims.systems.payment.startOutage(60_000);
    const down = await t.gql(RECONCILE, { unitCode: '51', from: '2026-03-02', to: '2026-03-02', repair: true }, { token: admin });
    expect(down.body.errors?.[0]?.extensions?.code).toBe('REMOTE_UNAVAILABLE');
    const [list] = await t.sql<{ status: number | null }>(
      `select http_status as status from sync_exchange where connector = 'payment' and operation = 'list' order by id desc limit 1`);
    expect(list!.status).toBe(503);
  });
});

describe('the EMC payment form', () => {
  /** The payment form EMC is told for each of the dossier's EMC statuses, from the events the outbox stored. */
  async function emcPaymentForms(code: string): Promise<Record<string, string | null>> {
    const rows = await t.sql<{ idempotency_key: string; fee_paid_by: string | null }>(
      `select idempotency_key, event->>'feePaidBy' as fee_paid_by from sync_record where connector = 'emc' and dossier_code = $1`, [code]);
    return Object.fromEntries(rows.map((r) => [r.idempotency_key.split(':')[1]!, r.fee_paid_by]));
  }
  async function resolveAndReturn(dossierId: string) {
    const { actOnDossier } = dataOf(await t.gql(ACT, { input: { dossierId, action: 'RESOLVE', outcome: 'APPROVED' } }, { token: officer }));
    expect(actOnDossier.userErrors).toEqual([]);
    await act(dossierId, 'RETURN_RESULT');
  }

  test('a fee paid online by a counter applicant is reported as paid online once paid, not guessed from the channel', async () => {
    const d = await awaitingPayment();
    await sims.systems.payment.pay({ qrPayload: (await dossier(d.code)).paymentRequest.qrPayload, paidAt: clock.now().toISOString() });
    await resolveAndReturn(d.id);
    // Received and processing were told before the payment; the result after it, with the real method.
    expect(await emcPaymentForms(d.code)).toEqual({ RECEIVED: null, PROCESSING: null, RETURNED: 'ONLINE' });
  });

  test('cash at the counter is reported as cash', async () => {
    const d = await awaitingPayment();
    await act(d.id, 'CONFIRM_PAYMENT');
    await resolveAndReturn(d.id);
    expect((await emcPaymentForms(d.code)).RETURNED).toBe('CASH');
  });
});
