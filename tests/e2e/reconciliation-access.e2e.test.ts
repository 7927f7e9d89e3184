import type { RunningSimulators } from '../../simulators/index.js';
import { Role } from '../../src/domain/access/actor.js';
import { Channel } from '../../src/domain/vocabulary/dossier-enums.js';
import { TestClock } from '../support/clock.js';
import { deliveriesSettled, receiveDossier, startAppWithSimulators } from '../support/reconciliation-fixtures.js';
import { eventually } from '../support/eventually.js';
import { dataOf, type TestApp } from '../support/test-app.js';

const RECONCILE = `mutation($connector: String!, $unitCode: String!, $from: Date!, $to: Date!) {
  reconcile(connector: $connector, unitCode: $unitCode, from: $from, to: $to) { id unitCode status localTotal remoteTotal resent }
}`;
const REPORTS = `query($connector: String, $unitCode: String, $first: Int, $after: String) {
  reconciliationReports(connector: $connector, unitCode: $unitCode, first: $first, after: $after) {
    totalCount nodes { id connector unitCode trigger requestedBy } pageInfo { hasNextPage endCursor }
  }
}`;
const SCHEDULE = `{ reconciliationSchedule { enabled cron timeZone days followUpDelaySeconds maxDays nextRunAt connectors } }`;

