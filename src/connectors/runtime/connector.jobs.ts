import { VN_TIME_ZONE } from '../../domain/time/local-time.js';
import type { JobModule } from '../../jobs/job-queue.js';
import type { Logger } from '../../logger.js';
import type { ConnectorPorts } from './connector-ports.js';
import type { ConnectorWorkers } from './connector-workers.js';

export const JOB_POLL_RESULTS = 'connectors.poll-results';
export const JOB_RECHECK_IDENTITIES = 'connectors.recheck-identities';
export const JOB_PRUNE_EXCHANGES = 'connectors.prune-exchanges';

/**
 * The connector layer's work in worker processes: the delivery lanes (a dispatcher over the outbox,
 * see docs/connectors.md for why not a job per delivery) and three pg-boss schedules in
 * Asia/Ho_Chi_Minh: asking remotes for pending decisions (SYNC_RESULT_POLL_CRON), verifying
 * identities left PENDING (SYNC_IDENTITY_RECHECK_CRON; removed while VNeID is disabled), pruning
 * the exchange log (daily).
 */
export function connectorJobs(ports: ConnectorPorts, workers: ConnectorWorkers, logger: Logger): JobModule {
  return {
    name: 'connectors',
    async register(boss) {
      await workers.startDeliveries();
      const schedule = async (name: string, cron: string, run: () => Promise<unknown>) => {
        await boss.createQueue(name);
        await boss.schedule(name, cron, null, { tz: VN_TIME_ZONE });
        await boss.work(name, async () => {
          const result = await run();
          logger.debug({ job: name, result }, 'connector job done');
        });
      };
      await schedule(JOB_POLL_RESULTS, ports.sync.resultPollCron, () => workers.pollResults());
      if (ports.identityVerifier) await schedule(JOB_RECHECK_IDENTITIES, ports.sync.identityRecheckCron, () => workers.recheckIdentities());
      // pg-boss keeps schedules in the database: one created while VNeID was enabled would outlive switching it off.
      else await boss.unschedule(JOB_RECHECK_IDENTITIES);
      await schedule(JOB_PRUNE_EXCHANGES, '17 3 * * *', () => ports.pruneExchanges());
    },
  };
}
