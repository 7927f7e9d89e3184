import { Role } from '../../src/domain/access/actor.js';
import { JOB_POLL_RESULTS, JOB_RECHECK_IDENTITIES } from '../../src/connectors/runtime/connector.jobs.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id identityVerification } userErrors { code } } }`;
const ACCEPT = `mutation($id: ID!) { actOnDossier(input: { dossierId: $id, action: ACCEPT }) { dossier { status } userErrors { code } } }`;

/**
 * Switching VNeID off between two starts on one database: pg-boss keeps cron schedules in the
 * database, so its re-check schedule must be removed; and filings left PENDING (no VNeID could
 * answer) become acceptable, as new filings need no check any more.
 */
test('switching VNeID off removes its re-check schedule and lets the filings it left PENDING be accepted', async () => {
  // Enabled without a URL: it answers no check, so an online filing of a FULL procedure stays PENDING.
  const first = await startTestApp({ catalog: true, workers: true, env: { CONNECTOR_VNEID_ENABLED: '1' } });
  const scheduled = async () => (await first.sql<{ name: string }>(`select name from pgboss.schedule`)).map((s) => s.name);
  const officer = await first.token(Role.OFFICER, '21025');
  const citizenId = '051203001234';
  const applicant = { fullName: 'Nguyễn Văn An', citizenId };
  let second: TestApp | null = null;
  try {
    expect(await scheduled()).toContain(JOB_RECHECK_IDENTITIES);
    const input = { procedureCode: '1.004222', unitCode: '21025', channel: 'ONLINE', applicant };
    const filed = dataOf(await first.gql(RECEIVE, { input }, { token: await first.token(Role.CITIZEN, null, citizenId) })).receiveDossier;
    expect(filed.dossier).toMatchObject({ identityVerification: 'PENDING' });
    expect(dataOf(await first.gql(ACCEPT, { id: filed.dossier.id }, { token: officer })).actOnDossier.userErrors).toEqual([{ code: 'IDENTITY_NOT_VERIFIED' }]);
    await first.app.stop();

    second = await startTestApp({ workers: true, databaseUrl: first.databaseUrl, env: { CONNECTOR_VNEID_ENABLED: '0' } });
    const now = await scheduled();
    expect(now).not.toContain(JOB_RECHECK_IDENTITIES);
    expect(now).toContain(JOB_POLL_RESULTS);
    const accepted = dataOf(await second.gql(ACCEPT, { id: filed.dossier.id }, { token: officer })).actOnDossier;
    expect(accepted).toEqual({ dossier: { status: 'RECEIVED' }, userErrors: [] });
  } finally {
    await (second ?? first).stop();
  }
});
