import { JOB_POLL_RESULTS, JOB_RECHECK_IDENTITIES } from '../../src/jobs/connector.jobs.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** pg-boss keeps cron schedules in the database, so a schedule must be removed when what it runs is switched off. */
test('switching VNeID off removes the identity re-check schedule an earlier start created', async () => {
  const first = await startTestApp({ workers: true, env: { CONNECTOR_VNEID_ENABLED: '1' } });
  const scheduled = async () => (await first.sql<{ name: string }>(`select name from pgboss.schedule`)).map((s) => s.name);
  let second: TestApp | null = null;
  try {
    expect(await scheduled()).toContain(JOB_RECHECK_IDENTITIES);
    await first.app.stop();
    second = await startTestApp({ workers: true, databaseUrl: first.databaseUrl, env: { CONNECTOR_VNEID_ENABLED: '0' } });
    const now = await scheduled();
    expect(now).not.toContain(JOB_RECHECK_IDENTITIES);
    expect(now).toContain(JOB_POLL_RESULTS);
  } finally {
    await (second ?? first).stop();
  }
});
