import { createHash, randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../../domain/errors.js';
import type { ConfirmationOutcome, PaymentConfirmationService, PlatformPayment } from '../../domain/payment/payment-confirmation.service.js';
import type { LocalDate } from '../../domain/time/local-time.js';
import type { Logger } from '../../logger.js';
import { callScope, configurationProblem, type ConnectorEntry } from '../runtime/connector-entry.js';
import type { ConnectorPorts } from '../runtime/connector-ports.js';
import { ConnectorError, ErrorClass } from '../sdk/connector-error.js';
import { isValidPaymentSignature } from './payment-signature.js';
import { listTransactions, paymentConnector, type PlatformTransaction } from './payment.connector.js';

const TRANSACTION_ID_RE = /^[A-Za-z0-9._:-]{1,64}$/;
const REFERENCE_RE = /^[A-Za-z0-9]{1,40}$/;

/** What the notify route answers: the status and a body without personal data. */
export interface NotificationAnswer {
  status: number;
  outcome: ConfirmationOutcome | null;
  refusal: DomainError | null;
}

/**
 * The payment connector's two exchanges with the platform, both recorded in the connector layer's
 * exchange log (`sync_exchange`: request id, SHA-256 of the body, status, duration; never a body):
 * the inbound notification (operation `notify`), verified and confirmed through
 * PaymentConfirmationService, and the outbound daily listing (operation `list`) that reconciliation
 * reads.
 */
export class PaymentGateway {
  constructor(
    private readonly runtime: ConnectorPorts,
    private readonly orm: MikroORM,
    private readonly confirmations: PaymentConfirmationService,
    private readonly log: Logger,
  ) {}

  private entry(): ConnectorEntry | null {
    const entry = this.runtime.entry(paymentConnector.key);
    return entry && entry.settings.enabled ? entry : null;
  }

  /**
   * A notification from the platform, checked in this order so that nothing unauthenticated is
   * parsed: the connector is set up (503 PAYMENT_NOT_CONFIGURED), the signature (401
   * PAYMENT_SIGNATURE_INVALID), the body (400 PAYMENT_NOTIFICATION_INVALID), then the domain's
   * refusals. A transaction id seen before is acknowledged (200, DUPLICATE) and changes nothing.
   */
  async notify(body: Buffer, signature: string | undefined, requestId: string | undefined): Promise<NotificationAnswer> {
    const started = process.hrtime.bigint();
    const answer = await this.answer(body, signature);
    const entry = this.entry();
    await this.runtime.store.logExchanges([{
      connector: paymentConnector.key,
      operation: 'notify',
      recordId: null,
      requestId: requestId && /^[0-9a-f-]{36}$/i.test(requestId) ? requestId : randomUUID(),
      attempt: 1,
      payloadSha256: createHash('sha256').update(body).digest('hex'),
      httpStatus: answer.status,
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      errorClass: answer.status >= 400 ? (answer.status >= 500 ? ErrorClass.CONFIG : ErrorClass.REMOTE_REJECTED) : null,
      at: new Date(),
    }]);
    // Codes and the payment reference only: a notification carries no citizen data, and none is logged.
    if (answer.refusal) (entry?.log ?? this.log).warn({ code: answer.refusal.code, status: answer.status }, 'payment notification refused');
    else (entry?.log ?? this.log).info({ outcome: answer.outcome?.outcome, reference: answer.outcome?.reference }, 'payment notification');
    return answer;
  }

  private async answer(body: Buffer, signature: string | undefined): Promise<NotificationAnswer> {
    const refuse = (status: number, code: string, field?: string[]): NotificationAnswer =>
      ({ status, outcome: null, refusal: new DomainError(code, field) });
    const entry = this.entry();
    const secret = entry?.settings.option('secret') ?? null;
    if (!entry || !secret) return refuse(503, 'PAYMENT_NOT_CONFIGURED');
    if (!isValidPaymentSignature(secret, body, signature)) return refuse(401, 'PAYMENT_SIGNATURE_INVALID');
    const payment = notificationOf(body);
    if (!payment) return refuse(400, 'PAYMENT_NOTIFICATION_INVALID');
    try {
      return { status: 200, outcome: await this.confirmations.confirm(payment), refusal: null };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { status: STATUS_OF_REFUSAL[error.code] ?? 400, outcome: null, refusal: error };
    }
  }

  /** The platform's transactions into an account on local dates from..to; ConnectorError CONFIG or TRANSIENT when it cannot say. */
  async transactions(account: string, from: LocalDate, to: LocalDate): Promise<PlatformTransaction[]> {
    const entry = this.entry();
    if (!entry) throw new ConnectorError(ErrorClass.CONFIG, 'the payment connector is disabled');
    const problem = configurationProblem(entry);
    if (problem) throw new ConnectorError(ErrorClass.CONFIG, problem);
    const { ctx, exchanges } = callScope(entry, this.orm, { operation: 'list' });
    try {
      return await listTransactions(ctx, account, from, to);
    } finally {
      await this.runtime.store.logExchanges(exchanges);
    }
  }

  /** Confirms a transfer found in the platform's listing (reconciliation's repair): the same path as its notification. */
  async confirmListed(transaction: PlatformTransaction): Promise<ConfirmationOutcome | DomainError> {
    try {
      return await this.confirmations.confirm(transaction);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
  }
}

/** The HTTP status of each refusal of a signed notification (the platform retries 5xx, not these). */
export const STATUS_OF_REFUSAL: Readonly<Record<string, number>> = {
  PAYMENT_REFERENCE_UNKNOWN: 404,
  PAYMENT_NOT_AWAITED: 409,
  PAYMENT_AMOUNT_MISMATCH: 422,
};

/** The notification's fields, or null when it is not `{transactionId, reference, amount, paidAt}` as agreed. */
function notificationOf(body: Buffer): PlatformPayment | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const n = parsed as Record<string, unknown> | null;
  if (!n || typeof n !== 'object') return null;
  const { transactionId, reference, amount, paidAt } = n;
  if (typeof transactionId !== 'string' || !TRANSACTION_ID_RE.test(transactionId)) return null;
  if (typeof reference !== 'string' || !REFERENCE_RE.test(reference)) return null;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) return null;
  if (n.currency !== undefined && n.currency !== 'VND') return null;
  const at = typeof paidAt === 'string' ? new Date(paidAt) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  return { transactionId, reference: reference.toUpperCase(), amount, paidAt: at };
}
