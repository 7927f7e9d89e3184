import { createHash } from 'node:crypto';
import { fromKysely, type PgBoss } from 'pg-boss';
import type { Kysely } from 'kysely';
import { VN_TIME_ZONE, type LocalDate } from '../../domain/time/local-time.js';
import type { JobModule } from '../../jobs/job-queue.js';
import type { Logger } from '../../logger.js';
import type { FollowUpScheduler, ReconciliationService } from './reconciliation.service.js';

/** The nightly cron job: it fans out one job per province and counting connector. */
export const JOB_RECONCILE_NIGHTLY = 'reconciliation.nightly';
/** One province and connector of the nightly run; retried on its own when its remote is down. */
export const JOB_RECONCILE_RUN = 'reconciliation.run';
/** The check after a repair, started once the re-sent deliveries have had time. */
export const JOB_RECONCILE_FOLLOW_UP = 'reconciliation.follow-up';

interface RunJob {
  connector: string;
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
}

interface FollowUpJob {
  reportId: number;
}

/** A remote that is down at night is asked again with backoff, for up to about a day. */
const RETRIED = { retryLimit: 8, retryDelay: 60, retryBackoff: true, retryDelayMax: 4 * 3600 } as const;

/**
 * Creates the queues reconciliation sends to (in every process: the API process schedules
 * follow-ups too) and returns the scheduler the service uses: follow-ups are sent in the report's
 * own transaction, so a report that is rolled back leaves no job behind.
 */
export async function pgBossFollowUps(boss: PgBoss): Promise<FollowUpScheduler> {
  await boss.createQueue(JOB_RECONCILE_FOLLOW_UP, RETRIED);
  await boss.createQueue(JOB_RECONCILE_RUN, RETRIED);
  return {
    async scheduleFollowUp(db, reportId, delaySeconds) {
      const data: FollowUpJob = { reportId };
      await boss.send(JOB_RECONCILE_FOLLOW_UP, data, {
        startAfter: delaySeconds,
        id: jobIdOf(`follow-up:${reportId}`),
        db: fromKysely(db as Kysely<unknown>),
      });
    },
    nextRun(cron, timeZone, after) {
      try {
        return boss.previewSchedule(cron, { tz: timeZone, from: after, count: 1 })[0] ?? null;
      } catch {
        return null;
      }
    },
  };
}

/**
 * Reconciliation's jobs in worker processes (the scheduler of follow-ups, `pgBossFollowUps`, is
 * built with the services in every process, before any worker starts): the nightly
 * schedule (RECONCILE_CRON in Asia/Ho_Chi_Minh, removed when RECONCILE_ENABLED is off), the
 * per-province runs it fans out to, and the follow-ups.
 */
export function reconciliationJobModule(service: ReconciliationService, logger: Logger): JobModule {
  return {
    name: 'reconciliation',
    async register(boss) {
      await boss.createQueue(JOB_RECONCILE_NIGHTLY);
      const { enabled, cron } = service.settings;
      if (enabled) await boss.schedule(JOB_RECONCILE_NIGHTLY, cron, null, { tz: VN_TIME_ZONE });
      else await boss.unschedule(JOB_RECONCILE_NIGHTLY);

      await boss.work(JOB_RECONCILE_NIGHTLY, async () => {
        const sent = await fanOutNightly(boss, service);
        logger.info({ jobs: sent }, 'nightly reconciliation started');
      });
      await boss.work<RunJob>(JOB_RECONCILE_RUN, async ([job]) => {
        const { connector, unitCode, from, to } = job!.data;
        const report = await service.reconcileScheduled(connector, unitCode, from, to);
        return { reportId: report.id, status: report.status };
      });
      await boss.work<FollowUpJob>(JOB_RECONCILE_FOLLOW_UP, async ([job]) => {
        const report = await service.followUp(job!.data.reportId);
        return report ? { reportId: report.id, status: report.status } : null;
      });
    },
  };
}

/** One job per province and counting connector, for the period ending yesterday; returns how many were sent. */
export async function fanOutNightly(boss: PgBoss, service: ReconciliationService): Promise<number> {
  const { from, to } = service.scheduledPeriod();
  const provinces = await service.provinceCodes();
  let sent = 0;
  for (const entry of service.countingConnectors()) {
    for (const unitCode of provinces) {
      const data: RunJob = { connector: entry.connector.key, unitCode, from, to };
      // One run per province, connector and period, however often the nightly job runs.
      const id = await boss.send(JOB_RECONCILE_RUN, data, { id: jobIdOf(`run:${data.connector}:${unitCode}:${from}:${to}`) });
      if (id) sent++;
    }
  }
  return sent;
}

/** A job id derived from what the job is about: pg-boss ignores a second job with the same id (insert ... on conflict do nothing). */
function jobIdOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
