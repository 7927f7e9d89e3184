import { Role } from '../../src/domain/access/actor.js';
import { UnitKind } from '../../src/domain/unit/unit-kind.js';
import { describeInBrowser, launchBrowser, type Browser } from '../support/browser.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/** The provincial dashboard: GET /dashboard, its assets, and /dashboard/data.json. */
const PROVINCE = '51';
const A = '21211';
const B = '25400';
const applicant = { fullName: 'Đỗ Thị Lan', citizenId: '051192003579', phone: '0982333444' };
const at = (local: string) => `${local}:00+07:00`;
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { userErrors { code } } }`;
const STATISTICS = `query($unitCode: String!, $from: Date!, $to: Date!, $groupBy: StatisticsGrouping) {
  statistics(unitCode: $unitCode, from: $from, to: $to, groupBy: $groupBy) {
    key received receivedOnline resolved resolvedEarly resolvedOnTime resolvedLate inProgressOverdue onTimeRate onlineRate progressScore
  }
}`;

describe('provincial dashboard', () => {
  const clock = new TestClock(at('2026-02-02T09:00'));
  let t: TestApp;
  let statistician: string;

  async function data(query: Record<string, string>, token?: string) {
    const response = await fetch(`${t.url}/dashboard/data.json?${new URLSearchParams(query)}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { response, body: (await response.json()) as Record<string, any> };
  }

  beforeAll(async () => {
    t = await startTestApp({ clock, catalog: true });
    statistician = await t.token(Role.STATISTICIAN, PROVINCE);
    await t.app.services.units.upsert(ADMIN, [{ code: B, name: 'Xã An Hải, Lý Sơn', kind: UnitKind.COMMUNE, parentCode: PROVINCE }]);
    const receive = async (unitCode: string, procedureCode: string, channel: string) => {
      const token = await t.token(Role.OFFICER, unitCode);
      const formData = procedureCode === '1.004873' ? validFormData(procedureCode, applicant, clock.now()) : undefined;
      const result = dataOf(await t.gql(RECEIVE, { input: { procedureCode, unitCode, channel, applicant, formData } }, { token }));
      expect(result.receiveDossier.userErrors).toEqual([]);
      return { id: result.receiveDossier.dossier.id as string, token };
    };
    const act = async (d: { id: string; token: string }, action: string, extra: Record<string, unknown> = {}) => {
      const result = dataOf(await t.gql(ACT, { input: { dossierId: d.id, action, ...extra } }, { token: d.token }));
      expect(result.actOnDossier.userErrors).toEqual([]);
    };
    // 02-02: one in person at A (3 working days, due 02-05) resolved early on 02-03, one at B resolved late on 02-10.
    const early = await receive(A, '1.004873', 'IN_PERSON');
    const late = await receive(B, '1.004873', 'IN_PERSON');
    clock.set(at('2026-02-03T10:00'));
    await act(early, 'RESOLVE', { outcome: 'APPROVED' });
    clock.set(at('2026-02-10T10:00'));
    await act(late, 'RESOLVE', { outcome: 'APPROVED' });
    // 03-02: one online at A (5 working days), accepted and still open, overdue by 03-20.
    clock.set(at('2026-03-02T09:00'));
    const open = await receive(A, '1.004884', 'ONLINE');
    clock.set(at('2026-03-02T10:00'));
    await act(open, 'ACCEPT');
    clock.set(at('2026-03-20T09:00'));
  });
  afterAll(() => t.stop());
  afterEach(() => { const bad = t.logs.filter((l) => l.includes('unexpected')); if (bad.length) console.log(bad.join('\n')); });

  test('the figures of the last twelve months of the token\'s unit, the same as Query.statistics', async () => {
    const { response, body } = await data({}, statistician);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.unit.code).toBe(PROVINCE);
    expect([body.from, body.to]).toEqual(['2025-04-01', '2026-03-20']);
    expect(body.summary).toMatchObject({
      received: 3, receivedOnline: 1, resolved: 2, resolvedEarly: 1, resolvedOnTime: 0, resolvedLate: 1,
      inProgress: 1, inProgressOverdue: 1, onTimeRate: 0.5, onlineRate: 1 / 3, progressScore: 1 / 3,
    });
    // The other indicators of Decision 766: the late resolution had no reason recorded; no fee, no rating yet.
    expect(body.index).toMatchObject({
      apologies: 0, lateReasons: [{ reason: null, count: 1 }], paymentsOnline: 0, paymentsCash: 0, onlinePaymentRate: null,
      ratings: 0, satisfiedRate: null, averageStars: null, resolutionsTimed: 2,
    });
    const [indicators] = dataOf(await t.gql(`query($unitCode: String!, $from: Date!, $to: Date!) { serviceIndex(unitCode: $unitCode, from: $from, to: $to) {
      averageResolutionDays averageResolutionWorkingDays proceduresOfferedOnline proceduresUsedOnline onlineUseRate } }`,
    { unitCode: PROVINCE, from: body.from, to: body.to }, { token: statistician })).serviceIndex;
    expect(body.index).toMatchObject(indicators);
    expect(indicators.proceduresUsedOnline).toBe(1);
    // Twelve months, the dossiers in February and March.
    expect(body.trend.map((m: { month: string }) => m.month)).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    expect(body.trend.at(-2)).toEqual({ month: '2026-02', received: 2, receivedOnline: 0, resolved: 2, resolvedLate: 1, onTimeRate: 0.5, onlineRate: 0, progressScore: 0.5 });
    expect(body.trend.at(-1)).toMatchObject({ month: '2026-03', received: 1, resolved: 0, onTimeRate: null, progressScore: 0 });
    // Ranked: A (1 early of 2) before B (1 late of 1); the units with no dossier are counted, not ranked.
    expect(body.units.map((u: { code: string; progressScore: number }) => [u.code, u.progressScore])).toEqual([[A, 0.5], [B, 0]]);
    expect(body.unitsWithoutDossiers).toBeGreaterThan(0);
    // Late by field: the late resolution and the overdue open dossier, each in its procedure's field.
    const late = body.lateByField as Array<{ code: string; name: string; late: number; resolvedLate: number; inProgressOverdue: number }>;
    expect(late.reduce((n, f) => n + f.resolvedLate, 0)).toBe(1);
    expect(late.reduce((n, f) => n + f.inProgressOverdue, 0)).toBe(1);
    expect(late.every((f) => f.name && f.late === f.resolvedLate + f.inProgressOverdue)).toBe(true);

    // The API says the same.
    const rows = async (groupBy: string) => dataOf(await t.gql(STATISTICS, { unitCode: PROVINCE, from: body.from, to: body.to, groupBy }, { token: statistician })).statistics;
    const [{ key: _key, ...all }] = await rows('NONE');
    expect(body.summary).toMatchObject(all);
    const byMonth = await rows('MONTH');
    expect(body.trend.map((m: { month: string; progressScore: number }) => [m.month, m.progressScore])).toEqual(byMonth.map((r: { key: string; progressScore: number }) => [r.key, r.progressScore]));
    const byField = await rows('FIELD');
    expect(late.map((f) => f.code).sort()).toEqual(byField.filter((r: { resolvedLate: number; inProgressOverdue: number }) => r.resolvedLate + r.inProgressOverdue > 0).map((r: { key: string }) => r.key).sort());
  });

  test('another unit and period when asked, within the token\'s scope', async () => {
    const { response, body } = await data({ unitCode: A, from: '2026-03-01', to: '2026-03-31' }, statistician);
    expect(response.status).toBe(200);
    expect(body.unit.code).toBe(A);
    expect(body.summary).toMatchObject({ received: 1, carriedOver: 0, resolved: 0, inProgressOverdue: 1 });
    expect(body.units.map((u: { code: string }) => u.code)).toEqual([A]);
  });

  test('refusals: coded, in the plain routes\' shape, nothing else said', async () => {
    const none = await data({});
    expect(none.response.status).toBe(401);
    expect(none.response.headers.get('www-authenticate')).toBe('Bearer');
    expect(none.body.error.code).toBe('UNAUTHENTICATED');
    const forged = await data({}, 'not-a-token');
    expect(forged.response.status).toBe(401);

    const commune = await t.token(Role.LEADER, A);
    expect((await data({}, await t.token(Role.OFFICER, A))).body.error.code).toBe('FORBIDDEN');
    const outside = await data({ unitCode: PROVINCE }, commune);
    expect(outside.response.status).toBe(403);
    expect(outside.body.error.code).toBe('FORBIDDEN');
    const citizen = await t.token(Role.CITIZEN, null, applicant.citizenId);
    expect((await data({}, citizen)).response.status).toBe(403);

    const unknown = await data({ unitCode: '99999' }, await t.token(Role.SYSTEM_ADMIN, null));
    expect(unknown.response.status).toBe(404);
    const noUnit = await data({}, await t.token(Role.SYSTEM_ADMIN, null));
    expect(noUnit.response.status).toBe(400);
    expect(noUnit.body.error).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PARAMETER_REQUIRED' });

    const badDate = await data({ from: '2026-02-30' }, statistician);
    expect(badDate.response.status).toBe(400);
    expect(badDate.body.error.code).toBe('INVALID_DATE');
    const reversed = await data({ from: '2026-03-10', to: '2026-03-01' }, statistician);
    expect(reversed.body.error).toMatchObject({ code: 'INVALID_PERIOD', reason: 'PERIOD_END_BEFORE_START' });
  });

  test('the page is a shell with no figures, its files come from this server', async () => {
    const page = await fetch(`${t.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const text = await page.text();
    expect(text).toContain('<html lang="vi">');
    expect(text).toContain('src="/dashboard/assets/chart.umd.min.js"');
    expect(text).not.toContain('Xã Tịnh Khê');

    const chart = await fetch(`${t.url}/dashboard/assets/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chart.text()).toContain('Chart.js v4');
    expect((await fetch(`${t.url}/dashboard/assets/dashboard.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${t.url}/dashboard/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/dashboard/assets/other.js`)).status).toBe(404);
  });

  describeInBrowser('in headless chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    async function openPage(width: number) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height: 800 });
      const problems: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => { if (!r.url().startsWith(t.url)) problems.push(`request to ${r.url()}`); });
      return { page, problems };
    }

    test('on a phone, a link with the token shows the cards, the three charts and the ranking', async () => {
      const { page, problems } = await openPage(360);
      await page.goto(`${t.url}/dashboard#token=${statistician}`);
      await page.waitForSelector('body[data-state="ready"]');
      // The token left the address bar (and stays in this tab only).
      expect(page.url()).toBe(`${t.url}/dashboard`);
      expect(await page.textContent('#title')).toBe('Chỉ số phục vụ: Tỉnh Quảng Ngãi');
      expect(await page.textContent('#card-received')).toBe('3');
      expect(await page.textContent('#card-onTimeRate')).toBe('50%');
      expect(await page.textContent('#card-progressScore')).toBe('33,3%');
      expect(await page.textContent('#card-inProgressOverdue')).toBe('1');
      expect(await page.textContent('#index-apologies')).toBe('0');
      expect(await page.textContent('#index-satisfiedRate')).toBe('–');
      expect(await page.textContent('#index-averageResolutionWorkingDays')).toMatch(/^\d+(,\d)? ngày làm việc$/);
      expect(await page.textContent('#index-late-reasons')).toBe('Hồ sơ trễ hạn theo lý do: chưa ghi lý do: 1.');
      // Chart.js drew each chart on its canvas.
      for (const id of ['trend-chart', 'units-chart', 'fields-chart']) {
        expect(await page.evaluate(`Chart.getChart('${id}') !== undefined`)).toBe(true);
        expect(await page.evaluate(`document.getElementById('${id}').width > 0`)).toBe(true);
      }
      expect(await page.evaluate(`Chart.getChart('units-chart').data.labels`)).toEqual(['Xã Tịnh Khê', 'Xã An Hải, Lý Sơn']);
      expect(await page.locator('#units-table tbody tr').count()).toBe(2);
      expect(await page.locator('#trend-table tbody tr').count()).toBe(12);
      // Usable on a phone: nothing wider than the screen. No script or style refused, nothing fetched elsewhere.
      expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
      expect(problems).toEqual([]);

      // Another period through the form.
      await page.fill('#filter-from', '2026-03-01');
      await page.fill('#filter-to', '2026-03-31');
      await Promise.all([page.waitForURL('**/dashboard?**'), page.click('#filters button[type="submit"]')]);
      await page.waitForSelector('body[data-state="ready"]');
      expect(await page.textContent('#card-received')).toBe('1');
      expect(await page.textContent('#period')).toContain('Từ 01/03/2026 đến 31/03/2026');
      await page.close();
    });

    test('without a token it asks for one; a bad one is refused and asked again; out of scope says so', async () => {
      const { page, problems } = await openPage(1280);
      await page.goto(`${t.url}/dashboard`);
      await page.waitForSelector('#signin:not([hidden])');
      await page.fill('#token', 'not-a-token');
      await page.click('#signin button');
      await page.waitForSelector('#alert:not([hidden])');
      expect(await page.isVisible('#signin')).toBe(true);
      expect(await page.isVisible('#content')).toBe(false);

      await page.fill('#token', await t.token(Role.LEADER, A));
      await page.click('#signin button');
      await page.waitForSelector('body[data-state="ready"]');
      expect(await page.textContent('#title')).toBe('Chỉ số phục vụ: Xã Tịnh Khê');

      await page.goto(`${t.url}/dashboard?unitCode=${PROVINCE}`);
      await page.waitForSelector('body[data-state="refused"]');
      expect(await page.textContent('#alert')).not.toBe('');
      expect(await page.isVisible('#filters')).toBe(true);
      // 401 and 403 answers are logged by the browser as failed loads; nothing else went wrong.
      expect(problems.filter((p) => !p.includes('status of 40'))).toEqual([]);
      await page.close();
    });
  });
});
