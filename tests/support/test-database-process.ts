import 'reflect-metadata';
import { PgBoss } from 'pg-boss';
import { migrate, openOrm } from '../../src/db/database.js';
import { startThrowawayPostgres } from '../../src/db/embedded-postgres.js';
import { JOB_SCHEMA } from '../../src/jobs/job-queue.js';
import { createLogger } from '../../src/logger.js';

/**
 * The test run's PostgreSQL, in a process of its own (started by global-setup.ts): a throwaway
 * embedded cluster whose `motcua` database is migrated once, given the job queue's schema, and
 * then used as the template every test file clones its own database from. Prints the template's
 * URL as one JSON line, and stops the cluster when its parent closes stdin or sends SIGTERM.
 */
const logger = createLogger({ level: 'silent' });
const database = await startThrowawayPostgres(logger);
const orm = await openOrm({ url: database.url });
await migrate(orm, database.url, logger);
await orm.close();
const boss = new PgBoss({ connectionString: database.url, schema: JOB_SCHEMA, supervise: false, schedule: false });
await boss.start();
await boss.stop({ graceful: false, close: true });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await database.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ templateUrl: database.url })}\n`);
