import type { EntityManager } from '@mikro-orm/postgresql';
import type { RunningSimulators } from '../../simulators/index.js';
import { Role } from '../../src/domain/access/actor.js';
import { Channel, DossierAction } from '../../src/domain/vocabulary/dossier-enums.js';
import { requeueMissingDeliveries, type RepairOutcome } from '../../src/connectors/reconciliation/outbox-repair.js';
import { TestClock } from '../support/clock.js';
import { deliveriesSettled, receiveDossier, startAppWithSimulators } from '../support/reconciliation-fixtures.js';
import { eventually } from '../support/eventually.js';
import { ADMIN, dataOf, type TestApp } from '../support/test-app.js';

const FIELDS = 'id status resent awaitingDelivery notResendable followUpDueAt rows { missingRemotely }';
const RECONCILE = `mutation { reconcile(connector: "emc", unitCode: "21025", from: "2026-03-02", to: "2026-03-02") { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on ReconciliationReport { followUp { trigger ${FIELDS} } } } }`;

/**
 * What repair does with each kind of dossier the remote lacks: a delivery that went DEAD is
 * re-queued, a change the outbox never recorded is replayed from the history, an imported dossier
 * the connector leaves out cannot be re-sent, and a delivery still on its way is left alone.
 */
describe('reconciliation repair: dead, never recorded, excluded and in-flight deliveries', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  let t: TestApp;
  let sims: RunningSimulators;
  let admin: string;
  const code = { dead: '', unrecorded: '', imported: '', inFlight: '' };

  const emcRecords = (dossierCode: string) => t.sql<{ id: string; state: string; manual_retries: number; supersedes_id: string | null; reconciliation_report_id: string | null }>(
    `select id, state, manual_retries, supersedes_id, reconciliation_report_id from sync_record where connector = 'emc' and dossier_code = $1 order by id`, [dossierCode]);

  beforeAll(async () => {
    ({ t, sims } = await startAppWithSimulators(clock, { CONNECTOR_EMC_MAX_ATTEMPTS: '2' }));
    admin = await t.token(Role.PROVINCE_ADMIN, '51');
    const emc = sims.systems.emc;

    emc.setSettings({ failureRate: 1 });
    code.dead = await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    await eventually('the delivery to go DEAD', async () => (await emcRecords(code.dead)).every((r) => r.state === 'DEAD'));
    emc.setSettings({ failureRate: 0, dropRate: 1 });
    clock.advance(60_000);
    code.unrecorded = await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    clock.advance(60_000);
    code.inFlight = await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    await eventually('the dropped deliveries', () => deliveriesSettled(t, 'emc'));
    emc.setSettings({ dropRate: 0 });
    // As if the connector had been switched off when this dossier was received: no record at all.
    await t.sql(`delete from sync_record where dossier_code = $1`, [code.unrecorded]);
    // Still on its way (waiting for a retry in an hour).
    await t.sql(`update sync_record set state = 'RETRYING', next_attempt_at = now() + interval '1 hour' where dossier_code = $1`, [code.inFlight]);

    clock.set('2026-03-02T16:00:00+07:00');
    const imported = await t.app.services.imports.import(ADMIN, [{
      code: 'LEGACY-21025-0001',
      procedureCode: '1.004222',
      unitCode: '21025',
      channel: Channel.ONLINE,
      applicant: { fullName: 'Lê Văn Cường', citizenId: '051203009999', phone: null },
      submittedAt: new Date('2026-03-02T08:00:00+07:00'),
      history: [{ action: DossierAction.ACCEPT, at: new Date('2026-03-02T08:30:00+07:00') }],
    }]);
    expect(imported.failures).toEqual([]);
    code.imported = 'LEGACY-21025-0001';
    clock.set('2026-03-03T09:00:00+07:00');
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
    await sims?.stop();
  });

  test('each kind is told apart; the DEAD delivery is re-queued in place and the unrecorded one replayed from the history', async () => {
    const report = dataOf(await t.gql(RECONCILE, {}, { token: admin })).reconcile;
    expect(report).toMatchObject({
      status: 'MISMATCHED',
      resent: [code.dead, code.unrecorded].sort(),
      awaitingDelivery: [code.inFlight],
      notResendable: [code.imported],
      // RECONCILE_FOLLOW_UP_DELAY_SECONDS=1 after the application's clock.
      followUpDueAt: '2026-03-03T09:00:01+07:00',
    });
    expect(report.rows.flatMap((r: { missingRemotely: string[] }) => r.missingRemotely).sort())
      .toEqual([code.dead, code.unrecorded, code.inFlight, code.imported].sort());
    const reportId = Number(Buffer.from(report.id, 'base64url').toString().split(':')[1]);

    const dead = await emcRecords(code.dead);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ manual_retries: 1, reconciliation_report_id: String(reportId) });
    const replayed = await emcRecords(code.unrecorded);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]).toMatchObject({ supersedes_id: null, reconciliation_report_id: String(reportId) });

    // The follow-up finds the two re-sent ones delivered, and still lacks the other two: it re-sends nothing itself.
    const followUp = await eventually('the follow-up', async () => dataOf(await t.gql(NODE, { id: report.id }, { token: admin })).node.followUp);
    expect(followUp).toMatchObject({ trigger: 'FOLLOW_UP', status: 'MISMATCHED', resent: [], followUpDueAt: null });
    expect(followUp.rows.flatMap((r: { missingRemotely: string[] }) => r.missingRemotely).sort()).toEqual([code.inFlight, code.imported].sort());
    const held = new Set(sims.systems.emc.received().map((p) => (p.body as { CodeProfile: string }).CodeProfile));
    expect([code.dead, code.unrecorded].every((c) => held.has(c))).toBe(true);
  });

  test('two repairs racing for one dossier: only the one whose record was queued reports it re-sent', async () => {
    clock.set('2026-03-03T10:00:00+07:00');
    const code = await receiveDossier(t, { unitCode: '21025', procedureCode: '1.004222', channel: Channel.ONLINE });
    await eventually('its delivery', async () => {
      const records = await emcRecords(code);
      return records.length > 0 && records.every((r) => r.state === 'SUCCEEDED');
    });
    // Never recorded (the connector was off): both runs replay it from the history.
    await t.sql(`delete from sync_record where dossier_code = $1`, [code]);
    const [{ id: reportId }] = await t.sql<{ id: string }>(`select max(id) as id from reconciliation_report`);
    const { connectors, orm } = t.app;
    const entry = connectors.entry('emc')!;
    const target = { connector: entry.connector, settings: entry.settings, connectorKeys: new Set(connectors.entries.map((e) => e.connector.key)) };
    const repair = (em: EntityManager) => requeueMissingDeliveries(em, target, [code], Number(reportId));

    let second: Promise<RepairOutcome> | null = null;
    const first = await orm.em.fork().transactional(async (em) => {
      const outcome = await repair(em);
      // The second run starts before the first commits: its insert waits on the key the first holds.
      second = orm.em.fork().transactional((other) => repair(other));
      await eventually('the second run waiting on the first', async () => (await t.sql(`select 1 from pg_stat_activity
        where wait_event_type = 'Lock' and query like '%insert into sync_record%'`)).length > 0);
      return outcome;
    });
    expect(first).toEqual({ resent: [code], awaitingDelivery: [], notResendable: [] });
    expect(await second!).toEqual({ resent: [], awaitingDelivery: [code], notResendable: [] });
    expect(await emcRecords(code)).toHaveLength(1);
  });
});
