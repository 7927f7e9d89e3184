import type { MikroORM } from '@mikro-orm/postgresql';
import type { DossierTransitions } from '../../domain/dossier/dossier-transition.js';
import type { CollectionAccount } from '../../domain/payment/collection-accounts.js';
import { PaymentConfirmationService } from '../../domain/payment/payment-confirmation.service.js';
import { paymentStore, type PaymentRequestRow } from '../../domain/payment/payment-store.js';
import type { Clock } from '../../domain/time/clock.js';
import type { UnitService } from '../../domain/unit/unit.service.js';
import type { Logger } from '../../logger.js';
import type { ConnectorRuntime } from '../runtime/connector-runtime.js';
import { PaymentGateway } from './payment-gateway.js';
import { PaymentReconciliationService } from './payment-reconciliation.service.js';

/** Fees paid online (docs/payments.md): what the API, the routes and the slip use. */
export interface PaymentModule {
  accounts: ReadonlyMap<string, CollectionAccount>;
  confirmations: PaymentConfirmationService;
  gateway: PaymentGateway;
  reconciliation: PaymentReconciliationService;
  /** The latest payment request of each dossier (read access to the dossier is the caller's check). */
  latestOf(dossierIds: readonly number[]): Promise<Map<number, PaymentRequestRow>>;
}

export function createPaymentModule(deps: {
  orm: MikroORM;
  transitions: DossierTransitions;
  connectors: ConnectorRuntime;
  units: UnitService;
  clock: Clock;
  logger: Logger | null;
  accounts: ReadonlyMap<string, CollectionAccount>;
}): PaymentModule {
  const confirmations = new PaymentConfirmationService(deps.orm, deps.transitions);
  const log = deps.logger?.child({ component: 'payments' }) ?? deps.connectors.entry('payment')?.log;
  const gateway = new PaymentGateway(deps.connectors, deps.orm, confirmations, log!);
  return {
    accounts: deps.accounts,
    confirmations,
    gateway,
    reconciliation: new PaymentReconciliationService(deps.orm, gateway, deps.accounts, deps.units, deps.clock),
    latestOf: (ids) => (ids.length === 0 ? Promise.resolve(new Map()) : paymentStore.latestOf(deps.orm.em.fork().getKysely(), ids)),
  };
}
