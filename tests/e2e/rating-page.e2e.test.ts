import { Role } from '../../src/domain/access/actor.js';
import { describeInBrowser, launchBrowser, type Browser } from '../support/browser.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The public rating page a one-time link opens (/danh-gia?token=...): the dossier it rates, a plain
 * form, the same refusals as rateDossier with their HTTP statuses, nothing written on a refusal.
 */
const FREE = '1.004222'; // Đăng ký thường trú
const CITIZEN_ID = '051203012345';
const NAME = 'Phạm Thị Hoa';
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { userErrors { code } } }`;
const DOSSIER = `query($code: String!) { dossier(code: $code) { rating { stars comment via } ratingLink { url usedAt } } }`;

let t: TestApp;
let officer: string;
const clock = new TestClock('2026-03-02T09:00:00+07:00');

beforeAll(async () => {
  t = await startTestApp({ catalog: true, clock, env: { RATING_LINK_TTL_DAYS: '30' } });
  officer = await t.token(Role.OFFICER, '21025', 'officer-1');
});
afterAll(() => t?.stop());

async function dossierUpTo(actions: string[]): Promise<{ id: string; code: string }> {
  const { receiveDossier } = dataOf(await t.gql(RECEIVE, {
    input: { unitCode: '21025', channel: 'IN_PERSON', procedureCode: FREE, applicant: { fullName: NAME, citizenId: CITIZEN_ID } },
  }, { token: officer }));
  for (const action of actions) {
    const { actOnDossier } = dataOf(await t.gql(ACT, {
      input: { dossierId: receiveDossier.dossier.id, action, ...(action === 'RESOLVE' ? { outcome: 'APPROVED' } : {}) },
    }, { token: officer }));
    expect(actOnDossier.userErrors).toEqual([]);
  }
  return receiveDossier.dossier;
}
/** A returned dossier and the path of its one-time link on this server. */
async function returnedWithLink(): Promise<{ code: string; token: string; path: string }> {
  const d = await dossierUpTo(['START_PROCESSING', 'RESOLVE', 'RETURN_RESULT']);
  const url = new URL(dataOf(await t.gql(DOSSIER, { code: d.code }, { token: officer })).dossier.ratingLink.url);
  return { code: d.code, token: url.searchParams.get('token')!, path: `${url.pathname}${url.search}` };
}
const post = (body: Record<string, string>) => fetch(`${t.url}/danh-gia`, {
  method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString(),
});
const ratings = async () => (await t.sql<{ n: number }>('select count(*)::int as n from dossier_rating'))[0]!.n;

test('GET shows the dossier and the form, with a strict CSP, no referrer and no caching; nothing personal', async () => {
  const link = await returnedWithLink();
  const response = await fetch(`${t.url}${link.path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; img-src data:; form-action 'self'/);
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const page = await response.text();
  expect(page).toContain('<html lang="vi">');
  expect(page).toContain(link.code);
  expect(page).toContain('Đăng ký thường trú');
  expect(page).toContain('01/04/2026'); // the link lives 30 days
  expect(page.match(/type="radio" name="stars"/g)).toHaveLength(5);
  expect(page).not.toContain(NAME);
  expect(page).not.toContain(CITIZEN_ID);
  expect(page).not.toContain('<script');
});

test('POST rates once through the link; the link is then spent', async () => {
  const link = await returnedWithLink();
  const before = await ratings();
  const done = await post({ token: link.token, stars: '4', comment: 'Nhanh <b>gọn</b>' });
  expect(done.status).toBe(200);
  expect(await done.text()).toContain(`Cảm ơn Ông/Bà đã đánh giá việc giải quyết hồ sơ ${link.code}`);
  expect(dataOf(await t.gql(DOSSIER, { code: link.code }, { token: officer })).dossier.rating).toEqual({ stars: 4, comment: 'Nhanh <b>gọn</b>', via: 'LINK' });
  expect(await ratings()).toBe(before + 1);

  const again = await post({ token: link.token, stars: '1' });
  expect(again.status).toBe(409);
  expect(await again.text()).toContain('Đường dẫn đánh giá đã được sử dụng.');
  const reopened = await fetch(`${t.url}${link.path}`);
  expect(reopened.status).toBe(409);
  expect(await ratings()).toBe(before + 1);
});

test('refusals: each with its status and message, the form kept as typed, nothing written', async () => {
  const link = await returnedWithLink();
  const before = await ratings();
  const noStar = await post({ token: link.token, comment: 'Chưa chọn sao' });
  expect(noStar.status).toBe(400);
  const noStarPage = await noStar.text();
  expect(noStarPage).toContain('Số sao đánh giá phải từ 1 đến 5.');
  expect(noStarPage).toContain('>Chưa chọn sao</textarea>');
  const tooLong = await post({ token: link.token, stars: '3', comment: 'x'.repeat(2001) });
  expect(tooLong.status).toBe(400);
  expect(await tooLong.text()).toMatch(/value="3" required checked/);
  const nul = await post({ token: link.token, stars: '3', comment: 'a\u0000b' });
  expect(nul.status).toBe(400);
  expect(await nul.text()).toContain('NUL');
  for (const token of ['not-a-token', '', '"><script>', 'x'.repeat(500)]) {
    const unknown = await fetch(`${t.url}/danh-gia?token=${encodeURIComponent(token)}`);
    expect(unknown.status).toBe(404);
    const text = await unknown.text();
    expect(text).toContain('Đường dẫn đánh giá không hợp lệ.');
    expect(text).not.toContain('<script>');
  }
  expect((await post({ token: 'not-a-token', stars: '5' })).status).toBe(404);

  clock.set('2026-04-02T09:00:00+07:00');
  try {
    const expired = await post({ token: link.token, stars: '5' });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Đường dẫn đánh giá đã hết hạn.');
  } finally {
    clock.set('2026-03-02T09:00:00+07:00');
  }
  expect(await ratings()).toBe(before);
});

describeInBrowser('in headless chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  test('a citizen on a phone picks the stars, writes a comment and sends it', async () => {
    const link = await returnedWithLink();
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    const response = await page.goto(`${t.url}${link.path}`);
    expect(response!.status()).toBe(200);
    expect(await page.title()).toBe('Đánh giá mức độ hài lòng');
    // The shared style is allowed by its CSP hash: the button is painted as designed.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('button')).backgroundColor`)).toBe('rgb(11, 79, 138)');
    await page.getByLabel('5 sao: Rất hài lòng').check();
    await page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn tận tình');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Gửi đánh giá' }).click()]);
    await page.waitForSelector('[role="status"]');
    expect(await page.getByRole('status').textContent()).toContain(link.code);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await page.close();
    expect(dataOf(await t.gql(DOSSIER, { code: link.code }, { token: officer })).dossier.rating).toMatchObject({ stars: 5, via: 'LINK' });
  });
});
