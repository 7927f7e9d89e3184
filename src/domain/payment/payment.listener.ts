import type { EntityManager } from '@mikro-orm/postgresql';
import type { DossierChange, DossierChangeListener, StatementPart } from '../dossier/dossier-change.js';
import { DossierAction } from '../vocabulary/dossier-enums.js';
import { localDateOf } from '../time/local-time.js';
import { unitRefOf } from '../unit/unit-ref.js';
import type { CollectionAccount } from './collection-accounts.js';
import { paymentReferenceOf } from './payment-reference.js';
import { paymentStore } from './payment-store.js';
import { vietQrPayload } from './vietqr.js';

/**
 * Keeps payment requests in step with the lifecycle, in the transaction of the change (so a payment
 * request exists exactly when the dossier awaits payment, whoever moved it):
 * - REQUEST_PAYMENT of a procedure with a fee: a PENDING request for the fee, with its VietQR
 *   payload when the province has a collection account (without one, only cash at the counter);
 * - CONFIRM_PAYMENT while a request is still PENDING: paid in CASH at the counter (the online path
 *   marks its request PAID before it confirms, so it never reaches this);
 * - WITHDRAW with a request PENDING: CANCELLED.
 * Imported history creates nothing: those fees were settled in the legacy system.
 */
export class PaymentListener implements DossierChangeListener {
  readonly name = 'payment-requests';

  constructor(private readonly accounts: ReadonlyMap<string, CollectionAccount>) {}

  /** Nothing to write for a new dossier: payment requests come with REQUEST_PAYMENT, never with a new dossier. */
  creationParts(): StatementPart[] {
    return [];
  }

  async onDossierChange(em: EntityManager, change: DossierChange): Promise<void> {
    if (change.imported) return;
    const { event, dossier, procedure, unit } = change;
    const db = em.getKysely();
    switch (event.action) {
      case DossierAction.REQUEST_PAYMENT: {
        if (procedure.feeVnd <= 0) return;
        const ref = unitRefOf(unit);
        const seq = await paymentStore.nextSeqOf(db, dossier.id);
        const reference = paymentReferenceOf(dossier.code, seq);
        const account = this.accounts.get(ref.provinceCode);
        await paymentStore.insert(db, {
          dossierId: dossier.id,
          seq,
          unitCode: ref.code,
          unitParentCode: ref.parentCode,
          amount: procedure.feeVnd,
          currency: 'VND',
          reference,
          qrPayload: account ? vietQrPayload(account, procedure.feeVnd, reference) : null,
          createdAt: event.at,
        });
        return;
      }
      case DossierAction.CONFIRM_PAYMENT: {
        const pending = await paymentStore.pendingOf(db, dossier.id);
        if (pending) {
          await paymentStore.markPaid(db, pending.id, { method: 'CASH', at: event.at, date: localDateOf(event.at), transactionId: null, by: event.actor ?? 'unknown' });
        }
        return;
      }
      case DossierAction.WITHDRAW:
        await paymentStore.cancelPending(db, dossier.id);
        return;
      default:
    }
  }
}
