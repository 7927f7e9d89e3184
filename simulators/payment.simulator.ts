import vietnamQrPay from 'vietnam-qr-pay';
import { signPaymentBody, SIGNATURE_HEADER } from '../src/connectors/payment/payment-signature.js';
import { isLocalDate, localDateOf } from '../src/domain/time/local-time.js';
import { randomSource, type Random } from './seeded-random.js';
import { isPlainObject, SimHttpError, textField, type SimReply } from './sim-http.js';
import { DEFAULT_FAULT_SETTINGS, SettingsError, SettingsSchema, type FieldSpec, type PaymentSettings } from './sim-settings.js';
import { noRoute, SimulatedSystem, type SimRequest, type SimulatorHandle } from './simulated-system.js';

const { QRPay } = ((vietnamQrPay as { default?: unknown }).default ?? vietnamQrPay) as typeof vietnamQrPay;

/** A text setting that may be unset (null). */
const optionalText: FieldSpec = {
  parse(value, where) {
    if (value === null || (typeof value === 'string' && value !== '')) return value;
    throw new SettingsError(`${where}: must be a non-empty string or null`);
  },
  parseEnv(text) {
    return text === '' ? null : text;
  },
};

/**
 * The payment platform (a bank's collection service behind VietQR): "pays" a payment reference as
 * a citizen's banking app would, tells motcua with a signed notification (POST notifyUrl, header
 * X-Payment-Signature: sha256=HMAC(secret, body)), and lists its transactions per account and day
 * for reconciliation. `dropRate` is the share of notifications never sent (the transfer is still
 * listed): the case reconciliation repairs.
 */
export const paymentSettingsSchema = new SettingsSchema<PaymentSettings>(
  'payment',
  { ...DEFAULT_FAULT_SETTINGS, notifyUrl: null, secret: null },
  { notifyUrl: optionalText, secret: optionalText },
);

export interface PaymentTransaction {
  transactionId: string;
  account: string;
  reference: string;
  amount: number;
  currency: 'VND';
  paidAt: string;
  /** Local date (UTC+07:00) of paidAt. */
  date: string;
}

/** What pay() did: the transaction, and the answer to its notification (null when not sent). */
export interface PaymentResult {
  transaction: PaymentTransaction;
  notification: { status: number; body: unknown } | null;
}

export interface PayRequest {
  /** A VietQR payload to "scan" (account, amount and reference are read from it) ... */
  qrPayload?: string;
  /** ... or the transfer's fields. */
  account?: string;
  reference?: string;
  amount?: number;
  /** false: the platform keeps the transaction but never notifies (a lost notification). */
  deliver?: boolean;
  transactionId?: string;
  paidAt?: string;
}

export interface PaymentHandle extends SimulatorHandle<PaymentSettings> {
  pay(request: PayRequest): Promise<PaymentResult>;
  /** Sends a transaction's notification again (the platform retrying, or a replay). */
  renotify(transactionId: string): Promise<PaymentResult>;
  transactions(): PaymentTransaction[];
}

export class PaymentSimulator extends SimulatedSystem<PaymentSettings> implements PaymentHandle {
  private readonly list: PaymentTransaction[] = [];
  private sequence = 0;
  private drops: Random | null = null;

  transactions(): PaymentTransaction[] {
    return this.list.map((t) => ({ ...t }));
  }

  async pay(request: PayRequest): Promise<PaymentResult> {
    const transfer = transferOf(request);
    const paidAt = request.paidAt ? new Date(request.paidAt) : new Date();
    if (Number.isNaN(paidAt.getTime())) throw new SimHttpError(400, 'INVALID_BODY', 'paidAt must be an ISO 8601 instant');
    const transaction: PaymentTransaction = {
      transactionId: request.transactionId ?? `FT${String(++this.sequence).padStart(10, '0')}`,
      ...transfer,
      currency: 'VND',
      paidAt: paidAt.toISOString(),
      date: localDateOf(paidAt),
    };
    if (this.list.some((t) => t.transactionId === transaction.transactionId)) {
      throw new SimHttpError(409, 'DUPLICATE_TRANSACTION', `transaction ${transaction.transactionId} exists`);
    }
    this.list.push(transaction);
    this.drops ??= randomSource(this.config.seed, 'payment-drops');
    const dropped = request.deliver === false || this.drops() < this.config.dropRate;
    return { transaction, notification: dropped ? null : await this.notify(transaction) };
  }

