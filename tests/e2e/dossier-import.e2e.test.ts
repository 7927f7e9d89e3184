import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const IMPORT = `mutation($input: [ImportDossierInput!]!) {
  importDossiers(input: $input) { imported skipped errors { index code userErrors { code field } } }
}`;
const DOSSIER = `query($code: String!) { dossier(code: $code) {
  code status channel submittedAt receivedAt dueDate extendedDueDate pausedWorkingDays timeliness outcome finishedAt returnedAt
  history { action fromStatus toStatus at actor } } }`;

const applicant = { fullName: 'Trần Thị Bình', citizenId: '051185004321' };

describe('importDossiers: legacy history through the same state machine and calendar', () => {
  let t: TestApp;
  let integrator: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, clock: new TestClock('2026-05-04T09:00:00+07:00') });
    integrator = await t.token(Role.INTEGRATOR, '51');
    officer = await t.token(Role.OFFICER, '21211');
  });
  afterAll(() => t.stop());

  test('a full history across Tết 2026 computes due dates, pauses and timeliness like live actions', async () => {
    const input = [{
      code: 'LEGACY-TK-2026-0001',
      procedureCode: '1.004873',
      unitCode: '21211',
      channel: 'IN_PERSON',
      applicant,
      receivedAt: '2026-02-12T10:00:00+07:00', // Thu before Tết: d0 12/2, then 13, 23, 24 Feb: due 24/2
      history: [
        { action: 'START_PROCESSING', at: '2026-02-12T11:00:00+07:00' },
        { action: 'REQUEST_SUPPLEMENT', at: '2026-02-13T09:00:00+07:00', note: 'Thiếu giấy tờ' },
        { action: 'SUBMIT_SUPPLEMENT', at: '2026-02-24T09:00:00+07:00' }, // paused 13 and 23 Feb: 2 working days
        { action: 'RESOLVE', at: '2026-02-26T15:00:00+07:00', outcome: 'APPROVED' },
        { action: 'RETURN_RESULT', at: '2026-02-27T08:00:00+07:00' },
      ],
    }];
    const result = dataOf(await t.gql(IMPORT, { input }, { token: integrator }));
    expect(result.importDossiers).toEqual({ imported: 1, skipped: 0, errors: [] });
    const { dossier } = dataOf(await t.gql(DOSSIER, { code: 'LEGACY-TK-2026-0001' }, { token: officer }));
    expect(dossier).toMatchObject({
      status: 'RETURNED',
      receivedAt: '2026-02-12T10:00:00+07:00',
      dueDate: '2026-02-26',
      pausedWorkingDays: 2,
      timeliness: 'ON_TIME',
      outcome: 'APPROVED',
      finishedAt: '2026-02-26T15:00:00+07:00',
      returnedAt: '2026-02-27T08:00:00+07:00',
    });
    expect(dossier.history).toHaveLength(6);
    expect(dossier.history.every((h: { actor: string }) => h.actor === 'import')).toBe(true);
  });

  test('online legacy dossiers start SUBMITTED and are accepted by their first entry; codes are generated when absent', async () => {
    const input = [{
      procedureCode: '1.001612',
      unitCode: '21211',
      channel: 'ONLINE',
      applicant,
      submittedAt: '2026-04-25T22:00:00+07:00', // Saturday night
      history: [{ action: 'ACCEPT', at: '2026-04-28T08:30:00+07:00' }], // Tuesday after the 27/4 day off
    }];
    expect(dataOf(await t.gql(IMPORT, { input }, { token: integrator })).importDossiers.imported).toBe(1);
    const { dossier } = dataOf(await t.gql(DOSSIER, { code: '21211-260425-0001' }, { token: officer }));
    expect(dossier).toMatchObject({ status: 'RECEIVED', submittedAt: '2026-04-25T22:00:00+07:00', receivedAt: '2026-04-28T08:30:00+07:00', dueDate: '2026-05-05' }); // 29/4, then 30/4 and 1/5 are holidays: 4/5, 5/5
  });

  test('each dossier is atomic: bad ones are reported by index and leave nothing; the others import; known codes are skipped', async () => {
    const good = (code: string) => ({ code, procedureCode: '1.001193', unitCode: '21211', channel: 'POSTAL', applicant, receivedAt: '2026-03-02T09:00:00+07:00', history: [] });
    const input = [
      good('LEGACY-OK-1'),
      { ...good('LEGACY-BAD-1'), history: [{ action: 'RESOLVE', at: '2026-03-02T10:00:00+07:00' }] }, // no outcome
      { ...good('LEGACY-BAD-2'), history: [{ action: 'REQUEST_SUPPLEMENT', at: '2026-03-02T10:00:00+07:00' }, { action: 'SUBMIT_SUPPLEMENT', at: '2026-03-03T10:00:00+07:00' }, { action: 'REQUEST_SUPPLEMENT', at: '2026-03-04T10:00:00+07:00' }] },
      { ...good('LEGACY-BAD-3'), applicant: { fullName: 'X', citizenId: '123' } },
      { ...good('LEGACY-BAD-4'), history: [{ action: 'START_PROCESSING', at: '2026-03-01T10:00:00+07:00' }] }, // before receipt
      { ...good('LEGACY-BAD-5'), unitCode: '26740' }, // another province: outside the integrator's scope
      { ...good('LEGACY-BAD-6'), receivedAt: undefined, submittedAt: '2026-03-02T09:00:00+07:00' },
      { ...good('LEGACY-BAD-7'), history: [{ action: 'RETURN_RESULT', at: '2026-03-02T10:00:00+07:00' }] },
      { ...good('LEGACY-BAD-8'), procedureCode: '9.999999' },
      { ...good('LEGACY-BAD-9'), history: [{ action: 'START_PROCESSING', at: '2027-01-01T10:00:00+07:00' }] }, // future
      good('LEGACY-TK-2026-0001'), // imported by the first test
      good('LEGACY-OK-2'),
    ];
    const result = dataOf(await t.gql(IMPORT, { input }, { token: integrator })).importDossiers;
    expect(result.imported).toBe(2);
    expect(result.skipped).toBe(1);
    expect(result.errors).toEqual([
      { index: 1, code: 'LEGACY-BAD-1', userErrors: [{ code: 'OUTCOME_REQUIRED', field: ['input', '1', 'history', '0', 'outcome'] }] },
      { index: 2, code: 'LEGACY-BAD-2', userErrors: [{ code: 'SUPPLEMENT_ALREADY_REQUESTED', field: ['input', '2', 'history', '2', 'action'] }] },
      { index: 3, code: 'LEGACY-BAD-3', userErrors: [
        { code: 'INVALID_CITIZEN_ID', field: ['input', '3', 'applicant', 'citizenId'] },
      ] },
      { index: 4, code: 'LEGACY-BAD-4', userErrors: [{ code: 'HISTORY_OUT_OF_ORDER', field: ['input', '4', 'history', '0', 'at'] }] },
      { index: 5, code: 'LEGACY-BAD-5', userErrors: [{ code: 'FORBIDDEN', field: ['input', '5', 'unitCode'] }] },
      { index: 6, code: 'LEGACY-BAD-6', userErrors: [{ code: 'FIELD_REQUIRED', field: ['input', '6', 'receivedAt'] }] },
      { index: 7, code: 'LEGACY-BAD-7', userErrors: [{ code: 'INVALID_TRANSITION', field: ['input', '7', 'history', '0', 'action'] }] },
      { index: 8, code: 'LEGACY-BAD-8', userErrors: [{ code: 'NOT_FOUND', field: ['input', '8', 'procedureCode'] }] },
      { index: 9, code: 'LEGACY-BAD-9', userErrors: [{ code: 'TIME_IN_FUTURE', field: ['input', '9', 'history', '0', 'at'] }] },
    ]);
    const rows = await t.sql<{ code: string }>(`select code from dossier where code like 'LEGACY-%' order by code`);
    expect(rows.map((r) => r.code)).toEqual(['LEGACY-OK-1', 'LEGACY-OK-2', 'LEGACY-TK-2026-0001']);
    const orphans = await t.sql(`select 1 from dossier_event e left join dossier d on d.id = e.dossier_id where d.id is null`);
    expect(orphans).toEqual([]);
  });

  test('at most 1000 dossiers per call; officers may not import', async () => {
    const many = Array.from({ length: 1001 }, () => ({ procedureCode: '1.001193', unitCode: '21211', channel: 'POSTAL', applicant, receivedAt: '2026-03-02T09:00:00+07:00', history: [] }));
    const tooMany = await t.gql(IMPORT, { input: many }, { token: integrator });
    expect(tooMany.status).toBeLessThan(500);
    expect(tooMany.body.errors![0].extensions!.code).toBe('TOO_MANY_ITEMS');
    const refused = await t.gql(IMPORT, { input: [] }, { token: officer });
    expect(refused.body.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
