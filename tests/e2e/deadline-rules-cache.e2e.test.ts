import { Role } from '../../src/domain/access/actor.js';
import { DEMO_PROVINCE_CODE, DEMO_UNITS } from '../../src/db/seed/demo-catalog.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const COMMUNE = DEMO_UNITS.find((u) => u.parentCode === DEMO_PROVINCE_CODE)!.code;
const PROCEDURE = '1.004873'; // 3 working days
const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { code dueDate } userErrors { code field } } }`;
const applicant = { fullName: 'Trần Thị Bình', citizenId: '051203004321', phone: '0912000111' };

/**
 * Intake keeps the deadline rules in memory (DeadlineRulesCache). These changes are written with
 * plain SQL on the test's own connection, as another process or an operator would: this server is
 * never told of them, so only the revision check of intake's statement can make it see them.
 */
describe('intake never computes a deadline with rules that changed since it read them', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let officer: string;
  let ids: { province: number; commune: number; procedure: number };

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    officer = await t.token(Role.OFFICER, COMMUNE);
    const [row] = await t.sql<{ province: string; commune: string; procedure: string }>(
      `select (select id from administrative_unit where code = $1) as province, (select id from administrative_unit where code = $2) as commune,
         (select id from procedure where code = $3) as procedure`,
      [DEMO_PROVINCE_CODE, COMMUNE, PROCEDURE],
    );
    ids = { province: Number(row!.province), commune: Number(row!.commune), procedure: Number(row!.procedure) };
  });
  afterAll(() => t.stop());

  async function receive() {
    const { receiveDossier } = dataOf(await t.gql(RECEIVE, { input: { unitCode: COMMUNE, procedureCode: PROCEDURE, channel: 'IN_PERSON', applicant } }, { token: officer }));
    expect(receiveDossier.userErrors).toEqual([]);
    return receiveDossier.dossier as { code: string; dueDate: string };
  }
  const revision = async () => Number((await t.sql<{ revision: string }>('select revision from deadline_rules_revision'))[0]!.revision);

  test('a province day off, a national day off and a province processing time, each seen by the next intake', async () => {
    const received = [await receive()];
    expect(received[0]!.dueDate).toBe('2026-03-05'); // 3, 4, 5 March
    await t.sql(`insert into province_calendar_day (province_id, date, working, name) values ($1, '2026-03-04', false, 'Nghỉ của tỉnh')`, [ids.province]);
    received.push(await receive());
    expect(received[1]!.dueDate).toBe('2026-03-06');
    await t.sql(`insert into calendar_day (date, working, name) values ('2026-03-05', false, 'Nghỉ toàn quốc')`);
    received.push(await receive());
    expect(received[2]!.dueDate).toBe('2026-03-09'); // 3, 6, then Monday 9 March
    await t.sql(`insert into procedure_time_override (province_id, procedure_id, value, unit) values ($1, $2, 1, 'WORKING_DAYS')`, [ids.province, ids.procedure]);
    received.push(await receive());
    expect(received[3]!.dueDate).toBe('2026-03-03');
    // The refused statements wrote nothing: the day's numbers have no gap.
    const numbers = received.map((d) => Number(d.code.slice(-4)));
    expect(numbers).toEqual([numbers[0]!, numbers[0]! + 1, numbers[0]! + 2, numbers[0]! + 3]);
    const [counts] = await t.sql<{ dossiers: string; events: string }>(
      `select (select count(*) from dossier where unit_id = $1) as dossiers, (select count(*) from dossier_event e join dossier d on d.id = e.dossier_id where d.unit_id = $1) as events`,
      [ids.commune],
    );
    expect(counts).toEqual({ dossiers: '4', events: '4' });
  });

  test('every source of a deadline moves the revision, in the writer\'s transaction; other writes do not', async () => {
    const sources = [
      [`update calendar_day set working = working where date = '2026-03-05'`],
      [`update province_calendar_day set name = 'Nghỉ' where province_id = $1`, [ids.province]],
      [`insert into unit_opening_hours (unit_id, hours) values ($1, '[[],[],[],[],[],[],[]]')`, [ids.commune]],
      [`delete from unit_opening_hours where unit_id = $1`, [ids.commune]],
      [`delete from procedure_time_override where province_id = $1`, [ids.province]],
      [`update administrative_unit set parent_id = parent_id where id = $1`, [ids.commune]],
    ] as const;
    for (const [text, params] of sources) {
      const before = await revision();
      await t.sql(text, params ? [...params] : []);
      expect({ text, moved: (await revision()) - before }).toEqual({ text, moved: 1 });
    }
    const before = await revision();
    await t.sql(`update administrative_unit set name = name where id = $1`, [ids.commune]);
    await receive();
    expect(await revision()).toBe(before);
  });
});
