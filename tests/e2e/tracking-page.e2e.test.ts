import { Role } from '../../src/domain/access/actor.js';
import { describeInBrowser, launchBrowser, type Browser } from '../support/browser.js';
import { TestClock } from '../support/clock.js';
import { dataOf, startTestApp, type TestApp } from '../support/test-app.js';

const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { userErrors { code } } }`;
const TRACK = `query($code: String!, $last4: String!) { trackDossier(code: $code, citizenIdLast4: $last4) { code } }`;
const applicant = { fullName: 'Nguyễn Văn An', citizenId: '051203001234', phone: '0912345678' };
const XSS_NOTE = `Thiếu giấy tờ <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & "ký tên"`;

describe('the public tracking page /track/{code}', () => {
  const clock = new TestClock('2026-03-02T09:00:00+07:00'); // a Monday
  let t: TestApp;
  let code: string;
  let blockedCode: string;

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    const officer = await t.token(Role.OFFICER, '21025', 'officer-1');
    const receive = async () => {
      const result = dataOf(
        await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '21025', channel: 'IN_PERSON', applicant } }, { token: officer }),
      ).receiveDossier;
      expect(result.userErrors).toEqual([]);
      return result.dossier as { id: string; code: string };
    };
    const dossier = await receive();
    code = dossier.code;
    clock.set('2026-03-02T10:15:00+07:00');
    const started = dataOf(await t.gql(ACT, { input: { dossierId: dossier.id, action: 'START_PROCESSING', note: XSS_NOTE } }, { token: officer }));
    expect(started.actOnDossier.userErrors).toEqual([]);
    blockedCode = (await receive()).code;
  });
  afterAll(() => t.stop());

  const post = (path: string, last4: string) =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `last4=${last4}` });

  test('GET shows the form in Vietnamese, with a strict CSP and no caching', async () => {
    const response = await fetch(`${t.url}/track/${code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-[^']+'; img-src data:; form-action 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('<label for="last4">');
    expect(page).not.toContain('Đang giải quyết');
  });

  test('everything from the dossier or the URL is escaped', async () => {
    const found = await post(`/track/${code}`, '1234');
    expect(found.status).toBe(200);
    const page = await found.text();
    expect(page).toContain('Thiếu giấy tờ &lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt; &amp; &quot;ký tên&quot;');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');

    const injected = await fetch(`${t.url}/track/${encodeURIComponent('"><script>alert(1)</script>')}`);
    const injectedPage = await injected.text();
    expect(injectedPage).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(injectedPage).not.toContain('<script');
  });

  test('wrong or malformed digits: 404 or 400 with a message, nothing of the dossier', async () => {
    const wrong = await post(`/track/${code}`, '9999');
    expect(wrong.status).toBe(404);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('Không tìm thấy hồ sơ');
    expect(wrongPage).not.toContain('Xác nhận tình trạng hôn nhân');
    const malformed = await post(`/track/${code}`, '12a4');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('Cần đúng 4 chữ số cuối của số định danh.');
  });

  describeInBrowser('in headless chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    test('a citizen on a phone enters the last 4 digits and reads status, due date and history', async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 360, height: 740 });
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      const response = await page.goto(`${t.url}/track/${code}`);
      expect(response!.status()).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      expect(await page.title()).toBe(`Tra cứu hồ sơ ${code}`);

      // The inline style is allowed by its CSP hash: the button is painted as designed.
      const button = page.getByRole('button', { name: 'Tra cứu' });
      expect(await page.evaluate(`getComputedStyle(document.querySelector('button')).backgroundColor`)).toBe('rgb(11, 79, 138)');

      // A wrong guess first.
      const input = page.getByLabel('4 chữ số cuối của số định danh cá nhân');
      await input.fill('9999');
      await Promise.all([page.waitForURL(`**/track/${code}`), button.click()]);
      await page.waitForSelector('[role="alert"]');
      expect(await page.getByRole('alert').textContent()).toContain('Không tìm thấy hồ sơ');
      expect(await page.getByLabel('4 chữ số cuối của số định danh cá nhân').getAttribute('aria-invalid')).toBe('true');

      // Then the right digits.
      await page.getByLabel('4 chữ số cuối của số định danh cá nhân').fill('1234');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tra cứu' }).click()]);
      await page.waitForSelector('#result-title');
      const section = page.locator('section[aria-labelledby="result-title"]');
      expect(await section.locator('.status').textContent()).toBe('Đang giải quyết');
      const text = (await section.textContent())!;
      expect(text).toContain('Hạn trả kết quả05/03/2026');
      expect(text).toContain('Xác nhận tình trạng hôn nhân');
      expect(text).toContain('N***** V** A* (số định danh ********1234)');
      const history = await section.locator('ol > li').allTextContents();
      expect(history).toEqual([
        '09:00 ngày 02/03/2026: Tiếp nhận hồ sơ. Trạng thái: Đã tiếp nhận.',
        `10:15 ngày 02/03/2026: Chuyển giải quyết. Trạng thái: Đang giải quyết. Ghi chú: ${XSS_NOTE}`,
      ]);
      expect(await section.locator('time').first().getAttribute('datetime')).toBe('2026-03-02T09:00:00+07:00');

      // The note's markup stayed text: nothing ran, nothing was inserted.
      expect(await page.evaluate('window.__pwned')).toBeUndefined();
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      // Mobile first: nothing wider than the phone's screen.
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      await page.close();
    });

    test('the page and trackDossier share one attempt limiter', async () => {
      // A new window (the limiter runs on the server's clock): earlier wrong guesses are forgotten.
      clock.set('2026-03-02T11:00:00+07:00');
      // Ten wrong guesses in all, nine through GraphQL and the tenth on the page, block everywhere.
      for (let i = 0; i < 9; i++) expect(dataOf(await t.gql(TRACK, { code: blockedCode, last4: '0000' })).trackDossier).toBeNull();
      const page = await browser.context.newPage();
      await page.goto(`${t.url}/track/${blockedCode}`);
      await page.getByLabel('4 chữ số cuối của số định danh cá nhân').fill('0001');
      await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Tra cứu' }).click()]);
      expect(await page.getByRole('alert').textContent()).toContain('Không tìm thấy hồ sơ');
      // Now even the right digits are refused, on the page and through GraphQL.
      await page.getByLabel('4 chữ số cuối của số định danh cá nhân').fill('1234');
      const [blocked] = await Promise.all([page.waitForResponse(`**/track/${blockedCode}`), page.getByRole('button', { name: 'Tra cứu' }).click()]);
      expect(blocked.status()).toBe(429);
      await page.waitForSelector('[role="alert"]');
      expect(await page.getByRole('alert').textContent()).toBe('Quá nhiều lần thử; vui lòng thử lại sau.');
      expect((await t.gql(TRACK, { code: blockedCode, last4: '1234' })).body.errors![0].extensions!.code).toBe('TOO_MANY_ATTEMPTS');
      await page.close();
    });
  });

  test('a burst of parallel wrong guesses gets no more tries than the limit; overlong codes are refused', async () => {
    clock.set('2026-03-02T12:00:00+07:00'); // a fresh window: earlier guesses are forgotten
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => t.gql(TRACK, { code, last4: String(5000 + i) })),
    );
    const refused = answers.filter((a) => a.body.errors?.[0]?.extensions?.code === 'TOO_MANY_ATTEMPTS');
    const answered = answers.filter((a) => a.body.data?.trackDossier === null && !a.body.errors);
    expect(answered).toHaveLength(10);
    expect(refused).toHaveLength(15);
    const long = await t.gql(TRACK, { code: 'x'.repeat(65), last4: '1234' });
    expect(long.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_DOSSIER_CODE' });
  });
});
