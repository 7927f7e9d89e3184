import { Role } from '../../src/domain/access/actor.js';
import { DEMO_PROVINCE_CODE, DEMO_UNITS } from '../../src/db/seed/demo-catalog.js';
import { VIETNAM_CALENDAR_2025_2027 } from '../../src/domain/calendar/vietnam-holidays.js';
import { TestClock } from '../support/clock.js';
import { snapshotsAroundRebuild, statisticsRows } from '../support/statistics.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const COMMUNE = DEMO_UNITS.find((u) => u.parentCode === DEMO_PROVINCE_CODE)!.code;
const OTHER_PROVINCE = DEMO_UNITS.find((u) => !u.parentCode && u.code !== DEMO_PROVINCE_CODE)!.code;
const OTHER_COMMUNE = DEMO_UNITS.find((u) => u.parentCode === OTHER_PROVINCE)!.code;

const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { code dueDate dueAt timeliness processingTime { value unit text } } userErrors { code field } }
}`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status timeliness } userErrors { code } } }`;
const DOSSIER = `query($code: String!) { dossier(code: $code) { id dueDate dueAt timeliness } }`;
const SET_NATIONAL = `mutation($year: Int!, $days: [CalendarDayInput!]!) { setCalendar(year: $year, days: $days) { date working } }`;
const SET_PROVINCE = `mutation($p: String!, $year: Int!, $days: [CalendarDayInput!]!) {
  setProvinceCalendar(provinceCode: $p, year: $year, days: $days) { date working name } }`;
const SET_HOURS = `mutation($u: String!, $days: [OpeningDayInput!]) {
  setOpeningHours(unitCode: $u, days: $days) { unitCode inheritedFrom days { weekday sessions { opens closes } } } }`;
const HOURS = `query($u: String!) { openingHours(unitCode: $u) { inheritedFrom days { weekday sessions { opens closes } } } }`;
const SET_TIMES = `mutation($p: String!, $input: [ProvinceProcessingTimeInput!]!) {
  setProvinceProcessingTimes(provinceCode: $p, input: $input) { times { procedureCode source processingTime { value unit text } } userErrors { code field } } }`;
const TIME_AT = `query($code: String!, $u: String!) { procedure(code: $code) { processingTime { value unit } processingTimeAt(unitCode: $u) { value unit text } } }`;

const applicant = { fullName: 'Trần Thị Bình', citizenId: '051203004321', phone: '0912000111' };
const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, sessions: [{ opens, closes }] }));

