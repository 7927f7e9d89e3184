import { PgBoss } from 'pg-boss';
import type { Logger } from '../logger.js';

/**
 * The durable job queue (pg-boss, in its own schema `pgboss`). The API process uses it to enqueue;
 * worker processes also run maintenance, cron schedules (Asia/Ho_Chi_Minh) and the job handlers
 * that modules register.
 */
export interface JobModule {
  readonly name: string;
  /** Creates queues, schedules and workers. Called only in processes that run workers. */
  register(boss: PgBoss): Promise<void>;
}

export const JOB_SCHEMA = 'pgboss';

export class JobQueue {
  private constructor(
    readonly boss: PgBoss,
    private readonly logger: Logger,
  ) {}

  /**
   * Connects the queue (before the domain services, which send jobs through it); no worker runs
   * until `startWorkers`.
   */
  static async open(options: { url: string; logger: Logger; workers: boolean }): Promise<JobQueue> {
    const boss = new PgBoss({
      connectionString: options.url,
      schema: JOB_SCHEMA,
      max: 5,
      supervise: options.workers,
      schedule: options.workers,
    });
    boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    return new JobQueue(boss, options.logger);
  }

  /** Registers the modules' queues, schedules and workers (worker processes only). */
  async startWorkers(modules: readonly JobModule[]): Promise<void> {
    for (const module of modules) {
      await module.register(this.boss);
      this.logger.info({ module: module.name }, 'job workers registered');
    }
  }

  async isReady(): Promise<boolean> {
    try {
      return await this.boss.isInstalled();
    } catch {
      return false;
    }
  }

  /** Waits for running jobs to finish (up to `timeoutMs`), then closes the queue's connections. */
  async stop(timeoutMs: number): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    this.logger.info('job queue stopped');
  }
}