  async renotify(transactionId: string): Promise<PaymentResult> {
    const transaction = this.list.find((t) => t.transactionId === transactionId);
    if (!transaction) throw new SimHttpError(404, 'NOT_FOUND', `no transaction ${transactionId}`);
    return { transaction, notification: await this.notify(transaction) };
  }

  protected override route(request: SimRequest): SimReply {
    if (request.method === 'GET' && request.segments.join('/') === 'transactions') {
      const account = request.query.get('account');
      const from = request.query.get('from') ?? '';
      const to = request.query.get('to') ?? '';
      if (!account) throw new SimHttpError(400, 'MISSING_ACCOUNT', 'account is required');
      if (!isLocalDate(from)) throw new SimHttpError(400, 'INVALID_FROM', 'from must be YYYY-MM-DD');
      if (!isLocalDate(to) || to < from) throw new SimHttpError(400, 'INVALID_TO', 'to must be YYYY-MM-DD, not before from');
      const rows = this.list.filter((t) => t.account === account && t.date >= from && t.date <= to);
      return { status: 200, body: rows.map(({ account: _account, ...t }) => t) };
    }
    throw noRoute(request);
  }

  protected override async controlRoute(request: SimRequest): Promise<SimReply | null> {
    const path = request.segments.join('/');
    if (request.method === 'POST' && path === 'pay') {
      const body = await request.json();
      if (!isPlainObject(body)) throw new SimHttpError(400, 'INVALID_BODY', 'the body must be a JSON object');
      return { status: 201, body: await this.pay(body as PayRequest) };
    }
    if (request.method === 'GET' && path === 'transactions') return { status: 200, body: this.transactions() };
    const renotify = /^transactions\/([^/]+)\/notify$/.exec(path);
    if (request.method === 'POST' && renotify) return { status: 200, body: await this.renotify(renotify[1]!) };
    return null;
  }

  protected override clearState(): void {
    this.list.length = 0;
    this.sequence = 0;
    this.drops = null;
  }

  private async notify(t: PaymentTransaction): Promise<{ status: number; body: unknown }> {
    const { notifyUrl, secret } = this.config;
    if (!notifyUrl || !secret) throw new SimHttpError(409, 'NOT_CONFIGURED', 'set notifyUrl and secret (PUT _sim/settings) before paying');
    const body = JSON.stringify({ transactionId: t.transactionId, reference: t.reference, amount: t.amount, currency: t.currency, paidAt: t.paidAt });
    const response = await fetch(notifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: signPaymentBody(secret, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // kept as text
    }
    this.runtime.logger.info({ system: this.name, transactionId: t.transactionId, status: response.status }, 'payment notification sent');
    return { status: response.status, body: parsed };
  }
}

/** The account, reference and amount of a transfer: read off a VietQR payload, or given as such. */
function transferOf(request: PayRequest): { account: string; reference: string; amount: number } {
  if (typeof request.qrPayload === 'string') {
    const qr = new QRPay(request.qrPayload);
    const account = qr.consumer.bankNumber;
    const reference = qr.additionalData.purpose;
    const amount = Number(qr.amount);
    if (!qr.isValid || !account || !reference || !Number.isSafeInteger(amount)) throw new SimHttpError(400, 'INVALID_QR', 'not a VietQR payload with account, amount and purpose');
    return { account, reference, amount };
  }
  const body = request as Record<string, unknown>;
  const account = textField(body, 'account');
  const reference = textField(body, 'reference');
  if (!account || !reference || typeof request.amount !== 'number' || !Number.isSafeInteger(request.amount)) {
    throw new SimHttpError(400, 'INVALID_BODY', 'give qrPayload, or account, reference and amount');
  }
  return { account, reference, amount: request.amount };
}
