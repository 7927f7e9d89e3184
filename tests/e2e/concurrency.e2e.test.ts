import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;

describe('concurrent intake', () => {
  let t: TestApp;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, clock: new TestClock('2026-03-10T10:00:00+07:00') });
    officer = await t.token(Role.OFFICER, '21040');
  });
  afterAll(() => t.stop());

  const input = (i: number, extra: Record<string, unknown> = {}) => ({
    procedureCode: '1.001193',
    unitCode: '21040',
    channel: 'IN_PERSON',
    applicant: { fullName: `Công dân ${i}`, citizenId: `051190${String(i).padStart(6, '0')}` },
    ...extra,
  });

  test('50 concurrent intakes on one unit get 50 distinct consecutive codes', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.gql(RECEIVE, { input: input(i) }, { token: officer })),
    );
    const codes = results.map((r) => dataOf(r).receiveDossier.dossier.code as string);
    const expected = Array.from({ length: 50 }, (_, i) => `21040-260310-${String(i + 1).padStart(4, '0')}`);
    expect([...codes].sort()).toEqual(expected);
  });

  test('concurrent requests with one idempotency key create one dossier', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.gql(RECEIVE, { input: input(99, { idempotencyKey: 'same-key' }) }, { token: officer })),
    );
    const ids = new Set(results.map((r) => dataOf(r).receiveDossier.dossier.id));
    expect(ids.size).toBe(1);
    const rows = await t.sql(`select 1 from dossier where applicant_citizen_id = '051190000099'`);
    expect(rows).toHaveLength(1);
  });

  test('concurrent actions on one dossier are serialized: exactly one START_PROCESSING succeeds', async () => {
    const { id } = dataOf(await t.gql(RECEIVE, { input: input(200, { procedureCode: '1.004873' }) }, { token: officer })).receiveDossier.dossier;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.gql(`mutation($id: ID!) { actOnDossier(input: {dossierId: $id, action: START_PROCESSING}) { dossier { status } userErrors { code } } }`, { id }, { token: officer }),
      ),
    );
    const outcomes = results.map((r) => dataOf(r).actOnDossier);
    expect(outcomes.filter((o) => o.dossier?.status === 'PROCESSING')).toHaveLength(1);
    expect(outcomes.filter((o) => o.userErrors[0]?.code === 'INVALID_TRANSITION')).toHaveLength(7);
    const events = await t.sql(`select seq from dossier_event e join dossier d on d.id = e.dossier_id where d.applicant_citizen_id = '051190000200'`);
    expect(events).toHaveLength(2);
  });
});