describe('a province runs its own calendar, hours and processing times', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let provinceAdmin: string;
  let officer: string;
  let otherOfficer: string;
  let statistician: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, DEMO_PROVINCE_CODE);
    officer = await t.token(Role.OFFICER, COMMUNE);
    otherOfficer = await t.token(Role.OFFICER, OTHER_COMMUNE);
    statistician = await t.token(Role.STATISTICIAN, DEMO_PROVINCE_CODE);
  });
  afterAll(() => t.stop());

  async function receive(unitCode: string, procedureCode: string, token = officer) {
    const { receiveDossier } = dataOf(await t.gql(RECEIVE, { input: { unitCode, procedureCode, channel: 'IN_PERSON', applicant } }, { token }));
    expect(receiveDossier.userErrors).toEqual([]);
    return receiveDossier.dossier;
  }
  const dueDateOf = async (code: string) => dataOf(await t.gql(DOSSIER, { code }, { token: await t.token(ADMIN.role) })).dossier.dueDate;

  test('the migrated national calendar is the one the code and its tests use, corrections included', async () => {
    for (const year of [2025, 2026, 2027]) {
      const inDatabase = dataOf(await t.gql(`query($y: Int!) { calendar(year: $y) { date working name } }`, { y: year })).calendar;
      expect(inDatabase).toEqual(VIETNAM_CALENDAR_2025_2027.filter((d) => d.date.startsWith(String(year))));
    }
    const days = (dataOf(await t.gql(`{ calendar(year: 2026) { date working } }`)).calendar as { date: string; working: boolean }[]);
    expect(days.filter((d) => ['2026-01-02', '2026-01-10', '2026-08-22', '2026-08-31'].includes(d.date)))
      .toEqual([{ date: '2026-01-02', working: false }, { date: '2026-01-10', working: true }, { date: '2026-08-22', working: true }, { date: '2026-08-31', working: false }]);
  });

  test('only a system administrator edits national days; a province administrator edits its own province only', async () => {
    const national = await t.gql(SET_NATIONAL, { year: 2026, days: [] }, { token: provinceAdmin });
    expect(national.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const other = await t.gql(SET_PROVINCE, { p: OTHER_PROVINCE, year: 2026, days: [] }, { token: provinceAdmin });
    expect(other.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const byOfficer = await t.gql(SET_PROVINCE, { p: DEMO_PROVINCE_CODE, year: 2026, days: [] }, { token: officer });
    expect(byOfficer.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const notProvince = await t.gql(SET_PROVINCE, { p: COMMUNE, year: 2026, days: [] }, { token: provinceAdmin });
    expect(notProvince.body.errors![0]!.extensions!.code).toBe('NOT_A_PROVINCE');
    const badHours = await t.gql(SET_HOURS, { u: COMMUNE, days: [{ weekday: 1, sessions: [{ opens: '25:00', closes: '17:00' }] }] }, { token: provinceAdmin });
    expect(badHours.body.errors![0]!.extensions!.code).toBe('INVALID_CLOCK_TIME');
    const closedWeek = await t.gql(SET_HOURS, { u: COMMUNE, days: [] }, { token: provinceAdmin });
    expect(closedWeek.body.errors![0]!.extensions!.code).toBe('INVALID_OPENING_HOURS');
  });

  test('a local day off moves deadlines of the province\'s units only, including dossiers received before the change', async () => {
    const before = await receive(COMMUNE, '1.004873'); // 3 working days: 3, 4, 5 March
    const elsewhere = await receive(OTHER_COMMUNE, '1.004873', otherOfficer);
    expect([before.dueDate, elsewhere.dueDate]).toEqual(['2026-03-05', '2026-03-05']);
    const statsBefore = await statisticsRows(t, statistician, { unitCode: DEMO_PROVINCE_CODE, from: '2026-03-01', to: '2026-03-05' });
    expect(statsBefore[0]).toMatchObject({ received: 1, inProgressOverdue: 0 });

    const days = [{ date: '2026-03-04', working: false, name: 'Ngày giải phóng tỉnh (nghỉ theo quyết định của tỉnh)' }];
    expect(dataOf(await t.gql(SET_PROVINCE, { p: DEMO_PROVINCE_CODE, year: 2026, days }, { token: provinceAdmin })).setProvinceCalendar)
      .toEqual([{ date: '2026-03-04', working: false, name: days[0]!.name }]);

    expect(await dueDateOf(before.code)).toBe('2026-03-06');
    expect(await dueDateOf(elsewhere.code)).toBe('2026-03-05');
    expect((await receive(COMMUNE, '1.004873')).dueDate).toBe('2026-03-06');
    // The aggregates moved with the deadline exactly as a rebuild computes them.
    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(incremental).toEqual(rebuilt);
  });

  test('a national correction recomputes deadlines and the statistics of resolved dossiers', async () => {
    clock.set('2026-03-09T09:00:00+07:00');
    const d = await receive(OTHER_COMMUNE, '1.004873', otherOfficer); // due 12 March
    const { id } = dataOf(await t.gql(DOSSIER, { code: d.code }, { token: otherOfficer })).dossier;
    clock.set('2026-03-13T10:00:00+07:00');
    const late = dataOf(await t.gql(ACT, { input: { dossierId: id, action: 'RESOLVE', outcome: 'APPROVED' } }, { token: otherOfficer }));
    expect(late.actOnDossier.dossier.timeliness).toBe('LATE');
    const current = dataOf(await t.gql(`{ calendar(year: 2026) { date working name } }`)).calendar;
    const adminToken = await t.token(ADMIN.role);
    const days = [...current, { date: '2026-03-10', working: false, name: 'Ngày nghỉ bổ sung' }];
    dataOf(await t.gql(SET_NATIONAL, { year: 2026, days }, { token: adminToken }));
    expect(dataOf(await t.gql(DOSSIER, { code: d.code }, { token: otherOfficer })).dossier).toMatchObject({ dueDate: '2026-03-13', timeliness: 'ON_TIME' });
    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(incremental).toEqual(rebuilt);
    dataOf(await t.gql(SET_NATIONAL, { year: 2026, days: current }, { token: adminToken }));
    expect(dataOf(await t.gql(DOSSIER, { code: d.code }, { token: otherOfficer })).dossier.timeliness).toBe('LATE');
  });

  test('a center\'s opening hours set its cut-offs; units under a center inherit them', async () => {
    expect(dataOf(await t.gql(HOURS, { u: COMMUNE })).openingHours.days[1]).toEqual({ weekday: 1, sessions: [{ opens: '08:00', closes: '12:00' }, { opens: '13:00', closes: '17:00' }] });
    const set = dataOf(await t.gql(SET_HOURS, { u: DEMO_PROVINCE_CODE, days: weekdays('07:30', '16:30') }, { token: provinceAdmin })).setOpeningHours;
    expect(set.inheritedFrom).toBeNull();
    expect(dataOf(await t.gql(HOURS, { u: COMMUNE })).openingHours.inheritedFrom).toBe(DEMO_PROVINCE_CODE);
    clock.set('2026-03-16T16:40:00+07:00'); // Monday, after a 16:30 close: counts from Tuesday
    expect((await receive(COMMUNE, '1.004873')).dueDate).toBe('2026-03-20');
    expect((await receive(OTHER_COMMUNE, '1.004873', otherOfficer)).dueDate).toBe('2026-03-19');
    dataOf(await t.gql(SET_HOURS, { u: DEMO_PROVINCE_CODE, days: null }, { token: provinceAdmin }));
  });

  test('procedures in working hours are due at a time; a province publishes its own shorter time', async () => {
    const admin = await t.token(ADMIN.role);
    const input = [{ code: '1.000001', name: 'Thủ tục thử nghiệm trong 4 giờ làm việc', fieldCode: 'HO_TICH', fieldName: 'Hộ tịch', level: 'COMMUNE',
      processingTime: { value: 4, unit: 'WORKING_HOURS' }, onlineLevel: 'NONE' }];
    const upsert = dataOf(await t.gql(`mutation($input: [ProcedureInput!]!) { upsertProcedures(input: $input) { created userErrors { code } } }`, { input }, { token: admin }));
    expect(upsert.upsertProcedures).toEqual({ created: 1, userErrors: [] });
    clock.set('2026-03-17T09:00:00+07:00');
    const hours = await receive(COMMUNE, '1.000001');
    expect(hours).toMatchObject({ dueDate: '2026-03-17', dueAt: '2026-03-17T14:00:00+07:00', processingTime: { value: 4, unit: 'WORKING_HOURS', text: '4 giờ làm việc' } });

    const times = await t.gql(SET_TIMES, { p: DEMO_PROVINCE_CODE, input: [{ procedureCode: '1.004873', processingTime: { value: 2, unit: 'HALF_WORKING_DAYS' }, source: 'Quyết định 100/QĐ-UBND' }] }, { token: provinceAdmin });
    expect(dataOf(times).setProvinceProcessingTimes.times).toEqual([{ procedureCode: '1.004873', source: 'Quyết định 100/QĐ-UBND', processingTime: { value: 2, unit: 'HALF_WORKING_DAYS', text: '1 ngày làm việc' } }]);
    const refused = await t.gql(SET_TIMES, { p: OTHER_PROVINCE, input: [{ procedureCode: '1.004873', processingTime: { value: 1, unit: 'WORKING_DAYS' } }] }, { token: provinceAdmin });
    expect(dataOf(refused).setProvinceProcessingTimes.userErrors[0].code).toBe('FORBIDDEN');
    const impossible = await t.gql(SET_TIMES, { p: DEMO_PROVINCE_CODE, input: [{ procedureCode: '1.004873', processingTime: { value: 0, unit: 'WORKING_DAYS' } }] }, { token: provinceAdmin });
    expect(dataOf(impossible).setProvinceProcessingTimes.userErrors[0].code).toBe('INVALID_PROCESSING_TIME');

    const at = dataOf(await t.gql(TIME_AT, { code: '1.004873', u: COMMUNE })).procedure;
    expect(at).toEqual({ processingTime: { value: 3, unit: 'WORKING_DAYS' }, processingTimeAt: { value: 2, unit: 'HALF_WORKING_DAYS', text: '1 ngày làm việc' } });
    const province = await receive(COMMUNE, '1.004873');
    expect(province).toMatchObject({ dueDate: '2026-03-18', dueAt: '2026-03-18T12:00:00+07:00' });
    expect((await receive(OTHER_COMMUNE, '1.004873', otherOfficer)).dueDate).toBe('2026-03-20');

    clock.set('2026-03-17T14:30:00+07:00');
    const { id } = dataOf(await t.gql(DOSSIER, { code: hours.code }, { token: officer })).dossier;
    const resolved = dataOf(await t.gql(ACT, { input: { dossierId: id, action: 'RESOLVE', outcome: 'APPROVED' } }, { token: officer }));
    expect(resolved.actOnDossier.dossier.timeliness).toBe('LATE');
  });

  test('a change a migration or a crashed process left is recomputed at start; a renamed day recomputes nothing', async () => {
    clock.set('2026-03-23T09:00:00+07:00'); // a Monday
    const d = await receive(OTHER_COMMUNE, '1.004873', otherOfficer);
    expect(d.dueDate).toBe('2026-03-26');
    // As a migration does it: the day in the table, the change noted, nothing recomputed yet.
    await t.sql(`insert into calendar_day (date, working, name) values ('2026-03-24', false, 'Ngày nghỉ theo thông báo')`);
    await t.sql(`insert into calendar_change (from_date, to_date, reason) values ('2026-03-24', '2026-03-24', 'test migration')`);
    expect(await dueDateOf(d.code)).toBe('2026-03-26');
    await t.app.services.calendar.recomputePending(); // what the application runs at start
    expect(await dueDateOf(d.code)).toBe('2026-03-27');
    expect(await t.sql(`select count(*)::int as n from calendar_change where recomputed_at is null`)).toEqual([{ n: 0 }]);

    const adminToken = await t.token(ADMIN.role);
    const current = dataOf(await t.gql(`{ calendar(year: 2026) { date working name } }`)).calendar as { date: string; name: string }[];
    const renamed = current.map((day) => (day.date === '2026-03-24' ? { ...day, name: 'Tên khác' } : day));
    const before = await t.sql<{ n: number }>(`select count(*)::int as n from calendar_change`);
    dataOf(await t.gql(SET_NATIONAL, { year: 2026, days: renamed }, { token: adminToken }));
    expect(await t.sql(`select count(*)::int as n from calendar_change`)).toEqual(before);
    const { incremental, rebuilt } = await snapshotsAroundRebuild(t);
    expect(incremental).toEqual(rebuilt);
  });
});
