import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { dataOf, startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';
import { SignJWT } from 'jose';

const RECEIVE = `mutation($input: ReceiveDossierInput!) {
  receiveDossier(input: $input) { dossier { id code status channel submittedAt receivedAt dueDate applicant { fullName citizenIdMasked phone } } userErrors { code field } }
}`;
const DOSSIER_FIELDS = `id code status applicant { fullName citizenIdMasked phone } formData history { action toStatus actor note }`;
const MY = `query($first: Int, $after: String) { myDossiers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { ${DOSSIER_FIELDS} } } }`;
const BY_CODE = `query($code: String!) { dossier(code: $code) { ${DOSSIER_FIELDS} } }`;
const BY_NODE = `query($id: ID!) { node(id: $id) { id ... on Dossier { ${DOSSIER_FIELDS} } } }`;
const LIST = `{ dossiers { totalCount nodes { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code field } } }`;

const AN = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };
const BINH = { fullName: 'Trần Thị Bình', citizenId: '079199000111', phone: '0987654321' };
const CHI = { fullName: 'Lê Minh Chi', citizenId: '052090004321', phone: '0905111222' };

interface Filed {
  id: string;
  code: string;
}

describe('citizens see only their own dossiers and file online', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00');
  let t: TestApp;
  let officer: string;
  let an: string;
  let binh: string;
  const mine: Record<'an' | 'binh' | 'chi', Filed[]> = { an: [], binh: [], chi: [] };

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    officer = await t.token(Role.OFFICER, '25123', 'officer-1');
    an = await t.token(Role.CITIZEN, null, AN.citizenId);
    binh = await t.token(Role.CITIZEN, null, BINH.citizenId);
  });
  afterAll(() => t.stop());

  async function file(token: string, input: Record<string, unknown>) {
    return dataOf(await t.gql(RECEIVE, { input: { unitCode: '25123', channel: 'ONLINE', ...input } }, { token })).receiveDossier;
  }

  test('online filing: SUBMITTED with the submission time, applicant in clear for the applicant', async () => {
    clock.set('2026-03-07T21:00:00+07:00'); // a Saturday evening: online filings come any time
    const birth = await file(an, { procedureCode: '1.001193', applicant: AN, formData: validFormData('1.001193', AN) });
    expect(birth.userErrors).toEqual([]);
    expect(birth.dossier).toMatchObject({
      status: 'SUBMITTED',
      channel: 'ONLINE',
      submittedAt: '2026-03-07T21:00:00+07:00',
      receivedAt: null,
      dueDate: null,
      applicant: { fullName: 'Nguyễn Văn An', citizenIdMasked: '********1234', phone: '0912345678' },
    });
    mine.an.push(birth.dossier);
    const marital = await file(an, { procedureCode: '1.004873', applicant: AN, formData: validFormData('1.004873', AN), unitCode: '25150' });
    expect(marital.userErrors).toEqual([]);
    mine.an.push(marital.dossier);
    const business = await file(binh, { procedureCode: '1.001612', applicant: BINH, formData: validFormData('1.001612', BINH) });
    expect(business.userErrors).toEqual([]);
    mine.binh.push(business.dossier);
    // A PARTIAL procedure can be filed online too; one without a form needs no form data.
    const residence = await file(binh, { procedureCode: '1.004884', applicant: BINH });
    expect(residence.userErrors).toEqual([]);
    mine.binh.push(residence.dossier);
  });

  test('dossiers received at the counter for a citizen are theirs too; others’ are not', async () => {
    clock.set('2026-03-09T09:00:00+07:00');
    const atCounter = async (applicant: typeof AN) =>
      dataOf(await t.gql(RECEIVE, { input: { procedureCode: '2.000815', unitCode: '25123', channel: 'IN_PERSON', applicant } }, { token: officer }))
        .receiveDossier.dossier as Filed;
    mine.an.push(await atCounter(AN));
    mine.chi.push(await atCounter(CHI));
  });

  test('filing online is refused for a procedure that is in person only, for someone else, or not online', async () => {
    const none = await file(an, { procedureCode: '2.000815', applicant: AN });
    expect(none.userErrors).toEqual([{ code: 'PROCEDURE_NOT_ONLINE', field: ['input', 'channel'] }]);
    const forOther = await file(an, { procedureCode: '1.001193', applicant: BINH, formData: validFormData('1.001193', BINH) });
    expect(forOther.userErrors).toEqual([{ code: 'FORBIDDEN', field: ['input', 'applicant', 'citizenId'] }]);
    const inPerson = await file(an, { procedureCode: '1.001193', applicant: AN, channel: 'IN_PERSON', formData: validFormData('1.001193', AN) });
    expect(inPerson.userErrors).toEqual([{ code: 'FORBIDDEN', field: ['input', 'channel'] }]);
  });

  test('myDossiers lists exactly one’s own, newest first, paging included', async () => {
    const list = async (token: string) => dataOf(await t.gql(MY, { first: 10 }, { token })).myDossiers;
    const ofAn = await list(an);
    expect(ofAn.totalCount).toBe(3);
    expect(ofAn.nodes.map((d: Filed) => d.code).sort()).toEqual(mine.an.map((d) => d.code).sort());
    const ofBinh = await list(binh);
    expect(ofBinh.nodes.map((d: Filed) => d.code).sort()).toEqual(mine.binh.map((d) => d.code).sort());

    // Page by page, with a cursor from someone else's list thrown in: still only one's own.
    const first = dataOf(await t.gql(MY, { first: 1 }, { token: an })).myDossiers;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = dataOf(await t.gql(MY, { first: 10, after: first.pageInfo.endCursor }, { token: an })).myDossiers;
    expect([...first.nodes, ...rest.nodes].map((d: Filed) => d.code).sort()).toEqual(mine.an.map((d) => d.code).sort());
    const binhCursor = dataOf(await t.gql(MY, { first: 1 }, { token: binh })).myDossiers.pageInfo.endCursor;
    const crossed = dataOf(await t.gql(MY, { first: 10, after: binhCursor }, { token: an })).myDossiers;
    expect(crossed.nodes.every((d: Filed) => mine.an.some((m) => m.code === d.code))).toBe(true);

    // Their own data in clear, form data included, staff ids hidden.
    const own = ofAn.nodes.find((d: Filed) => d.code === mine.an[0]!.code);
    expect(own.applicant).toEqual({ fullName: 'Nguyễn Văn An', citizenIdMasked: '********1234', phone: '0912345678' });
    expect(own.formData).toEqual(validFormData('1.001193', AN));
    expect(own.history).toEqual([{ action: null, toStatus: 'SUBMITTED', actor: null, note: null }]);
  });

  test('myDossiers by status, for a portal’s tabs', async () => {
    const query = `query($status: [DossierStatus!]) { myDossiers(first: 10, status: $status) { totalCount nodes { code status } } }`;
    const submitted = dataOf(await t.gql(query, { status: ['SUBMITTED'] }, { token: an })).myDossiers;
    expect(submitted.nodes.map((d: Filed) => d.code).sort()).toEqual([mine.an[0]!.code, mine.an[1]!.code].sort());
    const received = dataOf(await t.gql(query, { status: ['RECEIVED', 'PROCESSING'] }, { token: an })).myDossiers;
    expect(received.nodes).toEqual([{ code: mine.an[2]!.code, status: 'RECEIVED' }]);
  });

  test('myDossiers is for citizens only', async () => {
    expect((await t.gql(MY, {}, { token: officer })).body.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await t.gql(MY, {})).body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  test('one citizen never sees another’s dossier: dossier, node, dossiers, history, actions, receipt', async () => {
    const others = [...mine.binh, ...mine.chi];
    for (const other of others) {
      const byCode = await t.gql(BY_CODE, { code: other.code }, { token: an });
      // Answered as if it did not exist: another's dossier code is not confirmed.
      expect([other.code, byCode.body.errors?.[0]?.extensions?.code, byCode.body.data?.dossier]).toEqual([other.code, 'NOT_FOUND', null]);
      const byNode = await t.gql(BY_NODE, { id: other.id }, { token: an });
      expect([other.code, byNode.body.errors, byNode.body.data?.node]).toEqual([other.code, undefined, null]);
      const withdraw = dataOf(await t.gql(ACT, { input: { dossierId: other.id, action: 'WITHDRAW' } }, { token: an })).actOnDossier;
      expect([other.code, withdraw.dossier, withdraw.userErrors[0].code]).toEqual([other.code, null, 'NOT_FOUND']);
      for (const file of ['receipt.pdf', 'apology.pdf']) {
        const printed = await fetch(`${t.url}/dossiers/${other.code}/${file}`, { headers: { authorization: `Bearer ${an}` } });
        expect([other.code, file, printed.status]).toEqual([other.code, file, 404]);
      }
    }
    const list = await t.gql(LIST, {}, { token: an });
    expect(list.body.errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(list.body.data).toBeNull();
    // Nothing of theirs leaked into the responses, and nothing was changed.
    const [{ n }] = await t.sql<{ n: string }>(`select count(*) as n from dossier_event where actor = $1 and dossier_id in (
      select id from dossier where applicant_citizen_id <> $1)`, [AN.citizenId]);
    expect(Number(n)).toBe(0);
  });

  test('a citizen reads, prints and acts on their own dossier', async () => {
    const own = mine.an[2]!; // received at the counter
    const read = dataOf(await t.gql(BY_CODE, { code: own.code }, { token: an })).dossier;
    expect(read).toMatchObject({ code: own.code, status: 'RECEIVED', applicant: { fullName: 'Nguyễn Văn An' } });
    expect(dataOf(await t.gql(BY_NODE, { id: own.id }, { token: an })).node.code).toBe(own.code);
    const receipt = await fetch(`${t.url}/dossiers/${own.code}/receipt.pdf`, { headers: { authorization: `Bearer ${an}` } });
    expect(receipt.status).toBe(200);
    const withdrawn = dataOf(await t.gql(ACT, { input: { dossierId: own.id, action: 'WITHDRAW', note: 'Không cần nữa' } }, { token: an })).actOnDossier;
    expect(withdrawn).toEqual({ dossier: { status: 'WITHDRAWN' }, userErrors: [] });
    const staffOnly = dataOf(await t.gql(ACT, { input: { dossierId: mine.an[0]!.id, action: 'ACCEPT' } }, { token: an })).actOnDossier;
    expect(staffOnly.userErrors[0].code).toBe('FORBIDDEN');
  });

  test('form data is personal data: staff of the unit see it, staff elsewhere do not', async () => {
    const code = mine.binh[0]!.code;
    const unitStaff = dataOf(await t.gql(BY_CODE, { code }, { token: officer })).dossier;
    expect(unitStaff.formData).toEqual(validFormData('1.001612', BINH));
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    const province = dataOf(await t.gql(BY_CODE, { code }, { token: provinceAdmin })).dossier;
    expect(province.formData).toBeNull();
    expect(province.applicant.fullName).toBe('T*** T** B***');
  });

  test('a citizen token must carry a citizen id as its subject', async () => {
    const forged = await new SignJWT({ role: 'CITIZEN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('admin')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const result = await t.gql(MY, {}, { token: forged });
    expect(result.status).toBe(401);
    expect(result.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
