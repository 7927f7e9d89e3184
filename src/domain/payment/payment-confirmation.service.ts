import type { MikroORM } from '@mikro-orm/postgresql';
import { DossierAction, DossierStatus } from '../vocabulary/dossier-enums.js';
import { SYSTEM_KEY_PREFIX, type DossierTransitions } from '../dossier/dossier-transition.js';
import { DomainError } from '../errors.js';
import { localDateOf } from '../time/local-time.js';
import { paymentStore } from './payment-store.js';

/** The history actor of payments confirmed by the payment platform (also the connector's key). */
export const PAYMENT_ACTOR = 'payment';

/** A transfer the payment platform says it received (its notification, or a line of its daily listing). */
export interface PlatformPayment {
  transactionId: string;
  reference: string;
  amount: number;
  paidAt: Date;
}

/** CONFIRMED: the dossier's clock runs again. DUPLICATE: that transaction was recorded before, nothing changed. */
export interface ConfirmationOutcome {
  outcome: 'CONFIRMED' | 'DUPLICATE';
  reference: string;
  dossierCode: string | null;
}

/**
 * Confirms a payment the platform reports: the request becomes PAID (ONLINE, with the platform's
 * transaction id) and the dossier takes CONFIRM_PAYMENT through the same transitions as an officer's
 * action (row lock, calendar, history, statistics, outbox), actor `payment`, with an idempotency key
 * in the system's namespace (`system:payment:<transaction id>`) that no client can send. One
 * transaction: a refusal writes nothing. Refusals: PAYMENT_REFERENCE_UNKNOWN, PAYMENT_NOT_AWAITED
 * (already paid or cancelled, or the dossier is not awaiting payment), PAYMENT_AMOUNT_MISMATCH.
 */
export class PaymentConfirmationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly transitions: DossierTransitions,
  ) {}

  async confirm(payment: PlatformPayment): Promise<ConfirmationOutcome> {
    try {
      return await this.confirmOnce(payment);
    } catch (error) {
      // The same transaction id committed meanwhile for another reference (the unique constraint): a replay.
      if ((error as { code?: string }).code === '23505') return { outcome: 'DUPLICATE', reference: payment.reference, dossierCode: null };
      throw error;
    }
  }

  private async confirmOnce(payment: PlatformPayment): Promise<ConfirmationOutcome> {
    return this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const earlier = await paymentStore.byTransaction(db, payment.transactionId);
      if (earlier) return { outcome: 'DUPLICATE', reference: earlier.reference, dossierCode: null };
      const found = await paymentStore.byReference(db, payment.reference);
      if (!found) throw new DomainError('PAYMENT_REFERENCE_UNKNOWN', ['reference'], { reference: payment.reference });
      const dossier = await this.transitions.lock(em, found.dossierId);
      // Read again under the dossier's lock: a concurrent confirmation of the same request has committed by now.
      const request = (await paymentStore.byReference(db, payment.reference, true))!;
      if (request.transactionId === payment.transactionId) return { outcome: 'DUPLICATE', reference: request.reference, dossierCode: dossier?.code ?? null };
      if (!dossier || request.status !== 'PENDING' || dossier.status !== DossierStatus.AWAITING_PAYMENT) {
        throw new DomainError('PAYMENT_NOT_AWAITED', ['reference'], { reference: payment.reference, status: request.status });
      }
      if (request.amount !== payment.amount) {
        throw new DomainError('PAYMENT_AMOUNT_MISMATCH', ['amount'], { expected: request.amount, amount: payment.amount });
      }
      await paymentStore.markPaid(db, request.id, {
        method: 'ONLINE',
        at: payment.paidAt,
        date: localDateOf(payment.paidAt),
        transactionId: payment.transactionId,
        by: PAYMENT_ACTOR,
      });
      await this.transitions.apply(em, dossier, {
        action: DossierAction.CONFIRM_PAYMENT,
        note: `Đã thanh toán trực tuyến ${request.amount} đồng, mã thanh toán ${request.reference}`,
        actor: PAYMENT_ACTOR,
        idempotencyKey: `${SYSTEM_KEY_PREFIX}${PAYMENT_ACTOR}:${payment.transactionId}`,
        happenedAt: payment.paidAt,
      });
      return { outcome: 'CONFIRMED', reference: request.reference, dossierCode: dossier.code };
    });
  }
}
