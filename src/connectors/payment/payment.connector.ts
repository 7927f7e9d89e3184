import { isLocalDate, type LocalDate } from '../../domain/time/local-time.js';
import { ConnectorError, ErrorClass, type Connector, type ConnectorContext } from '../sdk/index.js';

/** One transfer in the platform's listing of a day (GET {base}/transactions). */
export interface PlatformTransaction {
  transactionId: string;
  reference: string;
  amount: number;
  paidAt: Date;
  /** Local date (Asia/Ho_Chi_Minh) of the payment. */
  date: LocalDate;
}

/**
 * The payment platform (cổng thanh toán / the bank's collection service): it tells us of transfers
 * to the provinces' collection accounts at POST /connectors/payment/notify (payment-notify.routes.ts),
 * signed with CONNECTOR_PAYMENT_SECRET, and lists its transactions per day for reconciliation.
 * Nothing goes to it from the outbox (payment requests are VietQR codes the citizen's bank app
 * reads), so it has no push and no delivery lane: `handles` is always false.
 */
export const paymentConnector: Connector = {
  key: 'payment',
  name: 'Nền tảng thanh toán (VietQR / ngân hàng thu hộ)',
  options: [{ name: 'secret', env: 'SECRET', secret: true, description: 'HMAC-SHA256 secret shared with the payment platform (required)' }],
  validate: (settings) => (settings.option('secret') ? null : `${settings.envName('SECRET')} is not set`),
  handles: () => false,
  async checkHealth(ctx) {
    await ctx.http.request({ method: 'GET', path: '/transactions', query: { account: 'probe', from: '2026-01-01', to: '2026-01-01' } });
  },
};

/** The platform's transactions into one collection account paid on local dates from..to (the connector's `list` operation). */
export async function listTransactions(ctx: ConnectorContext, account: string, from: LocalDate, to: LocalDate): Promise<PlatformTransaction[]> {
  const answer = await ctx.http.request<unknown>({ method: 'GET', path: '/transactions', query: { account, from, to } });
  if (!Array.isArray(answer.body)) throw new ConnectorError(ErrorClass.TRANSIENT, 'the transaction listing is not a JSON array');
  return answer.body.map((item, i) => transactionOf(item, i));
}

function transactionOf(item: unknown, index: number): PlatformTransaction {
  const t = item as Record<string, unknown> | null;
  const paidAt = typeof t?.paidAt === 'string' ? new Date(t.paidAt) : null;
  if (
    !t || typeof t.transactionId !== 'string' || typeof t.reference !== 'string' || typeof t.amount !== 'number'
    || !paidAt || Number.isNaN(paidAt.getTime()) || typeof t.date !== 'string' || !isLocalDate(t.date)
  ) {
    throw new ConnectorError(ErrorClass.TRANSIENT, `transaction ${index} of the listing is malformed`);
  }
  return { transactionId: t.transactionId, reference: t.reference, amount: t.amount, paidAt, date: t.date };
}
