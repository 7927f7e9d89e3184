import { createHash } from 'node:crypto';
import { Role } from '../../src/domain/access/actor.js';
import { TestClock } from '../support/clock.js';
import { readPdf } from '../support/pdf.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Satisfaction end to end: the applicant rates the service once, after the result, logged in or
 * through the one-time link given at RETURN_RESULT (hashed at rest, single use, expiring); staff
 * answer comments; the per-unit report counts stars, average, share satisfied and feedback.
 */
const FREE = '1.004222'; // Đăng ký thường trú
const CITIZEN_ID = '051203012345';
const OTHER_CITIZEN = '051203054321';
const COMMENT = 'Cán bộ Lê Văn Tám hướng dẫn rất tận tình';
const PUBLIC = 'https://dichvucong.quangngai.test';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code } } }`;
const RATE = `mutation($input: RateDossierInput!) { rateDossier(input: $input) {
  dossierCode rating { stars comment via ratedAt reply handledAt } userErrors { code message field } } }`;
const HANDLE = `mutation($input: HandleFeedbackInput!) { handleFeedback(input: $input) { rating { reply handledAt } userErrors { code field } } }`;
const DOSSIER = `query($code: String!) { dossier(code: $code) { rating { stars comment reply handledAt } ratingLink { url expiresAt usedAt } } }`;
const SATISFACTION = `query($unitCode: String!, $from: Date!, $to: Date!) { satisfaction(unitCode: $unitCode, from: $from, to: $to) {
  unitCode ratings stars average satisfiedRate feedbackPending feedbackHandled } }`;

let t: TestApp;
let officer: string;
let citizen: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00');

beforeAll(async () => {
  t = await startTestApp({ catalog: true, clock, logLevel: 'debug', env: { PUBLIC_BASE_URL: PUBLIC, RATING_LINK_TTL_DAYS: '30' } });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
  citizen = await t.token(Role.CITIZEN, null, CITIZEN_ID);
});
afterAll(async () => {
  await t?.stop();
});

async function dossierUpTo(actions: string[]): Promise<{ id: string; code: string }> {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, {
    input: { unitCode: '21025', channel: 'IN_PERSON', procedureCode: FREE, applicant: { fullName: 'Phạm Thị Hoa', citizenId: CITIZEN_ID } },
  }, { token: officer }));
  for (const action of actions) {
    const { actOnDossier } = dataOf(await t.gql(ACT, {
      input: { dossierId: receiveDossier.dossier.id, action, ...(action === 'RESOLVE' ? { outcome: 'APPROVED' } : {}) },
    }, { token: officer }));
    expect(actOnDossier.userErrors).toEqual([]);
  }
  return receiveDossier.dossier;
}
async function rate(input: Record<string, unknown>, token?: string) {
  return dataOf(await t.gql(RATE, { input }, { token, headers: { 'accept-language': 'en' } })).rateDossier;
}
const ratingCount = async () => (await t.sql<{ n: number }>('select count(*)::int as n from dossier_rating'))[0]!.n;
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

describe('rating the service', () => {
  let resolved: { id: string; code: string };
  let returned: { id: string; code: string };

  test('the applicant rates once, after the result; before it, twice, or someone else\'s: refused, nothing written', async () => {
    resolved = await dossierUpTo(['START_PROCESSING']);
    expect((await rate({ dossierId: resolved.id, stars: 5 }, citizen)).userErrors[0].code).toBe('RATING_NOT_YET_ALLOWED');
    await t.gql(ACT, { input: { dossierId: resolved.id, action: 'RESOLVE', outcome: 'APPROVED' } }, { token: officer });

    for (const [stars, code] of [[0, 'RATING_STARS_INVALID'], [6, 'RATING_STARS_INVALID']] as const) {
      const refused = await rate({ dossierId: resolved.id, stars }, citizen);
      expect(refused.userErrors).toEqual([{ code, message: expect.any(String), field: ['input', 'stars'] }]);
    }
    const other = await rate({ dossierId: resolved.id, stars: 5 }, await t.token(Role.CITIZEN, null, OTHER_CITIZEN));
    expect(other.userErrors[0].code).toBe('NOT_FOUND');
    expect((await rate({ dossierId: resolved.id, stars: 5 }, officer)).userErrors[0].code).toBe('FORBIDDEN');
    expect((await t.gql(RATE, { input: { dossierId: resolved.id, stars: 5 } })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await ratingCount()).toBe(0);

    const ok = await rate({ dossierId: resolved.id, stars: 5, comment: COMMENT }, citizen);
    expect(ok).toMatchObject({ dossierCode: resolved.code, rating: { stars: 5, comment: COMMENT, via: 'CITIZEN', reply: null, handledAt: null }, userErrors: [] });
    const again = await rate({ dossierId: resolved.id, stars: 1 }, citizen);
    expect(again.userErrors[0].code).toBe('DOSSIER_ALREADY_RATED');
    expect(await ratingCount()).toBe(1);
    expect((await t.gql(DOSSIER, { code: resolved.code }, { token: officer })).body.data!.dossier.rating).toMatchObject({ stars: 5, comment: COMMENT });
  });

  test('the one-time link: made at RETURN_RESULT, shown to staff, hashed at rest, usable once', async () => {
    returned = await dossierUpTo(['START_PROCESSING', 'RESOLVE', 'RETURN_RESULT']);
    const { ratingLink } = dataOf(await t.gql(DOSSIER, { code: returned.code }, { token: officer })).dossier;
    expect(ratingLink.url.startsWith(`${PUBLIC}/danh-gia?token=`)).toBe(true);
    expect(ratingLink).toMatchObject({ expiresAt: '2026-04-01T09:00:00+07:00', usedAt: null });
    const token = tokenOf(ratingLink.url);
    // Printed with the result: the link as a QR code.
    const slip = await fetch(`${t.url}/dossiers/${returned.code}/rating.pdf`, { headers: { authorization: `Bearer ${officer}` } });
    expect(slip.status).toBe(200);
    expect((await readPdf(Buffer.from(await slip.arrayBuffer()))).qrCodes).toEqual([ratingLink.url]);
    const none = await fetch(`${t.url}/dossiers/${resolved.code}/rating.pdf`, { headers: { authorization: `Bearer ${officer}` } });
    expect({ status: none.status, code: ((await none.json()) as any).error.code }).toEqual({ status: 409, code: 'NO_RATING_LINK' });
    // The citizen does not see the link (it is for staff to hand over), and the database holds only its hash.
    expect((await t.gql(DOSSIER, { code: returned.code }, { token: citizen })).body.data!.dossier.ratingLink).toBeNull();
    const stored = await t.sql<{ row: string; token_sha256: string }>('select row_to_json(l)::text as row, token_sha256 from rating_link l');
    expect(stored.some((r) => r.row.includes(token))).toBe(false);
    expect(stored.map((r) => r.token_sha256)).toContain(createHash('sha256').update(token).digest('hex'));

    expect((await rate({ token: 'not-a-token', stars: 4 })).userErrors[0].code).toBe('RATING_LINK_INVALID');
    expect((await rate({ token, dossierId: returned.id, stars: 4 })).userErrors[0].code).toBe('RATING_TARGET_REQUIRED');
    const ok = await rate({ token, stars: 2, comment: 'Phải chờ lâu' });
    expect(ok).toMatchObject({ dossierCode: returned.code, rating: { stars: 2, via: 'LINK' }, userErrors: [] });
    expect((await rate({ token, stars: 5 })).userErrors[0].code).toBe('RATING_LINK_USED');
    expect((await t.gql(DOSSIER, { code: returned.code }, { token: officer })).body.data!.dossier.ratingLink.usedAt).not.toBeNull();
    expect(await ratingCount()).toBe(2);
  });

  test('an expired link is refused', async () => {
    const late = await dossierUpTo(['START_PROCESSING', 'RESOLVE', 'RETURN_RESULT']);
    const { ratingLink } = dataOf(await t.gql(DOSSIER, { code: late.code }, { token: officer })).dossier;
    clock.set('2026-04-02T09:00:00+07:00');
    try {
      expect((await rate({ token: tokenOf(ratingLink.url), stars: 4 })).userErrors[0].code).toBe('RATING_LINK_EXPIRED');
    } finally {
      clock.set('2026-03-02T09:00:00+07:00');
    }
    expect(await ratingCount()).toBe(2);
  });

  test('staff answer comments; the report counts stars, average, share satisfied and feedback by unit', async () => {
    const statistician = await t.token(Role.STATISTICIAN, '51', 'stat-51');
    const vars = { unitCode: '51', from: '2026-03-01', to: '2026-03-31' };
    const before = dataOf(await t.gql(SATISFACTION, vars, { token: statistician })).satisfaction;
    expect(before).toEqual({ unitCode: '51', ratings: 2, stars: [0, 1, 0, 0, 1], average: 3.5, satisfiedRate: 0.5, feedbackPending: 2, feedbackHandled: 0 });

    const FEEDBACK = `query($unitCode: String!, $handled: Boolean) { feedback(unitCode: $unitCode, handled: $handled, first: 10) {
      totalCount nodes { stars comment handledAt dossier { code } } } }`;
    const pending = dataOf(await t.gql(FEEDBACK, { unitCode: '21025', handled: false }, { token: officer })).feedback;
    expect(pending.totalCount).toBe(2);
    expect(pending.nodes).toEqual([
      { stars: 2, comment: 'Phải chờ lâu', handledAt: null, dossier: { code: returned.code } },
      { stars: 5, comment: COMMENT, handledAt: null, dossier: { code: resolved.code } },
    ]);
    const provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51', 'admin-51');
    expect(dataOf(await t.gql(FEEDBACK, { unitCode: '51' }, { token: provinceAdmin })).feedback.nodes.map((n: { comment: string | null }) => n.comment))
      .toEqual([null, null]);
    expect((await t.gql(FEEDBACK, { unitCode: '51' }, { token: statistician })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    expect(dataOf(await t.gql(HANDLE, { input: { dossierId: resolved.id, reply: '  ' } }, { token: officer })).handleFeedback.userErrors[0].code)
      .toBe('REPLY_REQUIRED');
    const handled = dataOf(await t.gql(HANDLE, { input: { dossierId: resolved.id, reply: 'Cảm ơn ông/bà đã góp ý.' } }, { token: officer })).handleFeedback;
    expect(handled).toMatchObject({ rating: { reply: 'Cảm ơn ông/bà đã góp ý.', handledAt: '2026-03-02T09:00:00+07:00' }, userErrors: [] });
    const twice = dataOf(await t.gql(HANDLE, { input: { dossierId: resolved.id, reply: 'Lần hai' } }, { token: officer })).handleFeedback;
    expect(twice.userErrors[0].code).toBe('FEEDBACK_ALREADY_HANDLED');
    const other = await t.token(Role.OFFICER, '21028', 'officer-other');
    expect(dataOf(await t.gql(HANDLE, { input: { dossierId: returned.id, reply: 'x' } }, { token: other })).handleFeedback.userErrors[0].code).toBe('FORBIDDEN');

    expect(dataOf(await t.gql(FEEDBACK, { unitCode: '21025', handled: false }, { token: officer })).feedback.totalCount).toBe(1);
    expect(dataOf(await t.gql(FEEDBACK, { unitCode: '21025', handled: true }, { token: officer })).feedback.nodes[0].dossier.code).toBe(resolved.code);
    const after = dataOf(await t.gql(SATISFACTION, vars, { token: statistician })).satisfaction;
    expect(after).toMatchObject({ ratings: 2, feedbackPending: 1, feedbackHandled: 1 });
    expect(dataOf(await t.gql(SATISFACTION, { ...vars, unitCode: '21028' }, { token: statistician })).satisfaction)
      .toMatchObject({ ratings: 0, average: null, satisfiedRate: null });
    expect((await t.gql(SATISFACTION, vars, { token: officer })).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.gql(SATISFACTION, { ...vars, from: '2026-04-01' }, { token: statistician })).body.errors?.[0]?.extensions?.code).toBe('INVALID_PERIOD');

    // The province's statistician is not staff of the unit: stars yes, the citizen's words no.
    expect(dataOf(await t.gql(DOSSIER, { code: resolved.code }, { token: statistician })).dossier.rating).toEqual({ stars: 5, comment: null, reply: null, handledAt: expect.any(String) });
    expect(t.logs.join('\n')).not.toContain(COMMENT);
    expect(t.logs.join('\n')).not.toContain('Phải chờ lâu');
  });
});
