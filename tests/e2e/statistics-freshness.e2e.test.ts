import { sql } from 'kysely';
import pg from 'pg';
import { Role } from '../../src/domain/access/actor.js';
import { Channel } from '../../src/domain/vocabulary/dossier-enums.js';
import { AGGREGATE_COLUMNS, AGGREGATE_COUNTERS, zeroCounts } from '../../src/domain/statistics/aggregate-counts.js';
import { rebuildStatements } from '../../src/domain/statistics/statistics-rebuild.js';
import { AGGREGATE_TABLES, applyDeltas } from '../../src/domain/statistics/statistics-store.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { snapshotsAroundRebuild, statisticsRows } from '../support/statistics.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Statistics are never stale: the aggregates change in the transaction of every dossier change,
 * so the request after a change sees it, whether the change is live or a backdated import.
 * Commune 21040 (Xã Bình Sơn); today is Monday 2026-06-01, 09:00.
 */
const UNIT = '21040';
const applicant = { fullName: 'Võ Minh Tâm', citizenId: '051195002468', phone: '0935111222' };
const at = (local: string) => `${local}:00+07:00`;
const AGGREGATE_TABLE_NAMES = Object.values(AGGREGATE_TABLES).flatMap((t) => [t.daily, t.monthly]);

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id dueDate } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code } } }`;
const IMPORT = `mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { index userErrors { code } } } }`;
const FIND = `query($code: String!) { dossier(code: $code) { id } }`;

describe('statistics change right after a dossier changes', () => {
  const clock = new TestClock(at('2026-06-01T09:00'));
  let t: TestApp;
  let officer: string;
  let statistician: string;
  let integrator: string;

  const today = { unitCode: UNIT, from: '2026-06-01', to: '2026-06-01' };
  const may = { unitCode: UNIT, from: '2026-05-01', to: '2026-05-31' };
  const figures = async (args: typeof today) => (await statisticsRows(t, statistician, args))[0]!;
  const act = async (dossierId: string, action: string, extra: object = {}) =>
    expect(dataOf(await t.gql(ACT, { input: { dossierId, action, ...extra } }, { token: officer })).actOnDossier.userErrors).toEqual([]);
  const importOne = async (dossier: object) =>
    expect(dataOf(await t.gql(IMPORT, { input: [{ unitCode: UNIT, applicant, ...dossier }] }, { token: integrator })).importDossiers)
      .toEqual({ imported: 1, errors: [] });

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    officer = await t.token(Role.OFFICER, UNIT);
    statistician = await t.token(Role.STATISTICIAN, UNIT);
    integrator = await t.token(Role.INTEGRATOR, '51');
  });
  afterAll(() => t.stop());

  test('live intake and actions', async () => {
    expect(await figures(today)).toMatchObject({ received: 0, inProgress: 0, progressScore: null });
    const { receiveDossier } = dataOf(await t.gql(RECEIVE, {
      input: { procedureCode: '1.004873', unitCode: UNIT, channel: 'IN_PERSON', applicant, formData: validFormData('1.004873', applicant, clock.now()) },
    }, { token: officer }));
    expect(receiveDossier.dossier.dueDate).toBe('2026-06-04');
    expect(await figures(today)).toMatchObject({ received: 1, receivedInPerson: 1, inProgress: 1, inProgressOnTime: 1, progressScore: 1 });

    clock.set(at('2026-06-01T10:00'));
    await act(receiveDossier.dossier.id, 'RESOLVE', { outcome: 'DENIED' });
    expect(await figures(today)).toMatchObject({ received: 1, resolved: 1, resolvedEarly: 1, inProgress: 0, onTimeRate: 1 });
  });

  test('a backdated import lands on its past days, and on every later period it reaches', async () => {
    // Received Mon 05-04, due Thu 05-07 (3 working days), resolved 05-20: late.
    await importOne({
      code: 'OLD-1', procedureCode: '1.004873', channel: 'POSTAL', receivedAt: at('2026-05-04T09:00'),
      history: [{ action: 'RESOLVE', at: at('2026-05-20T09:00'), outcome: 'APPROVED' }],
    });
    expect(await figures(may)).toMatchObject({ received: 1, receivedPostal: 1, resolved: 1, resolvedLate: 1, onTimeRate: 0, inProgress: 0 });

    // Received Mon 05-25, due Thu 05-28, still open: overdue at the end of May and today.
    await importOne({ code: 'OLD-2', procedureCode: '1.004873', channel: 'IN_PERSON', receivedAt: at('2026-05-25T09:00'), history: [] });
    expect(await figures(may)).toMatchObject({ received: 2, resolved: 1, inProgress: 1, inProgressOverdue: 1 });
    expect(await figures(today)).toMatchObject({ carriedOver: 1, received: 1, resolved: 1, inProgress: 1, inProgressOverdue: 1 });
  });

  test('a withdrawal today finishes it today; the past period keeps it in progress', async () => {
    clock.set(at('2026-06-01T11:00'));
    const { dossier } = dataOf(await t.gql(FIND, { code: 'OLD-2' }, { token: officer }));
    await act(dossier.id, 'WITHDRAW');
    expect(await figures(today)).toMatchObject({ carriedOver: 1, withdrawn: 1, inProgress: 0, inProgressOverdue: 0 });
    expect(await figures(may)).toMatchObject({ inProgress: 1, inProgressOverdue: 1 });
  });

  test('a pause and a resume move the due date of later periods; a refusal counts nothing', async () => {
    // Received Mon 05-11, due 05-14; supplement requested 05-12, submitted today 06-01:
    // paused 05-12 .. 05-29 (14 working days) -> due 06-03.
    await importOne({
      code: 'OLD-3', procedureCode: '1.004873', channel: 'IN_PERSON', receivedAt: at('2026-05-11T09:00'),
      history: [{ action: 'REQUEST_SUPPLEMENT', at: at('2026-05-12T09:00') }],
    });
    expect(await figures(may)).toMatchObject({ received: 3, inProgress: 2, inProgressOverdue: 2 });
    clock.set(at('2026-06-01T12:00'));
    const { dossier } = dataOf(await t.gql(FIND, { code: 'OLD-3' }, { token: officer }));
    await act(dossier.id, 'SUBMIT_SUPPLEMENT');
    expect(await figures(today)).toMatchObject({ carriedOver: 2, inProgress: 1, inProgressOverdue: 0, inProgressOnTime: 1 });
    expect(await figures(may)).toMatchObject({ inProgress: 2, inProgressOverdue: 2 });

    await importOne({
      code: 'OLD-4', procedureCode: '1.004873', channel: 'ONLINE', submittedAt: at('2026-05-05T09:00'),
      history: [{ action: 'REFUSE', at: at('2026-05-05T10:00') }],
    });
    expect(await figures(may)).toMatchObject({ received: 3, receivedOnline: 0 });
  });

  test('concurrent intakes and backdated imports of one unit neither deadlock nor drift from a rebuild', async () => {
    clock.set(at('2026-06-01T14:00'));
    const history = (day: number) => [
      { action: 'START_PROCESSING', at: at(`2026-04-${String(day).padStart(2, '0')}T10:00`) },
      { action: 'REQUEST_SUPPLEMENT', at: at(`2026-04-${String(day + 1).padStart(2, '0')}T10:00`) },
      { action: 'SUBMIT_SUPPLEMENT', at: at(`2026-04-${String(day + 5).padStart(2, '0')}T10:00`) },
      { action: 'RESOLVE', at: at(`2026-04-${String(day + 8).padStart(2, '0')}T10:00`), outcome: 'APPROVED' },
    ];
    const imports = Array.from({ length: 12 }, (_, i) =>
      importOne({ code: `PAR-${i}`, procedureCode: '1.004884', channel: 'IN_PERSON', receivedAt: at(`2026-04-${String(1 + (i % 10)).padStart(2, '0')}T09:00`), history: history(1 + (i % 10)) }),
    );
    const intakes = Array.from({ length: 12 }, async () => {
      const formData = validFormData('1.001193', applicant, clock.now());
      const result = await t.gql(RECEIVE, { input: { procedureCode: '1.001193', unitCode: UNIT, channel: 'IN_PERSON', applicant, formData } }, { token: officer });
      expect(dataOf(result).receiveDossier.userErrors).toEqual([]);
    });
    await Promise.all([...imports, ...intakes]);
    expect(await figures({ unitCode: UNIT, from: '2026-04-01', to: '2026-04-30' })).toMatchObject({ received: 12 });
    expect(await figures(today)).toMatchObject({ received: 13 });

    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(rebuilt).toEqual(incremental);
  });

  test('a procedure that changes online level keeps past receipts under the level they had, in a rebuild too', async () => {
    // 1.004222 is FULL: one dossier received in person, one filed online, then the catalogue makes it PARTIAL.
    clock.set(at('2026-06-02T09:00'));
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    const receive = async (token: string, channel: string) => {
      const input = { procedureCode: '1.004222', unitCode: UNIT, channel, applicant, formData: validFormData('1.004222', applicant, clock.now()) };
      const { receiveDossier } = dataOf(await t.gql(RECEIVE, { input }, { token }));
      expect(receiveDossier.userErrors).toEqual([]);
      return receiveDossier.dossier.id as string;
    };
    await receive(officer, 'IN_PERSON');
    const online = await receive(citizen, 'ONLINE');
    const admin = await t.token(Role.SYSTEM_ADMIN);
    const upsert = `mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { updated userErrors { code } } }`;
    const procedure = { code: '1.004222', name: 'Đăng ký thường trú', fieldCode: 'CU_TRU', fieldName: 'Cư trú', level: 'COMMUNE', processingDays: 7 };
    expect(dataOf(await t.gql(upsert, { input: [{ ...procedure, onlineLevel: 'PARTIAL' }] }, { token: admin })).upsertProcedures)
      .toEqual({ updated: 1, userErrors: [] });
    // Received (ACCEPT) after the change: it counts as PARTIAL; the one received before stays FULL.
    clock.set(at('2026-06-02T10:00'));
    await act(online, 'ACCEPT');
    const rows = await statisticsRows(t, statistician, { unitCode: UNIT, from: '2026-06-02', to: '2026-06-02', groupBy: 'PROCEDURE' });
    expect(rows.find((r) => r.key === '1.004222')).toMatchObject({ received: 2, receivedOnline: 1, fullOnlineRate: 0, partialOnlineRate: 1 });

    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(rebuilt).toEqual(incremental);
  });

  test('while a rebuild runs, statistics requests read the previous figures (no lock that stops readers)', async () => {
    const before = await figures(today);
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      for (const statement of rebuildStatements()) await client.query(statement);
      const { rows } = await client.query(`select c.relname from pg_locks l join pg_class c on c.oid = l.relation
        where l.pid = pg_backend_pid() and l.mode = 'AccessExclusiveLock' and c.relname = any($1::text[])`, [AGGREGATE_TABLE_NAMES]);
      expect(rows).toEqual([]);
      expect(await figures(today)).toEqual(before);
      await client.query('commit');
    } finally {
      await client.end();
    }
    expect(await figures(today)).toEqual(before);
  });

  test('statistics_apply_deltas, as the migrations left it, adds each counter to its own column', async () => {
    // The function takes the counts positionally: this pins the live AGGREGATE_COUNTERS order to it.
    // One day per counter, for a unit that does not exist, in a transaction rolled back at the end.
    let written: Record<string, number>[] = [];
    const rolledBack = new Error('roll back');
    await expect(t.app.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      await applyDeltas(db, { unitId: 2_000_000_000, procedureId: 2_000_000_000, channel: Channel.POSTAL },
        AGGREGATE_COUNTERS.map((counter, i) => ({ day: `2030-01-${String(i + 1).padStart(2, '0')}`, counts: { ...zeroCounts(), [counter]: 1 } })));
      const { rows } = await sql<{ row: Record<string, number> }>`select to_jsonb(s) as row from statistics_unit_daily s
        where unit_id = 2000000000 order by day`.execute(db);
      written = rows.map((r) => r.row);
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(written.map((row) => AGGREGATE_COUNTERS.filter((c) => row[AGGREGATE_COLUMNS[c]] === 1))).toEqual(AGGREGATE_COUNTERS.map((c) => [c]));
  });
});
