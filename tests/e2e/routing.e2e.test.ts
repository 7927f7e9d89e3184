import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const ROUTE = `mutation($steps: [RouteStepInput!]!, $province: String! = "51", $procedure: String! = "1.012756") {
  setProcedureRoute(provinceCode: $province, procedureCode: $procedure, steps: $steps) {
    steps { position role unitCode name days } userErrors { code field }
  }
}`;
const OFFICERS = `mutation($unit: String!, $subs: [String!]!) { setUnitOfficers(unitCode: $unit, subs: $subs) { subs userErrors { code field } } }`;
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code dueDate } userErrors { code } } }`;
const DOSSIER_FIELDS = `id code status dueDate timeliness holder { code } assignee applicant { fullName }
  history { action fromStatus toStatus actor }
  steps { seq holderUnitCode role assignee startedBy dueDate endedAt endedBy endAction overran minutesHeld }`;
const ACT = `mutation($input: DossierActionInput!) {
  actOnDossier(input: $input) { dossier { ${DOSSIER_FIELDS} } userErrors { code field } }
}`;
const READ = `query($code: String!) { dossier(code: $code) { ${DOSSIER_FIELDS} } }`;

const applicant = { fullName: 'Trần Thị Bình', citizenId: '051190004321', phone: '0905123456' };
const LAND_ROUTE = [
  { role: 'RECEIVE', name: 'Tiếp nhận, chuyển hồ sơ', days: 1 },
  { role: 'PROCESS', unitCode: '51.SNNMT', name: 'Thẩm định, giải quyết', days: 15 },
  { role: 'RETURN', name: 'Trả kết quả', days: 1 },
];

describe('liên thông: a land dossier received at a commune, decided by the province department, returned at the commune', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let provinceAdmin: string;
  let commune: string;
  let department: string;
  let departmentLeader: string;
  let otherCommune: string;
  let otherProvince: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51', 'admin-51');
    commune = await t.token(Role.OFFICER, '21025', 'xa-officer-1');
    department = await t.token(Role.OFFICER, '51.SNNMT', 'snnmt-officer-1');
    departmentLeader = await t.token(Role.LEADER, '51.SNNMT', 'snnmt-leader-1');
    otherCommune = await t.token(Role.OFFICER, '21028', 'xa-khac-1');
    otherProvince = await t.token(Role.OFFICER, '79', 'hcm-officer-1');
  });
  afterAll(() => t.stop());

  const act = async (input: Record<string, unknown>, token: string) => dataOf(await t.gql(ACT, { input }, { token })).actOnDossier;
  const read = async (code: string, token: string) => t.gql(READ, { code }, { token });
  const receiveLand = async () => {
    const r = dataOf(await t.gql(RECEIVE, { input: { procedureCode: '1.012756', unitCode: '21025', channel: 'IN_PERSON', applicant } }, { token: commune }));
    expect(r.receiveDossier.userErrors).toEqual([]);
    return r.receiveDossier.dossier as { id: string; code: string; dueDate: string };
  };
  const counts = async (id: string) => {
    const [row] = await t.sql<{ events: number; steps: number; holder: string | null }>(
      `select (select count(*)::int from dossier_event e where e.dossier_id = d.id) as events,
        (select count(*)::int from dossier_step s where s.dossier_id = d.id) as steps, d.holder_unit_id::text as holder
       from dossier d where d.code = $1`, [id]);
    return row!;
  };

  test("the province's admin sets the route and the department's officers; bad routes are refused whole", async () => {
    const bad = dataOf(await t.gql(ROUTE, { steps: [
      { role: 'RECEIVE', days: 1 },
      { role: 'PROCESS', unitCode: '26740', days: 15 }, // a ward of another province
      { role: 'PROCESS', days: 5 }, // no unit
    ] }, { token: provinceAdmin })).setProcedureRoute;
    expect(bad.userErrors).toEqual([
      { code: 'UNIT_NOT_IN_PROVINCE', field: ['steps', '1', 'unitCode'] },
      { code: 'ROUTE_UNIT_REQUIRED', field: ['steps', '2', 'unitCode'] },
      { code: 'ROUTE_SHARES_EXCEED_DEADLINE', field: ['steps'] },
    ]);
    const other = dataOf(await t.gql(ROUTE, { steps: LAND_ROUTE }, { token: await t.token(Role.PROVINCE_ADMIN, '79') })).setProcedureRoute;
    expect(other.userErrors).toEqual([{ code: 'FORBIDDEN', field: ['provinceCode'] }]);
    expect(dataOf(await t.gql(`{ procedureRoute(provinceCode: "51", procedureCode: "1.012756") { position } }`)).procedureRoute).toEqual([]);

    const set = dataOf(await t.gql(ROUTE, { steps: LAND_ROUTE }, { token: provinceAdmin })).setProcedureRoute;
    expect(set).toEqual({
      steps: [
        { position: 1, role: 'RECEIVE', unitCode: null, name: 'Tiếp nhận, chuyển hồ sơ', days: 1 },
        { position: 2, role: 'PROCESS', unitCode: '51.SNNMT', name: 'Thẩm định, giải quyết', days: 15 },
        { position: 3, role: 'RETURN', unitCode: null, name: 'Trả kết quả', days: 1 },
      ],
      userErrors: [],
    });
    const officers = dataOf(await t.gql(OFFICERS, { unit: '51.SNNMT', subs: ['snnmt-officer-1', 'snnmt-officer-2'] }, { token: provinceAdmin }));
    expect(officers.setUnitOfficers).toEqual({ subs: ['snnmt-officer-1', 'snnmt-officer-2'], userErrors: [] });
    expect(dataOf(await t.gql(OFFICERS, { unit: '51.SNNMT', subs: ['x'] }, { token: commune })).setUnitOfficers.userErrors).toEqual([{ code: 'FORBIDDEN', field: null }]);
  });

  test('received at the commune, transferred, assigned, resolved, returned and handed over: every step and figure', async () => {
    const land = await receiveLand();
    expect(land.dueDate).toBe('2026-03-25'); // 17 working days after Monday 2 March
    // Not yet the department's: it cannot see it, let alone act.
    expect((await read(land.code, department)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    clock.set('2026-03-02T10:00:00+07:00');
    const transferred = await act({ dossierId: land.id, action: 'TRANSFER', toUnitCode: '51.SNNMT', note: 'Chuyển Sở NN&MT' }, commune);
    expect(transferred.userErrors).toEqual([]);
    expect(transferred.dossier).toMatchObject({ status: 'RECEIVED', dueDate: '2026-03-25', holder: { code: '51.SNNMT' }, assignee: null });
    expect(transferred.dossier.steps).toEqual([
      { seq: 1, holderUnitCode: '21025', role: 'RECEIVE', assignee: null, startedBy: 'xa-officer-1', dueDate: '2026-03-03',
        endedAt: '2026-03-02T10:00:00+07:00', endedBy: 'xa-officer-1', endAction: 'TRANSFER', overran: false, minutesHeld: 60 },
      { seq: 2, holderUnitCode: '51.SNNMT', role: 'PROCESS', assignee: null, startedBy: 'xa-officer-1', dueDate: '2026-03-23',
        endedAt: null, endedBy: null, endAction: null, overran: false, minutesHeld: 0 },
    ]);

    // The commune follows it but no longer acts; the department now reads it, applicant in clear.
    expect(await act({ dossierId: land.id, action: 'START_PROCESSING' }, commune)).toMatchObject({ dossier: null, userErrors: [{ code: 'NOT_HOLDER', field: ['input', 'dossierId'] }] });
    expect(dataOf(await read(land.code, commune)).dossier.holder).toEqual({ code: '51.SNNMT' });
    expect(dataOf(await read(land.code, department)).dossier.applicant.fullName).toBe(applicant.fullName);
    expect((await read(land.code, otherCommune)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await read(land.code, otherProvince)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // Bad input: each a coded refusal, nothing written.
    const before = await counts(land.code);
    const refusals = [
      [{ action: 'ASSIGN', assignee: 'xa-officer-1' }, 'ASSIGNEE_NOT_IN_UNIT', ['input', 'assignee']],
      [{ action: 'TRANSFER', toUnitCode: '21028' }, 'UNIT_NOT_IN_ROUTE', ['input', 'toUnitCode']],
      [{ action: 'TRANSFER', toUnitCode: '79' }, 'TRANSFER_OUTSIDE_SCOPE', ['input', 'toUnitCode']],
      [{ action: 'TRANSFER', toUnitCode: '51.SNNMT' }, 'ALREADY_HELD', ['input', 'toUnitCode']],
      [{ action: 'TRANSFER' }, 'TO_UNIT_REQUIRED', ['input', 'toUnitCode']],
      [{ action: 'RETURN_TO_RECEIVER' }, 'INVALID_TRANSITION', ['input', 'action']],
    ] as const;
    for (const [input, code, field] of refusals) {
      expect(await act({ dossierId: land.id, ...input }, department)).toMatchObject({ dossier: null, userErrors: [{ code, field }] });
    }
    expect(await counts(land.code)).toEqual(before);

    clock.set('2026-03-03T08:30:00+07:00');
    const assigned = await act({ dossierId: land.id, action: 'ASSIGN', assignee: 'snnmt-officer-1' }, departmentLeader);
    expect(assigned.userErrors).toEqual([]);
    expect(assigned.dossier.assignee).toBe('snnmt-officer-1');
    // An internal step keeps the department's share of the deadline.
    expect(assigned.dossier.steps[2]).toMatchObject({ seq: 3, holderUnitCode: '51.SNNMT', role: 'PROCESS', assignee: 'snnmt-officer-1', dueDate: '2026-03-23', endedAt: null });
    const desk = dataOf(await t.gql(`{ officerDesk { totalCount nodes { code } } }`, {}, { token: department })).officerDesk;
    expect(desk).toEqual({ totalCount: 1, nodes: [{ code: land.code }] });
    expect((await t.gql(`{ officerDesk(sub: "snnmt-officer-2") { totalCount } }`, {}, { token: department })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect((await act({ dossierId: land.id, action: 'START_PROCESSING' }, department)).userErrors).toEqual([]);
    // Once per agency: the department asks for its one supplement...
    expect((await act({ dossierId: land.id, action: 'REQUEST_SUPPLEMENT' }, department)).userErrors).toEqual([]);
    clock.set('2026-03-04T09:00:00+07:00');
    expect((await act({ dossierId: land.id, action: 'SUBMIT_SUPPLEMENT' }, department)).userErrors).toEqual([]);
    expect((await act({ dossierId: land.id, action: 'REQUEST_SUPPLEMENT' }, department)).userErrors).toEqual([{ code: 'SUPPLEMENT_ALREADY_REQUESTED', field: ['input', 'action'] }]);
    // The applicant's working day (3 March) moved the department's own due as it moved the dossier's.
    const afterPause = dataOf(await read(land.code, department)).dossier;
    expect([afterPause.dueDate, afterPause.steps[2].dueDate]).toEqual(['2026-03-26', '2026-03-24']);

    // The department decides after its own share (due 24 March) but within the citizen's deadline.
    clock.set('2026-03-25T10:00:00+07:00');
    const resolved = await act({ dossierId: land.id, action: 'RESOLVE', outcome: 'APPROVED' }, department);
    expect(resolved.userErrors).toEqual([]);
    expect(resolved.dossier).toMatchObject({ status: 'RESOLVED', dueDate: '2026-03-26', timeliness: 'EARLY' });
    expect(resolved.dossier.steps[2].overran).toBe(true);

    const returned = await act({ dossierId: land.id, action: 'RETURN_TO_RECEIVER' }, department);
    expect(returned.userErrors).toEqual([]);
    expect(returned.dossier).toMatchObject({ status: 'RESOLVED', holder: { code: '21025' }, assignee: null });
    expect(returned.dossier.steps[3]).toMatchObject({ seq: 4, holderUnitCode: '21025', role: 'RETURN', dueDate: '2026-03-26', endedAt: null });
    expect(await act({ dossierId: land.id, action: 'START_PROCESSING' }, department)).toMatchObject({ userErrors: [{ code: 'NOT_HOLDER' }] });

    clock.set('2026-03-26T09:00:00+07:00');
    const handedOver = await act({ dossierId: land.id, action: 'RETURN_RESULT' }, commune);
    expect(handedOver.userErrors).toEqual([]);
    expect(handedOver.dossier.status).toBe('RETURNED');
    expect(handedOver.dossier.steps[3]).toMatchObject({ endedAt: '2026-03-26T09:00:00+07:00', endAction: 'RETURN_RESULT', overran: false });
    expect(handedOver.dossier.history.map((e: { action: string | null; toStatus: string }) => [e.action, e.toStatus])).toEqual([
      [null, 'RECEIVED'], ['TRANSFER', 'RECEIVED'], ['ASSIGN', 'RECEIVED'], ['START_PROCESSING', 'PROCESSING'],
      ['REQUEST_SUPPLEMENT', 'AWAITING_SUPPLEMENT'], ['SUBMIT_SUPPLEMENT', 'PROCESSING'], ['RESOLVE', 'RESOLVED'],
      ['RETURN_TO_RECEIVER', 'RESOLVED'], ['RETURN_RESULT', 'RETURNED'],
    ]);
    // A step on a finished dossier: refused, nothing written.
    const done = await counts(land.code);
    expect(await act({ dossierId: land.id, action: 'TRANSFER', toUnitCode: '51.SNNMT' }, commune)).toMatchObject({ userErrors: [{ code: 'INVALID_TRANSITION' }] });
    expect(await act({ dossierId: land.id, action: 'ASSIGN', assignee: 'xa-officer-1' }, commune)).toMatchObject({ userErrors: [{ code: 'INVALID_TRANSITION' }] });
    expect(await counts(land.code)).toEqual(done);
    expect(dataOf(await t.gql(`{ officerDesk { totalCount } }`, {}, { token: department })).officerDesk.totalCount).toBe(0);

    // The national figures count it once, at the commune that received it, resolved early.
    const stats = dataOf(await t.gql(`{ statistics(unitCode: "51", from: "2026-03-01", to: "2026-03-31", groupBy: UNIT) { key received resolved resolvedEarly inProgress } }`, {}, { token: provinceAdmin })).statistics;
    expect(stats.filter((r: { received: number }) => r.received > 0)).toEqual([{ key: '21025', received: 1, resolved: 1, resolvedEarly: 1, inProgress: 0 }]);
    // By holder: where it went and where it went late.
    const byHolder = dataOf(await t.gql(`{ holderStatistics(unitCode: "51", from: "2026-03-01", to: "2026-03-31") { unitCode role receivedIn transferredOut overdue held minutesHeld } }`, {}, { token: provinceAdmin })).holderStatistics;
    expect(byHolder).toEqual([
      { unitCode: '21025', role: 'RECEIVE', receivedIn: 1, transferredOut: 1, overdue: 0, held: 0, minutesHeld: 60 },
      { unitCode: '21025', role: 'RETURN', receivedIn: 1, transferredOut: 0, overdue: 0, held: 0, minutesHeld: 23 * 60 }, // 25 March 10:00 to 26 March 09:00
      { unitCode: '51.SNNMT', role: 'PROCESS', receivedIn: 1, transferredOut: 1, overdue: 1, held: 0, minutesHeld: 23 * 24 * 60 }, // 2 March 10:00 to 25 March 10:00
    ]);
    expect((await t.gql(`{ holderStatistics(unitCode: "51", from: "2026-03-01", to: "2026-03-31") { unitCode } }`, {}, { token: commune })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test('each agency lists the dossiers it holds or held; the receiving center and the province list theirs', async () => {
    const codes = async (token: string, filter: Record<string, unknown> = {}) =>
      dataOf(await t.gql(`query($f: DossierFilter) { dossiers(filter: $f, first: 50) { nodes { code procedure { code } } } }`, { f: filter }, { token }))
        .dossiers.nodes.filter((n: { procedure: { code: string } }) => n.procedure.code === '1.012756').length;
    expect(await codes(department)).toBe(1);
    expect(await codes(commune)).toBe(1);
    expect(await codes(provinceAdmin)).toBe(1);
    expect(await codes(otherCommune)).toBe(0);
  });

  test('concurrent transfers of one dossier: exactly one wins', async () => {
    clock.set('2026-04-01T09:00:00+07:00');
    const land = await receiveLand();
    const results = await Promise.all(
      [1, 2, 3].map(() => act({ dossierId: land.id, action: 'TRANSFER', toUnitCode: '51.SNNMT' }, commune)),
    );
    const won = results.filter((r) => r.userErrors.length === 0);
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.userErrors.length > 0)) expect(['NOT_HOLDER', 'ALREADY_HELD']).toContain(lost.userErrors[0].code);
    expect(await counts(land.code)).toMatchObject({ events: 2, steps: 2 });
    // The same idempotency key twice writes one transfer.
    const again = await act({ dossierId: land.id, action: 'ASSIGN', assignee: 'snnmt-officer-2', idempotencyKey: 'assign-1' }, department);
    const repeat = await act({ dossierId: land.id, action: 'ASSIGN', assignee: 'snnmt-officer-2', idempotencyKey: 'assign-1' }, department);
    expect([again.userErrors, repeat.userErrors]).toEqual([[], []]);
    expect(await counts(land.code)).toMatchObject({ events: 3, steps: 3 });
  });

  test('a route is needed: a procedure without one is not transferred; imports cannot carry routing actions', async () => {
    const r = dataOf(await t.gql(RECEIVE, { input: { procedureCode: '1.004227', unitCode: '21025', channel: 'IN_PERSON', applicant } }, { token: commune }));
    const id = r.receiveDossier.dossier.id;
    expect(await act({ dossierId: id, action: 'TRANSFER', toUnitCode: '51.SNNMT' }, commune)).toMatchObject({ userErrors: [{ code: 'NO_ROUTE' }] });
    // Assigning within the receiving center needs no route: an officer takes it for themself.
    const self = await act({ dossierId: id, action: 'ASSIGN', assignee: 'xa-officer-1' }, commune);
    expect(self.userErrors).toEqual([]);
    expect(self.dossier.steps.map((s: { holderUnitCode: string; assignee: string | null }) => [s.holderUnitCode, s.assignee])).toEqual([['21025', null], ['21025', 'xa-officer-1']]);
    const imported = dataOf(await t.gql(`mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { userErrors { code field } } } }`, {
      input: [{ procedureCode: '1.012756', unitCode: '21025', channel: 'IN_PERSON', applicant, receivedAt: '2026-03-02T09:00:00+07:00',
        history: [{ action: 'TRANSFER', at: '2026-03-02T10:00:00+07:00' }] }],
    }, { token: provinceAdmin })).importDossiers;
    expect(imported.imported).toBe(0);
    expect(imported.errors[0].userErrors[0].code).toBe('ROUTING_ACTION_NOT_ALLOWED');
  });
});
