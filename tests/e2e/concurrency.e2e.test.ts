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

  test('intake in one statement: the code is in every text written with it; a number an imported legacy code holds is skipped', async () => {
    const importer = await t.token(Role.PROVINCE_ADMIN, '51');
    const legacy = `21040-260310-0052`;
    const imported = await t.gql(`mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported } }`, {
      input: [{ code: legacy, procedureCode: '1.001193', unitCode: '21040', channel: 'IN_PERSON', applicant: { fullName: 'Người cũ', citizenId: '051190999999' }, receivedAt: '2026-03-10T08:00:00+07:00', history: [] }],
    }, { token: importer });
    expect(dataOf(imported).importDossiers.imported).toBe(1);
    const next = dataOf(await t.gql(RECEIVE, { input: input(51) }, { token: officer })).receiveDossier.dossier.code;
    const after = dataOf(await t.gql(RECEIVE, { input: input(52) }, { token: officer })).receiveDossier.dossier.code;
    expect([next, after]).toEqual(['21040-260310-0051', '21040-260310-0053']);
    const leaks = await t.sql<{ n: string }>(`select (select count(*) from dossier where search_text like '%@@code-%' or code like '%@@%')
      + (select count(*) from sync_record where event::text like '%@@code-%' or idempotency_key like '%@@code-%' or dossier_code like '%@@%') as n`);
    expect(Number(leaks[0]!.n)).toBe(0);
    const [row] = await t.sql<{ search_text: string; records: string }>(`select d.search_text, (select count(*) from sync_record s where s.dossier_code = d.code
      and s.idempotency_key like d.code || '%') as records from dossier d where d.code = $1`, [after]);
    expect(row!.search_text).toBe(`${after} cong dan 52`);
    expect(Number(row!.records)).toBeGreaterThan(0);
    // 0051 was written in one statement, 0053 by the general path: the same columns, the same values
    // (the deadline columns included), but for what differs by the applicant and the code.
    const personal = ['id', 'code', 'search_text', 'applicant_full_name', 'applicant_citizen_id', 'created_at', 'updated_at'];
    const rows = await t.sql<Record<string, unknown>>(`select d.*, to_jsonb(e) - 'id' - 'dossier_id' - 'created_at' as first_event
      from dossier d join dossier_event e on e.dossier_id = d.id and e.seq = 1 where d.code in ($1, $2) order by d.code`, [next, after]);
    const [oneStatement, general] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !personal.includes(k))));
    expect(oneStatement).toEqual(general);
    expect(oneStatement).toMatchObject({ due_date: expect.anything(), processing_time_unit: expect.any(String) });
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
