import type { MikroORM } from '@mikro-orm/postgresql';
import type { DossierTransitions } from '../../domain/dossier/dossier-transition.js';
import type { CollectionAccount } from '../../domain/payment/collection-accounts.js';
import { PaymentConfirmationService } from '../../domain/payment/payment-confirmation.service.js';
import { paymentStore, type PaymentRequestRow, type PaymentSummaryRow } from '../../domain/payment/payment-store.js';
import { requireCapability, requireUnitInScope } from '../../domain/access/access-policy.js';
import type { Actor } from '../../domain/access/actor.js';
import { DomainError } from '../../domain/errors.js';
import { validatePeriod } from '../../domain/statistics/statistics-period.js';
import type { LocalDate } from '../../domain/time/local-time.js';
import type { Clock } from '../../domain/time/clock.js';
import type { UnitService } from '../../domain/unit/unit.service.js';
import { createLogger, type Logger } from '../../logger.js';
import type { ConnectorPorts } from '../runtime/connector-ports.js';
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
  /** Query.paymentStatistics, under the statistics scopes. */
  statistics(actor: Actor | null, query: { unitCode: string; from: LocalDate; to: LocalDate }): Promise<PaymentStatistics>;
}

export interface PaymentStatistics extends PaymentSummaryRow {
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
  /** paidOnline / (paidOnline + paidCash); null when nothing was paid. */
  onlineRate: number | null;
}

export function createPaymentModule(deps: {
  orm: MikroORM;
  transitions: DossierTransitions;
  connectors: ConnectorPorts;
  units: UnitService;
  clock: Clock;
  logger: Logger | null;
  accounts: ReadonlyMap<string, CollectionAccount>;
}): PaymentModule {
  const confirmations = new PaymentConfirmationService(deps.orm, deps.transitions);
  // Without a process logger and with the connector off there is no logger at all: a silent one, not undefined.
  const log = deps.logger?.child({ component: 'payments' }) ?? deps.connectors.entry('payment')?.log ?? createLogger({ level: 'silent' });
  const gateway = new PaymentGateway(deps.connectors, deps.orm, confirmations, log);
  return {
    accounts: deps.accounts,
    confirmations,
    gateway,
    reconciliation: new PaymentReconciliationService(deps.orm, gateway, deps.accounts, deps.units, deps.clock),
    latestOf: (ids) => (ids.length === 0 ? Promise.resolve(new Map()) : paymentStore.latestOf(deps.orm.em.fork().getKysely(), ids)),
    async statistics(actor, query) {
      const who = requireCapability(actor, 'readStatistics');
      validatePeriod(query.from, query.to);
      const subtree = await deps.units.subtree(query.unitCode.trim());
      if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: query.unitCode });
      requireUnitInScope(who, subtree.unit, ['unitCode']);
      const summary = await paymentStore.summary(deps.orm.em.fork().getKysely(), subtree.codes, query.from, query.to);
      const paid = summary.paidOnline + summary.paidCash;
      return { unitCode: subtree.unit.code, from: query.from, to: query.to, ...summary, onlineRate: paid === 0 ? null : summary.paidOnline / paid };
    },
  };
}
