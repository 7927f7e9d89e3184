import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) {
    dossier { id code status channel dueDate receivedAt submittedAt timeliness nationalStatusCode
      applicant { fullName citizenIdMasked phone } unit { code } procedure { code processingDays } }
    userErrors { code message field }
  }
}`;
const ACT = `mutation($input: DossierActionInput!) {
  actOnDossier(input: $input) {
    dossier { id status dueDate extendedDueDate pausedWorkingDays timeliness outcome finishedAt returnedAt
      history { action fromStatus toStatus at actor note } }
    userErrors { code message field }
  }
}`;

const applicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };

describe('a dossier through its lifecycle over HTTP', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let officer: string;
  let leader: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    officer = await t.token(Role.OFFICER, '21025', 'officer-1');
    leader = await t.token(Role.LEADER, '21025', 'leader-1');
  });
  afterAll(() => t.stop());

  async function receive(input: Record<string, unknown>, token = officer) {
    return (await t.gql(RECEIVE, { input: { unitCode: '21025', channel: 'IN_PERSON', applicant, ...input } }, { token })).body;
  }
  async function act(input: Record<string, unknown>, token = officer) {
    return dataOf(await t.gql(ACT, { input }, { token })).actOnDossier;
  }

  test('in-person intake: RECEIVED with a code, a due date and the applicant in clear for the unit', async () => {
    clock.set('2026-03-02T09:00:00+07:00');
    const { receiveDossier } = (await receive({ procedureCode: '1.004873' })).data!;
    expect(receiveDossier.userErrors).toEqual([]);
    expect(receiveDossier.dossier).toMatchObject({
      code: '21025-260302-0001',
      status: 'RECEIVED',
      channel: 'IN_PERSON',
      dueDate: '2026-03-05',
      receivedAt: '2026-03-02T09:00:00+07:00',
      submittedAt: null,
      timeliness: 'IN_PROGRESS_ON_TIME',
      nationalStatusCode: 2,
      applicant: { fullName: 'Nguyễn Văn An', citizenIdMasked: '********1234', phone: '0912345678' },
      unit: { code: '21025' },
      procedure: { code: '1.004873', processingDays: 3 },
    });
  });

  test('codes count per unit and day', async () => {
    clock.set('2026-03-02T10:00:00+07:00');
    const second = (await receive({ procedureCode: '1.001193' })).data!.receiveDossier.dossier;
    expect(second.code).toBe('21025-260302-0002');
    expect(second.dueDate).toBe('2026-03-02'); // same-day procedure before 15:00
    clock.set('2026-03-03T15:30:00+07:00');
    const third = (await receive({ procedureCode: '1.001193' })).data!.receiveDossier.dossier;
    expect(third.code).toBe('21025-260303-0001');
    expect(third.dueDate).toBe('2026-03-04'); // after 15:00: the next working day
  });

  test('full lifecycle with a supplement, a payment and a suspension moves the due date', async () => {
    clock.set('2026-03-02T09:00:00+07:00');
    const d = (await receive({ procedureCode: '1.004873' })).data!.receiveDossier.dossier;
    const id = d.id;
    clock.set('2026-03-02T10:00:00+07:00');
    expect((await act({ dossierId: id, action: 'START_PROCESSING' })).dossier.status).toBe('PROCESSING');
    clock.set('2026-03-03T09:00:00+07:00'); // Tue
    expect((await act({ dossierId: id, action: 'REQUEST_SUPPLEMENT', note: 'Thiếu tờ khai' })).dossier).toMatchObject({
      status: 'AWAITING_SUPPLEMENT',
      dueDate: '2026-03-05',
    });
    clock.set('2026-03-05T09:00:00+07:00'); // Thu: Tue and Wed were paused
    expect((await act({ dossierId: id, action: 'SUBMIT_SUPPLEMENT' })).dossier).toMatchObject({
      status: 'PROCESSING',
      dueDate: '2026-03-09',
      pausedWorkingDays: 2,
    });
    const second = await act({ dossierId: id, action: 'REQUEST_SUPPLEMENT' });
    expect(second.userErrors).toEqual([
      expect.objectContaining({ code: 'SUPPLEMENT_ALREADY_REQUESTED', field: ['input', 'action'] }),
    ]);
    expect(second.dossier).toBeNull();
    await act({ dossierId: id, action: 'REQUEST_PAYMENT' });
    clock.set('2026-03-05T11:00:00+07:00'); // paid the same day: nothing moves
    expect((await act({ dossierId: id, action: 'CONFIRM_PAYMENT' })).dossier).toMatchObject({ dueDate: '2026-03-09', pausedWorkingDays: 2 });
    await act({ dossierId: id, action: 'SUSPEND' });
    clock.set('2026-03-06T09:00:00+07:00'); // Fri: Thu paused
    expect((await act({ dossierId: id, action: 'RESUME' })).dossier).toMatchObject({ dueDate: '2026-03-10', pausedWorkingDays: 3 });
    clock.set('2026-03-09T14:00:00+07:00');
    const resolved = await act({ dossierId: id, action: 'RESOLVE', outcome: 'APPROVED' });
    expect(resolved.dossier).toMatchObject({ status: 'RESOLVED', outcome: 'APPROVED', timeliness: 'EARLY', finishedAt: '2026-03-09T14:00:00+07:00' });
    clock.set('2026-03-10T08:00:00+07:00');
    const returned = await act({ dossierId: id, action: 'RETURN_RESULT' });
    expect(returned.dossier).toMatchObject({ status: 'RETURNED', timeliness: 'EARLY', returnedAt: '2026-03-10T08:00:00+07:00' });
    expect(returned.dossier.history.map((h: { action: string | null }) => h.action)).toEqual([
      null, 'START_PROCESSING', 'REQUEST_SUPPLEMENT', 'SUBMIT_SUPPLEMENT', 'REQUEST_PAYMENT', 'CONFIRM_PAYMENT', 'SUSPEND', 'RESUME', 'RESOLVE', 'RETURN_RESULT',
    ]);
    expect(returned.dossier.history[2]).toMatchObject({ fromStatus: 'PROCESSING', toStatus: 'AWAITING_SUPPLEMENT', actor: 'officer-1', note: 'Thiếu tờ khai' });
    const invalid = await act({ dossierId: id, action: 'START_PROCESSING' });
    expect(invalid.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  test('late resolution after an apology: extension by a LEADER only, timeliness judged on the statutory date', async () => {
    clock.set('2026-03-02T09:00:00+07:00');
    const { id } = (await receive({ procedureCode: '1.004873' })).data!.receiveDossier.dossier;
    clock.set('2026-03-05T16:00:00+07:00');
    const byOfficer = await act({ dossierId: id, action: 'EXTEND_DEADLINE', newDueDate: '2026-03-10' });
    expect(byOfficer.userErrors[0]).toMatchObject({ code: 'FORBIDDEN' });
    const extended = await act({ dossierId: id, action: 'EXTEND_DEADLINE', newDueDate: '2026-03-10', note: 'Xin lỗi' }, leader);
    expect(extended.dossier).toMatchObject({ status: 'RECEIVED', dueDate: '2026-03-05', extendedDueDate: '2026-03-10' });
    clock.set('2026-03-06T09:00:00+07:00');
    expect((await t.gql(`{ dossiers(filter: {overdue: true}) { nodes { id timeliness } } }`, {}, { token: officer })).body.data!.dossiers.nodes)
      .toEqual(expect.arrayContaining([{ id, timeliness: 'IN_PROGRESS_OVERDUE' }]));
    const resolved = await act({ dossierId: id, action: 'RESOLVE', outcome: 'DENIED' });
    expect(resolved.dossier).toMatchObject({ status: 'RESOLVED', outcome: 'DENIED', timeliness: 'LATE' });
  });

  test('online filing by a citizen: SUBMITTED, accepted by an officer, withdrawn by the citizen', async () => {
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    clock.set('2026-03-07T21:00:00+07:00'); // Saturday evening
    const formData = validFormData('1.001612', { ...applicant });
    const filed = (await receive({ procedureCode: '1.001612', channel: 'ONLINE', formData }, citizen)).data!.receiveDossier;
    expect(filed.userErrors).toEqual([]);
    expect(filed.dossier).toMatchObject({ status: 'SUBMITTED', dueDate: null, timeliness: 'NOT_STARTED', code: '21025-260307-0001' });
    expect(filed.dossier.submittedAt).toBe('2026-03-07T21:00:00+07:00');
    clock.set('2026-03-09T08:00:00+07:00');
    const accepted = await act({ dossierId: filed.dossier.id, action: 'ACCEPT' });
    expect(accepted.dossier).toMatchObject({ status: 'RECEIVED', dueDate: '2026-03-12' });
    const mine = dataOf(await t.gql(`{ myDossiers { totalCount nodes { code status applicant { fullName } } } }`, {}, { token: citizen }));
    expect(mine.myDossiers.nodes).toEqual(expect.arrayContaining([{ code: filed.dossier.code, status: 'RECEIVED', applicant: { fullName: 'Nguyễn Văn An' } }]));
    const withdrawn = await act({ dossierId: filed.dossier.id, action: 'WITHDRAW', note: 'Không cần nữa' }, citizen);
    expect(withdrawn.dossier).toMatchObject({ status: 'WITHDRAWN', timeliness: 'NOT_STARTED' });
    expect(withdrawn.dossier.history.at(-1).actor).toBeNull(); // staff ids are not shown to citizens
    const startByCitizen = await act({ dossierId: filed.dossier.id, action: 'START_PROCESSING' }, citizen);
    expect(startByCitizen.userErrors[0].code).toBe('FORBIDDEN');
  });

  test('a citizen cannot file for someone else, nor in person, nor a NONE procedure online', async () => {
    const citizen = await t.token(Role.CITIZEN, null, '079199000111');
    expect((await receive({ procedureCode: '1.001612', channel: 'ONLINE' }, citizen)).data!.receiveDossier.userErrors[0]).toMatchObject({
      code: 'FORBIDDEN',
      field: ['input', 'applicant', 'citizenId'],
    });
    const self = { ...applicant, citizenId: '079199000111' };
    expect((await receive({ procedureCode: '1.001612', channel: 'IN_PERSON', applicant: self }, citizen)).data!.receiveDossier.userErrors[0].code).toBe('FORBIDDEN');
    expect((await receive({ procedureCode: '2.000815', channel: 'ONLINE', applicant: self }, citizen)).data!.receiveDossier.userErrors[0].code).toBe('PROCEDURE_NOT_ONLINE');
  });

  test('an idempotent replay returns the first dossier and creates nothing; a changed request with the same key is refused', async () => {
    clock.set('2026-03-11T09:00:00+07:00');
    const input = { procedureCode: '1.001193', idempotencyKey: 'kiosk-7-000123' };
    const first = (await receive(input)).data!.receiveDossier.dossier;
    const count = async () => dataOf(await t.gql(`{ dossiers(filter: {receivedFrom: "2026-03-11", receivedTo: "2026-03-11"}) { totalCount } }`, {}, { token: officer })).dossiers.totalCount;
    expect(await count()).toBe(1);
    clock.set('2026-03-11T09:05:00+07:00');
    const replay = (await receive(input)).data!.receiveDossier;
    expect(replay.userErrors).toEqual([]);
    expect(replay.dossier.id).toBe(first.id);
    expect(replay.dossier.code).toBe(first.code);
    expect(await count()).toBe(1);
    const changed = (await receive({ ...input, procedureCode: '1.000656' })).data!.receiveDossier;
    expect(changed.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count()).toBe(1);

    const action = { dossierId: first.id, action: 'RESOLVE', outcome: 'APPROVED', idempotencyKey: 'resolve-1' };
    const resolved = await act(action);
    const again = await act(action);
    expect(again.userErrors).toEqual([]);
    expect(again.dossier.history).toHaveLength(resolved.dossier.history.length);
  });

  test('public tracking needs the last 4 digits of the citizen id and shows masked data', async () => {
    clock.set('2026-03-12T09:00:00+07:00');
    const { code } = (await receive({ procedureCode: '1.004873' })).data!.receiveDossier.dossier;
    const query = `query($code: String!, $last4: String!) { trackDossier(code: $code, citizenIdLast4: $last4) {
      code status dueDate applicant { fullName citizenIdMasked phone } history { toStatus actor } } }`;
    const found = dataOf(await t.gql(query, { code, last4: '1234' }));
    expect(found.trackDossier).toMatchObject({
      code,
      status: 'RECEIVED',
      dueDate: '2026-03-17',
      applicant: { fullName: 'N***** V** A*', citizenIdMasked: '********1234', phone: '******5678' },
      history: [{ toStatus: 'RECEIVED', actor: null }],
    });
    expect(dataOf(await t.gql(query, { code, last4: '9999' })).trackDossier).toBeNull();
    expect(dataOf(await t.gql(query, { code: 'NO-SUCH-CODE', last4: '1234' })).trackDossier).toBeNull();
    const bad = await t.gql(query, { code, last4: '12a4' });
    expect(bad.body.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  test('staff of another unit or of the province see applicant data masked; every staff read is audited', async () => {
    clock.set('2026-03-12T10:00:00+07:00');
    const { code } = (await receive({ procedureCode: '1.004873' })).data!.receiveDossier.dossier;
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51', 'province-admin');
    const seen = dataOf(await t.gql(`query($code: String!) { dossier(code: $code) { applicant { fullName phone } } }`, { code }, { token: provinceAdmin }));
    expect(seen.dossier.applicant).toEqual({ fullName: 'N***** V** A*', phone: '******5678' });
    const otherUnit = await t.token(Role.OFFICER, '21028', 'officer-other');
    const refused = await t.gql(`query($code: String!) { dossier(code: $code) { code } }`, { code }, { token: otherUnit });
    expect(refused.body.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(refused.body.data!.dossier).toBeNull();
    const audit = await t.sql<{ actor_sub: string }>(
      `select a.actor_sub from dossier_read_audit a join dossier d on d.id = any(a.dossier_ids) where d.code = $1 order by a.id`,
      [code],
    );
    expect(audit.map((r) => r.actor_sub)).toEqual(['officer-1', 'province-admin']);
  });
});
