import { Migration20261204600000Payments } from '../../../migrations/Migration20261204600000Payments.js';
import { PaymentListener } from '../../domain/payment/payment.listener.js';
import type { FeatureModule } from '../../feature-module.js';
import { DossierPaymentFieldsResolver, PaymentRequestFieldsResolver, PaymentResolver } from '../../schema/payment.schema.js';
import { paymentNotifyRoutes } from './payment-notify.routes.js';
import { loadPaymentReconciliationSchedule, paymentReconciliationJobModule } from './payment-reconciliation.jobs.js';

/** Fees paid online (docs/payments.md): payment requests with VietQR, the platform's notifications, the nightly payment reconciliation. */
export const paymentsFeature: FeatureModule = {
  name: 'payments',
  migrations: [Migration20261204600000Payments],
  resolvers: [PaymentResolver, PaymentRequestFieldsResolver, DossierPaymentFieldsResolver],
  listeners: ({ settings }) => [new PaymentListener(settings.paymentAccounts)],
  jobs: ({ services, config, logger }) => [
    paymentReconciliationJobModule(
      services.payments.reconciliation,
      loadPaymentReconciliationSchedule(config.connectorEnv),
      logger.child({ component: 'payments' }),
    ),
  ],
  routes: ({ services }) => paymentNotifyRoutes(services.payments.gateway),
};
