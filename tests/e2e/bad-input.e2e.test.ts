import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type GraphQLResult, type TestApp } from '../support/test-app.js';

/**
 * Bad input gets a stable code (in userErrors or extensions.code), an HTTP status below 500, no
 * stack trace, and writes nothing.
 */
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id } userErrors { code field message } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { id } userErrors { code field message } } }`;
const applicant = { fullName: 'Lê Văn Cường', citizenId: '051090123456', phone: '0905123456' };

function expectNoLeak(result: GraphQLResult): void {
  expect(result.status).toBeLessThan(500);
  const text = JSON.stringify(result.body);
  expect(text).not.toMatch(/stack|stacktrace|at \w+ \(|node_modules|SELECT|insert into/i);
}

describe('bad input', () => {
  let t: TestApp;
  let officer: string;
  let dossierId: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, clock: new TestClock('2026-03-10T09:00:00+07:00') });
    officer = await t.token(Role.OFFICER, '25150');
    const received = await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant } }, { token: officer });
    dossierId = dataOf(received).receiveDossier.dossier.id;
    await t.gql(ACT, { input: { dossierId, action: 'REQUEST_SUPPLEMENT' } }, { token: officer });
    await t.gql(ACT, { input: { dossierId, action: 'SUBMIT_SUPPLEMENT' } }, { token: officer });
  });
  afterAll(() => t.stop());

  const counts = async () => (await t.sql<{ d: string; e: string }>(`select (select count(*) from dossier) as d, (select count(*) from dossier_event) as e`))[0];

  const receiveCases: Array<[string, Record<string, unknown>, string, string[]]> = [
    // [what, input override, expected code, expected field]
    ['an invalid citizen id', { applicant: { ...applicant, citizenId: '12345' } }, 'INVALID_CITIZEN_ID', ['input', 'applicant', 'citizenId']],
    ['a citizen id of an impossible province', { applicant: { ...applicant, citizenId: '099090123456' } }, 'INVALID_CITIZEN_ID', ['input', 'applicant', 'citizenId']],
    ['an invalid phone', { applicant: { ...applicant, phone: '12' } }, 'INVALID_PHONE', ['input', 'applicant', 'phone']],
    ['an empty name', { applicant: { ...applicant, fullName: '   ' } }, 'INVALID_FULL_NAME', ['input', 'applicant', 'fullName']],
    ['an unknown procedure', { procedureCode: '9.999999' }, 'NOT_FOUND', ['input', 'procedureCode']],
    ['an unknown unit', { unitCode: '99999' }, 'NOT_FOUND', ['input', 'unitCode']],
    ['a unit outside the scope', { unitCode: '25123' }, 'FORBIDDEN', ['input', 'unitCode']],
    // The scope is checked before the input: nothing is said about input for a unit one may not serve.
    ['a unit outside the scope and bad input', { unitCode: '25123', procedureCode: '9.999999', applicant: { ...applicant, citizenId: '1' }, formData: [1] }, 'FORBIDDEN', ['input', 'unitCode']],
    ['online filing of an in-person-only procedure', { procedureCode: '2.000815', channel: 'ONLINE' }, 'PROCEDURE_NOT_ONLINE', ['input', 'channel']],
    ['form data that is not an object', { formData: [1, 2] }, 'BAD_USER_INPUT', ['input', 'formData']],
    ['form data far larger than any form', { formData: { note: 'x'.repeat(70 * 1024) } }, 'BAD_USER_INPUT', ['input', 'formData']],
  ];
  test.each(receiveCases)('receiveDossier with %s', async (_name, override, code, field) => {
    const before = await counts();
    const result = await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant, ...override } }, { token: officer });
    expectNoLeak(result);
    expect(dataOf(result).receiveDossier).toMatchObject({ dossier: null, userErrors: [{ code, field }] });
    expect(dataOf(result).receiveDossier.userErrors[0].message).not.toBe('');
    expect(await counts()).toEqual(before);
  });

  test('every bad applicant field is reported at once', async () => {
    const result = await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant: { fullName: '', citizenId: 'x', phone: 'y' } } }, { token: officer });
    expect(dataOf(result).receiveDossier.userErrors.map((e: { code: string }) => e.code)).toEqual(['INVALID_FULL_NAME', 'INVALID_CITIZEN_ID', 'INVALID_PHONE']);
  });

  const actCases: Array<[string, () => Record<string, unknown>, string, string]> = [
    ['an invalid transition', () => ({ dossierId, action: 'RETURN_RESULT' }), 'INVALID_TRANSITION', 'officer'],
    ['a second supplement request', () => ({ dossierId, action: 'REQUEST_SUPPLEMENT' }), 'SUPPLEMENT_ALREADY_REQUESTED', 'officer'],
    ['EXTEND_DEADLINE by an OFFICER', () => ({ dossierId, action: 'EXTEND_DEADLINE', newDueDate: '2026-03-31' }), 'FORBIDDEN', 'officer'],
    ['a dossier of another unit (answered as unknown)', () => ({ dossierId, action: 'START_PROCESSING' }), 'NOT_FOUND', 'other'],
    ['a malformed dossier id', () => ({ dossierId: 'garbage', action: 'START_PROCESSING' }), 'BAD_USER_INPUT', 'officer'],
    ['an unknown dossier', () => ({ dossierId: Buffer.from('Dossier:999999').toString('base64url'), action: 'START_PROCESSING' }), 'NOT_FOUND', 'officer'],
    ['an outcome on a non-RESOLVE action', () => ({ dossierId, action: 'START_PROCESSING', outcome: 'APPROVED' }), 'OUTCOME_NOT_ALLOWED', 'officer'],
    ['RESOLVE without outcome', () => ({ dossierId, action: 'RESOLVE' }), 'OUTCOME_REQUIRED', 'officer'],
  ];
  test.each(actCases)('actOnDossier with %s', async (_name, input, code, who) => {
    const token = who === 'officer' ? officer : await t.token(Role.OFFICER, '25123');
    const before = await counts();
    const result = await t.gql(ACT, { input: input() }, { token });
    expectNoLeak(result);
    expect(dataOf(result).actOnDossier).toMatchObject({ dossier: null, userErrors: [{ code }] });
    expect(await counts()).toEqual(before);
  });

  const queryCases: Array<[string, string, Record<string, unknown>, number, string]> = [
    ['page size over 100', `{ dossiers(first: 101) { totalCount } }`, {}, 200, 'BAD_USER_INPUT'],
    ['page size 0', `{ units(first: 0) { totalCount } }`, {}, 200, 'BAD_USER_INPUT'],
    ['a malformed cursor', `{ procedures(after: "%%%") { totalCount } }`, {}, 200, 'BAD_USER_INPUT'],
    ['a malformed date variable', `query($d: Date) { dossiers(filter: {receivedFrom: $d}) { totalCount } }`, { d: '2026-02-30' }, 400, 'BAD_USER_INPUT'],
    ['a malformed date literal', `{ dossiers(filter: {receivedFrom: "10/03/2026"}) { totalCount } }`, {}, 400, 'BAD_USER_INPUT'],
    ['a malformed DateTime variable', `mutation($at: DateTime!) { importDossiers(input: [{procedureCode: "1.001193", unitCode: "25150", channel: POSTAL, applicant: {fullName: "A", citizenId: "051090123456"}, receivedAt: $at, history: []}]) { imported } }`, { at: 'yesterday' }, 400, 'BAD_USER_INPUT'],
    // Another unit's code answers as an unknown one: whether it exists is not revealed.
    ['a dossier of another unit', `{ dossier(code: "25150-260310-0001") { code } }`, {}, 200, 'NOT_FOUND'],
    ['a dossier that does not exist', `{ dossier(code: "00000-000000-0000") { code } }`, {}, 200, 'NOT_FOUND'],
    ['an unknown unit in a filter', `{ dossiers(filter: {unitCode: "99999"}) { totalCount } }`, {}, 200, 'NOT_FOUND'],
    ['an unknown field', `{ dossiers { nope } }`, {}, 400, 'GRAPHQL_VALIDATION_FAILED'],
    ['a year out of range', `{ calendar(year: 1800) { date } }`, {}, 200, 'INVALID_YEAR'],
  ];
  test.each(queryCases)('query with %s', async (_name, query, variables, status, code) => {
    const token = await t.token(Role.OFFICER, '25123');
    const result = await t.gql(query, variables, { token });
    expectNoLeak(result);
    expect(result.status).toBe(status);
    expect(result.body.errors![0].extensions!.code).toBe(code);
  });

  test('an import into a unit outside the scope is refused on the scope, before its input is checked', async () => {
    const integrator = await t.token(Role.INTEGRATOR, '25150');
    const result = await t.gql(`mutation($input: [ImportDossierInput!]!) { importDossiers(input: $input) { imported errors { index userErrors { code field } } } }`, {
      input: [{ code: 'BAD CODE!', procedureCode: '9.999999', unitCode: '25123', channel: 'IN_PERSON', applicant: { fullName: '', citizenId: '1' }, receivedAt: '2026-03-01T09:00:00+07:00', history: [] }],
    }, { token: integrator });
    expect(dataOf(result).importDossiers).toEqual({ imported: 0, errors: [{ index: 0, userErrors: [{ code: 'FORBIDDEN', field: ['input', '0', 'unitCode'] }] }] });
  });

  test('another unit’s dossier answers exactly as an unknown code, in GraphQL and on the PDF routes', async () => {
    const other = await t.token(Role.OFFICER, '25123');
    const [existing] = await t.sql<{ code: string }>(`select code from dossier where id = $1`, [Number(Buffer.from(dossierId, 'base64url').toString().split(':')[1])]);
    const unknown = existing!.code.replace(/\d{4}$/, '9999');
    const answers = async (code: string) => {
      const result = await t.gql(`query($code: String!) { dossier(code: $code) { code } }`, { code }, { token: other });
      const pdf = await fetch(`${t.url}/dossiers/${code}/receipt.pdf`, { headers: { authorization: `Bearer ${other}` } });
      const { message: _m, ...error } = result.body.errors![0]!;
      const { error: pdfError } = (await pdf.json()) as { error: { code: string; message: string } };
      return { status: result.status, error, data: result.body.data, pdf: { status: pdf.status, code: pdfError.code } };
    };
    const [mine, absent] = [await answers(existing!.code), await answers(unknown)];
    expect(mine).toEqual(absent);
    expect(mine.pdf).toEqual({ status: 404, code: 'NOT_FOUND' });
    const act = await t.gql(ACT, { input: { dossierId, action: 'START_PROCESSING' } }, { token: other });
    expect(dataOf(act).actOnDossier.userErrors).toEqual([expect.objectContaining({ code: 'NOT_FOUND', field: ['input', 'dossierId'] })]);
  });

  test('a NUL character in any text input is BAD_USER_INPUT (never a database error), literals and variables alike', async () => {
    const token = await t.token(Role.OFFICER, '25150');
    const before = await counts();
    const cases: Array<[string, Record<string, unknown>]> = [
      [`query($s: String) { dossiers(filter: { search: $s }) { totalCount } }`, { s: 'Nguy\u0000n' }],
      [`{ dossiers(filter: { search: "a\\u0000b" }) { totalCount } }`, {}],
      [`query($c: String!) { dossier(code: $c) { code } }`, { c: '25150-\u0000' }],
      [RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant: { ...applicant, fullName: 'Lê\u0000Văn' } } }],
      [RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant, formData: { note: ['x', { deep: 'y\u0000' }] } } }],
      [`{ procedures(filter: { search: "khai\\u0000sinh" }) { totalCount } }`, {}],
    ];
    for (const [query, variables] of cases) {
      const result = await t.gql(query, variables, { token });
      expectNoLeak(result);
      expect(result.status).toBe(400);
      expect(result.body.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'NUL_CHARACTER' });
    }
    const route = await fetch(`${t.url}/dossiers/25150-260310-%00/receipt.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(route.status).toBe(400);
    expect(await route.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
    expect(await counts()).toEqual(before);
  });

  test('requests that never reach GraphQL: bad JSON, an invalid token, no token for a mutation, an oversized body', async () => {
    const badJson = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('BAD_REQUEST');

    const badToken = await t.gql(`{ units { totalCount } }`, {}, { token: 'not.a.token' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');

    const anonymous = await t.gql(ACT, { input: { dossierId, action: 'START_PROCESSING' } });
    expect(anonymous.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expectNoLeak(anonymous);

    const huge = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ units { totalCount } }`, pad: 'x'.repeat(11 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });

  test('queries too deep or too costly are refused before they run', async () => {
    const nest = (levels: number): string => (levels === 0 ? 'code' : `children { nodes { ${nest(levels - 1)} } }`);
    const deep = `{ unit(code: "51") { ${nest(7)} } }`;
    const tooDeep = await t.gql(deep);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
    const costly = `{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { code } } } } } } }`;
    const tooCostly = await t.gql(costly);
    expect(tooCostly.body.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
    const introspection = await t.gql(`{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`);
    expect(introspection.status).toBe(200);
  });

  test('messages are Vietnamese by default and English on request', async () => {
    const input = { procedureCode: '1.004873', unitCode: '25150', channel: 'IN_PERSON', applicant: { ...applicant, citizenId: '1' } };
    const vi = dataOf(await t.gql(RECEIVE, { input }, { token: officer })).receiveDossier.userErrors[0].message;
    const en = dataOf(await t.gql(RECEIVE, { input }, { token: officer, headers: { 'accept-language': 'en-US,en;q=0.9' } })).receiveDossier.userErrors[0].message;
    expect(vi).toMatch(/Số định danh/);
    expect(en).toMatch(/citizen id/);
  });
});
