import type { MikroORM } from '@mikro-orm/postgresql';
import { requireCapability, requireUnitInScope } from '../../domain/access/access-policy.js';
import type { Actor } from '../../domain/access/actor.js';
import { DomainError } from '../../domain/errors.js';
import type { CollectionAccount } from '../../domain/payment/collection-accounts.js';
import { paymentStore, type PaymentRequestRow } from '../../domain/payment/payment-store.js';
import type { Clock } from '../../domain/time/clock.js';
import { addDays, daysBetween, localDateOf, type LocalDate } from '../../domain/time/local-time.js';
import type { UnitService } from '../../domain/unit/unit.service.js';
import { ConnectorError, ErrorClass } from '../sdk/connector-error.js';
import type { PaymentGateway } from './payment-gateway.js';
import type { PlatformTransaction } from './payment.connector.js';

/** The longest period one payment reconciliation covers (the platform lists by day). */
export const MAX_PAYMENT_RECONCILIATION_DAYS = 93;

export interface PaymentReconciliationRow {
  unitCode: string;
  date: LocalDate;
  /** Paid ONLINE here that day. */
  localCount: number;
  localAmount: number;
  /** Transactions the platform lists that day for this unit's payment requests. */
  remoteCount: number;
  remoteAmount: number;
  /** Paid at the counter (CASH): counted apart, never compared with the platform. */
  cashCount: number;
  cashAmount: number;
  /** References the platform was paid for that are not PAID here with that transaction. */
  paidRemotelyNotLocally: string[];
  /** References PAID ONLINE here whose transaction the platform does not list. */
  paidLocallyNotRemotely: string[];
}

export interface PaymentRepair {
  reference: string;
  transactionId: string;
  /** CONFIRMED, or the refusal's code (e.g. PAYMENT_NOT_AWAITED: the dossier was withdrawn; a person refunds). */
  result: string;
}

export interface PaymentReconciliationReport {
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
  status: 'MATCHED' | 'MISMATCHED';
  rows: PaymentReconciliationRow[];
  /** Transactions into the province's account whose reference is no payment request here. */
  unknownReferences: string[];
  repairs: PaymentRepair[];
}

/**
 * Reconciliation of payments by unit and day (đối soát thanh toán): the payments confirmed ONLINE
 * here against the platform's listing of the province's collection account. A transfer the platform
 * received but whose notification never arrived (lost, refused while the platform's clock was
 * wrong...) is "paid remotely, not locally": with `repair`, it is confirmed now through the same
 * path as a notification (same checks, same transitions). "Paid locally, not remotely" has no
 * automatic repair: it means a confirmation without money, for a person to look into.
 * The report is computed on request and not stored (unlike the dossier reconciliation's reports).
 */
