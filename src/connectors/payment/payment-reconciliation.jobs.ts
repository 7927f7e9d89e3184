import { ConfigError, flagFrom, intFrom, type Env } from '../../config.js';
import { VN_TIME_ZONE } from '../../domain/time/local-time.js';
import type { JobModule } from '../../jobs/job-queue.js';
import type { Logger } from '../../logger.js';
import type { PaymentReconciliationService } from './payment-reconciliation.service.js';

export const JOB_RECONCILE_PAYMENTS = 'payments.reconcile-nightly';
const DEFAULT_CRON = '45 1 * * *';

export interface PaymentReconciliationSchedule {
  enabled: boolean;
  cron: string;
  days: number;
}

/**
 * RECONCILE_PAYMENTS_CRON (default 01:45 Asia/Ho_Chi_Minh) and RECONCILE_PAYMENTS_DAYS (2: a
 * transfer late in the evening is listed the next day); off with RECONCILE_ENABLED=0, like the
 * dossier reconciliation. Under RECONCILE_ so that they reach the connector environment.
 */
export function loadPaymentReconciliationSchedule(env: Env): PaymentReconciliationSchedule {
  const cron = (env.RECONCILE_PAYMENTS_CRON ?? '').trim() || DEFAULT_CRON;
  if (![5, 6].includes(cron.split(/\s+/).length)) {
    throw new ConfigError(`RECONCILE_PAYMENTS_CRON must be a cron expression of 5 or 6 fields, e.g. "${DEFAULT_CRON}" (got "${cron}")`);
  }
  return { enabled: flagFrom(env, 'RECONCILE_ENABLED', true), cron, days: intFrom(env, 'RECONCILE_PAYMENTS_DAYS', 2, 1) };
}

/** The nightly payment reconciliation with repair, in worker processes; a failed run is retried by the queue. */
export function paymentReconciliationJobModule(service: PaymentReconciliationService, schedule: PaymentReconciliationSchedule, logger: Logger): JobModule {
  return {
    name: 'payment-reconciliation',
    async register(boss) {
      await boss.createQueue(JOB_RECONCILE_PAYMENTS, { retryLimit: 8, retryDelay: 60, retryBackoff: true, retryDelayMax: 4 * 3600 });
      if (schedule.enabled) await boss.schedule(JOB_RECONCILE_PAYMENTS, schedule.cron, null, { tz: VN_TIME_ZONE });
      else await boss.unschedule(JOB_RECONCILE_PAYMENTS);
      await boss.work(JOB_RECONCILE_PAYMENTS, async () => {
        const reports = await service.reconcileNightly(schedule.days);
        // Counts and codes only: references and unit codes are no personal data.
        const summary = reports.map((r) => ({ unitCode: r.unitCode, status: r.status, repaired: r.repairs.filter((x) => x.result === 'CONFIRMED').length }));
        logger.info({ reports: summary }, 'nightly payment reconciliation');
        return summary;
      });
    },
  };
}