describe('reconciliation: who may, what input is refused, and an unreachable remote', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  let t: TestApp;
  let sims: RunningSimulators;
  let provinceAdmin: string;
  const period = { from: '2026-03-02', to: '2026-03-03' };

  beforeAll(async () => {
    ({ t, sims } = await startAppWithSimulators(clock, { RECONCILE_ENABLED: '1', RECONCILE_CRON: '15 2 * * *', RECONCILE_DAYS: '8', RECONCILE_MAX_DAYS: '31' }));
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    clock.set('2026-03-03T09:00:00+07:00');
    await receiveDossier(t, { unitCode: '21028', procedureCode: '1.004222', channel: Channel.ONLINE, path: 'PROCESSING' });
    await eventually('EMC deliveries', () => deliveriesSettled(t, 'emc'));
    clock.set('2026-03-04T09:00:00+07:00');
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await sims?.stop();
  });

  async function reconcileAs(token: string | undefined, variables: Record<string, unknown>) {
    return t.gql(RECONCILE, { connector: 'emc', unitCode: '51', ...period, ...variables }, { token });
  }
  const codeOf = (result: { body: { errors?: { extensions?: Record<string, unknown> }[] } }) => result.body.errors?.[0]?.extensions?.code;
  const reportCount = async () => Number((await t.sql<{ n: string }>('select count(*) as n from reconciliation_report'))[0]!.n);

  test('scopes: SYSTEM_ADMIN anything, PROVINCE_ADMIN its province, INTEGRATOR its unit; everyone else is refused', async () => {
    expect(codeOf(await reconcileAs(undefined, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await reconcileAs(await t.token(Role.OFFICER, '51'), {}))).toBe('FORBIDDEN');
    expect(codeOf(await reconcileAs(await t.token(Role.STATISTICIAN, '51'), {}))).toBe('FORBIDDEN');
    expect(codeOf(await reconcileAs(await t.token(Role.PROVINCE_ADMIN, '79'), {}))).toBe('FORBIDDEN');
    const integrator = await t.token(Role.INTEGRATOR, '21025');
    expect(codeOf(await reconcileAs(integrator, {}))).toBe('FORBIDDEN');
    expect(codeOf(await reconcileAs(integrator, { unitCode: '21028' }))).toBe('FORBIDDEN');
    expect(await reportCount()).toBe(0);

    expect(dataOf(await reconcileAs(integrator, { unitCode: '21025' })).reconcile).toMatchObject({ unitCode: '21025', status: 'MATCHED', localTotal: 1 });
    expect(dataOf(await reconcileAs(provinceAdmin, {})).reconcile).toMatchObject({ unitCode: '51', status: 'MATCHED', localTotal: 2, remoteTotal: 2 });
    expect(dataOf(await reconcileAs(await t.token(Role.SYSTEM_ADMIN), { unitCode: '21028' })).reconcile).toMatchObject({ localTotal: 1 });
  });

  test('reports are listed newest first within one\'s scope, paged, and resolved by Query.node', async () => {
    const all = dataOf(await t.gql(REPORTS, {}, { token: await t.token(Role.SYSTEM_ADMIN) })).reconciliationReports;
    expect(all.totalCount).toBe(3);
    expect(all.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['21028', '51', '21025']);
    expect(all.nodes[0]).toMatchObject({ connector: 'emc', trigger: 'MANUAL', requestedBy: 'system_admin-all' });

    const mine = dataOf(await t.gql(REPORTS, {}, { token: provinceAdmin })).reconciliationReports;
    expect(mine.totalCount).toBe(3);
    const page = dataOf(await t.gql(REPORTS, { first: 2 }, { token: provinceAdmin })).reconciliationReports;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = dataOf(await t.gql(REPORTS, { first: 2, after: page.pageInfo.endCursor }, { token: provinceAdmin })).reconciliationReports;
    expect(next.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['21025']);

    const communeOnly = dataOf(await t.gql(REPORTS, {}, { token: await t.token(Role.INTEGRATOR, '21025') })).reconciliationReports;
    expect(communeOnly.nodes.map((n: { unitCode: string }) => n.unitCode)).toEqual(['21025']);
    const filtered = dataOf(await t.gql(REPORTS, { unitCode: '51', connector: 'emc' }, { token: provinceAdmin })).reconciliationReports;
    expect(filtered.totalCount).toBe(1);
    expect(dataOf(await t.gql(REPORTS, {}, { token: await t.token(Role.PROVINCE_ADMIN, '79') })).reconciliationReports.totalCount).toBe(0);

    const id = all.nodes[1].id;
    const node = `query($id: ID!) { node(id: $id) { __typename ... on ReconciliationReport { unitCode } } }`;
    expect(dataOf(await t.gql(node, { id }, { token: provinceAdmin })).node).toEqual({ __typename: 'ReconciliationReport', unitCode: '51' });
    expect(dataOf(await t.gql(node, { id }, { token: await t.token(Role.PROVINCE_ADMIN, '79') })).node).toBeNull();
    expect(codeOf(await t.gql(REPORTS, {}, { token: await t.token(Role.OFFICER, '51') }))).toBe('FORBIDDEN');
  });

  test('bad input is coded and writes nothing', async () => {
    const before = await reportCount();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ from: '2026-03-03', to: '2026-03-02' }, 'INVALID_PERIOD', ['from']],
      [{ from: '2026-01-01', to: '2026-03-03' }, 'RECONCILIATION_PERIOD_TOO_LONG', ['to']],
      [{ to: '2026-03-05' }, 'RECONCILIATION_PERIOD_IN_FUTURE', ['to']],
      [{ unitCode: '99999' }, 'NOT_FOUND', ['unitCode']],
      [{ connector: 'nope' }, 'NOT_FOUND', ['connector']],
      [{ connector: 'vneid' }, 'RECONCILIATION_NOT_SUPPORTED', ['connector']],
      [{ connector: 'business-registration' }, 'RECONCILIATION_NOT_SUPPORTED', ['connector']],
    ];
    for (const [variables, code, field] of cases) {
      const result = await reconcileAs(provinceAdmin, variables);
      expect({ variables, code: codeOf(result), field: result.body.errors?.[0]?.extensions?.field }).toEqual({ variables, code, field });
      expect(result.body.errors![0]!.message).not.toMatch(/\n\s+at /);
    }
    expect(codeOf(await reconcileAs(provinceAdmin, { from: '2026-02-30' }))).toBe('BAD_USER_INPUT');
    const english = await t.gql(RECONCILE, { connector: 'emc', unitCode: '51', from: '2026-01-01', to: '2026-03-03' }, { token: provinceAdmin, headers: { 'accept-language': 'en' } });
    expect(english.body.errors![0]!.message).toBe('A reconciliation covers at most 31 days.');
    expect(await reportCount()).toBe(before);
  });

  test('the remote unreachable: a coded error, and no report, no half report, no re-queued delivery', async () => {
    const before = await reportCount();
    const records = async () => Number((await t.sql<{ n: string }>('select count(*) as n from sync_record'))[0]!.n);
    const recordsBefore = await records();
    sims.systems.emc.startOutage(60_000);
    try {
      const result = await reconcileAs(provinceAdmin, {});
      expect(codeOf(result)).toBe('REMOTE_UNAVAILABLE');
      expect(result.body.data).toBeNull();
      expect(result.body.errors![0]!.message).toContain('emc');
    } finally {
      sims.systems.emc.setSettings({ outages: [] });
    }
    expect(await reportCount()).toBe(before);
    expect(await t.sql('select * from reconciliation_row where report_id not in (select id from reconciliation_report)')).toEqual([]);
    expect(await records()).toBe(recordsBefore);
  });

  test('the nightly schedule is visible: cron in Asia/Ho_Chi_Minh, days, the next run and the counting connectors', async () => {
    const { reconciliationSchedule } = dataOf(await t.gql(SCHEDULE, {}, { token: provinceAdmin }));
    expect(reconciliationSchedule).toMatchObject({
      enabled: true,
      cron: '15 2 * * *',
      timeZone: 'Asia/Ho_Chi_Minh',
      days: 8,
      followUpDelaySeconds: 1,
      maxDays: 31,
      // agency-system counts too now that the tests point it at its simulator.
      connectors: ['emc', 'civil-status', 'agency-system'],
    });
    // The clock says 2026-03-04 09:00 local: the next run is the next day at 02:15 local.
    expect(reconciliationSchedule.nextRunAt).toBe('2026-03-05T02:15:00+07:00');
    expect(codeOf(await t.gql(SCHEDULE, {}, { token: await t.token(Role.CITIZEN, null, '051203001234') }))).toBe('FORBIDDEN');
    const pgSchedules = await t.sql<{ name: string; cron: string; timezone: string }>(`select name, cron, timezone from pgboss.schedule where name = 'reconciliation.nightly'`);
    expect(pgSchedules).toEqual([{ name: 'reconciliation.nightly', cron: '15 2 * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
  });

  test('the nightly fan-out reconciles each province with each counting connector, for the days ending yesterday', async () => {
    const { fanOutNightly } = await import('../../src/connectors/reconciliation/reconciliation.jobs.js');
    const sent = await fanOutNightly(t.app.jobs.boss, t.app.services.reconciliation);
    expect(sent).toBe(6); // provinces 51 and 79, connectors emc, civil-status and agency-system
    expect(await fanOutNightly(t.app.jobs.boss, t.app.services.reconciliation)).toBe(0); // the same night again sends nothing
    const scheduled = await eventually('the scheduled reports', async () => {
      const rows = await t.sql<{ connector: string; unit_code: string; from_date: string; to_date: string; status: string }>(
        `select connector, unit_code, to_char(from_date, 'YYYY-MM-DD') as from_date, to_char(to_date, 'YYYY-MM-DD') as to_date, status
         from reconciliation_report where trigger = 'SCHEDULED' order by connector, unit_code`);
      return rows.length === 6 ? rows : null;
    });
    expect(scheduled).toEqual([
      { connector: 'agency-system', unit_code: '51', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
      { connector: 'agency-system', unit_code: '79', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
      { connector: 'civil-status', unit_code: '51', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
      { connector: 'civil-status', unit_code: '79', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
      { connector: 'emc', unit_code: '51', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
      { connector: 'emc', unit_code: '79', from_date: '2026-02-24', to_date: '2026-03-03', status: 'MATCHED' },
    ]);
  });
});