export class PaymentReconciliationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly gateway: PaymentGateway,
    private readonly accounts: ReadonlyMap<string, CollectionAccount>,
    private readonly units: UnitService,
    private readonly clock: Clock,
  ) {}

  async reconcile(actor: Actor | null, request: { unitCode: string; from: LocalDate; to: LocalDate; repair: boolean }): Promise<PaymentReconciliationReport> {
    return this.run(requireCapability(actor, 'manageConnectors'), request);
  }

  /**
   * The nightly run (a job): every province with a collection account, the `days` days ending
   * yesterday, repairing what the platform was paid and we were not told. Returns one report per
   * province; a province whose listing cannot be read fails the job (the queue retries it).
   */
  async reconcileNightly(days: number): Promise<PaymentReconciliationReport[]> {
    const to = addDays(localDateOf(this.clock.now()), -1);
    const from = addDays(to, -(days - 1));
    const reports: PaymentReconciliationReport[] = [];
    for (const provinceCode of [...this.accounts.keys()].sort()) {
      if (!(await this.units.subtree(provinceCode))) continue;
      reports.push(await this.run(null, { unitCode: provinceCode, from, to, repair: true }));
    }
    return reports;
  }

  /** `who` null: the system's own run (no scope). */
  private async run(who: Actor | null, request: { unitCode: string; from: LocalDate; to: LocalDate; repair: boolean }): Promise<PaymentReconciliationReport> {
    const { from, to } = request;
    if (from > to) throw new DomainError('INVALID_PERIOD', ['from']);
    if (to > localDateOf(this.clock.now())) throw new DomainError('RECONCILIATION_PERIOD_IN_FUTURE', ['to']);
    if (daysBetween(from, to) + 1 > MAX_PAYMENT_RECONCILIATION_DAYS) {
      throw new DomainError('RECONCILIATION_PERIOD_TOO_LONG', ['to'], { max: MAX_PAYMENT_RECONCILIATION_DAYS });
    }
    const subtree = await this.units.subtree(request.unitCode.trim());
    if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: request.unitCode });
    if (who) requireUnitInScope(who, subtree.unit, ['unitCode']);
    const account = this.accounts.get(subtree.unit.provinceCode);
    if (!account) throw new DomainError('PAYMENT_ACCOUNT_NOT_CONFIGURED', ['unitCode'], { province: subtree.unit.provinceCode });

    const db = this.orm.em.fork().getKysely();
    const [local, remote] = await Promise.all([
      paymentStore.paidBetween(db, subtree.codes, from, to),
      this.listRemote(account.accountNumber, from, to),
    ]);
    const requests = await paymentStore.byReferences(db, remote.map((t) => t.reference));
    const inScope = new Set(subtree.codes);
    const report = compare(local, remote, requests, inScope);
    const repairs: PaymentRepair[] = [];
    if (request.repair) {
      for (const transaction of report.toRepair) {
        const outcome = await this.gateway.confirmListed(transaction);
        repairs.push({
          reference: transaction.reference,
          transactionId: transaction.transactionId,
          result: outcome instanceof DomainError ? outcome.code : outcome.outcome,
        });
      }
    }
    const matched = report.rows.every((r) => r.paidLocallyNotRemotely.length === 0 && r.paidRemotelyNotLocally.length === 0
      && r.localCount === r.remoteCount && r.localAmount === r.remoteAmount);
    return {
      unitCode: subtree.unit.code,
      from,
      to,
      status: matched && report.unknownReferences.length === 0 ? 'MATCHED' : 'MISMATCHED',
      rows: report.rows,
      // Only a reconciliation of the whole province can say a reference belongs to none of its units.
      unknownReferences: subtree.unit.code === subtree.unit.provinceCode ? report.unknownReferences : [],
      repairs,
    };
  }

  private async listRemote(account: string, from: LocalDate, to: LocalDate): Promise<PlatformTransaction[]> {
    try {
      return await this.gateway.transactions(account, from, to);
    } catch (error) {
      if (!(error instanceof ConnectorError)) throw error;
      if (error.errorClass === ErrorClass.CONFIG) throw new DomainError('CONNECTOR_NOT_CONFIGURED', ['connector'], { connector: 'payment' });
      if (error.errorClass === ErrorClass.TRANSIENT) throw new DomainError('REMOTE_UNAVAILABLE', ['connector'], { connector: 'payment' });
      throw new DomainError('REMOTE_COUNT_REJECTED', ['connector'], { connector: 'payment' });
    }
  }
}

/** Both sides per unit and day; which remote transactions a repair would confirm. */
function compare(
  local: readonly PaymentRequestRow[],
  remote: readonly PlatformTransaction[],
  requests: ReadonlyMap<string, PaymentRequestRow>,
  inScope: ReadonlySet<string>,
): { rows: PaymentReconciliationRow[]; unknownReferences: string[]; toRepair: PlatformTransaction[] } {
  const rows = new Map<string, PaymentReconciliationRow>();
  const rowOf = (unitCode: string, date: LocalDate) => {
    const key = `${date}|${unitCode}`;
    let row = rows.get(key);
    if (!row) {
      row = { unitCode, date, localCount: 0, localAmount: 0, remoteCount: 0, remoteAmount: 0, cashCount: 0, cashAmount: 0,
        paidRemotelyNotLocally: [], paidLocallyNotRemotely: [] };
      rows.set(key, row);
    }
    return row;
  };
  const remoteIds = new Set(remote.map((t) => t.transactionId));
  for (const p of local) {
    const row = rowOf(p.unitCode, p.paidDate!);
    if (p.method === 'CASH') {
      row.cashCount += 1;
      row.cashAmount += p.amount;
      continue;
    }
    row.localCount += 1;
    row.localAmount += p.amount;
    if (!p.transactionId || !remoteIds.has(p.transactionId)) row.paidLocallyNotRemotely.push(p.reference);
  }
  const unknownReferences: string[] = [];
  const toRepair: PlatformTransaction[] = [];
  for (const t of remote) {
    const request = requests.get(t.reference);
    if (!request) {
      unknownReferences.push(t.reference);
      continue;
    }
    if (!inScope.has(request.unitCode)) continue;
    const row = rowOf(request.unitCode, t.date);
    row.remoteCount += 1;
    row.remoteAmount += t.amount;
    if (request.status !== 'PAID' || request.transactionId !== t.transactionId) {
      row.paidRemotelyNotLocally.push(t.reference);
      toRepair.push(t);
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.date === b.date ? a.unitCode.localeCompare(b.unitCode) : a.date.localeCompare(b.date)));
  for (const row of sorted) {
    row.paidLocallyNotRemotely.sort();
    row.paidRemotelyNotLocally.sort();
  }
  return { rows: sorted, unknownReferences: unknownReferences.sort(), toRepair };
}
