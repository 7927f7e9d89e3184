import { loadConfig } from '../../src/config.js';
import { describeInBrowser, launchBrowser, type Browser } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('the GraphQL IDE, served offline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true });
  });
  afterAll(() => t.stop());

  test('GET /graphiql and a browser’s GET /graphql give the IDE; its assets come from this server', async () => {
    const page = await fetch(`${t.url}/graphiql`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const body = await page.text();
    const sources = [...body.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual([
      '/graphiql/assets/graphiql.min.css',
      '/graphiql/assets/react.production.min.js',
      '/graphiql/assets/react-dom.production.min.js',
      '/graphiql/assets/graphiql.min.js',
      '/graphiql/assets/init.js',
    ]);
    for (const source of sources) {
      const asset = await fetch(`${t.url}${source}`);
      expect([source, asset.status]).toEqual([source, 200]);
      expect(asset.headers.get('content-type')).toMatch(source!.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }

    const negotiated = await fetch(`${t.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(negotiated.status).toBe(200);
    expect(negotiated.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await negotiated.text()).toBe(body);
  });

  test('nothing but the listed assets is served', async () => {
    for (const path of ['/graphiql/assets/package.json', '/graphiql/assets/..%2Fpackage.json', '/graphiql/assets/../../package.json']) {
      expect([path, (await fetch(`${t.url}${path}`)).status]).toEqual([path, 404]);
    }
  });

  test('GraphQL clients still get GraphQL at /graphql', async () => {
    const response = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ procedure(code: "1.001193") { name } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { procedure: { name: 'Đăng ký khai sinh' } } });
  });

  test('on by default outside production, off in production, GRAPHQL_IDE overrides', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/motcua-ide-config' };
    expect(loadConfig({ ...secret, NODE_ENV: 'development' }).graphqlIde).toBe(true);
    expect(loadConfig({ ...secret, NODE_ENV: 'production' }).graphqlIde).toBe(false);
    expect(loadConfig({ ...secret, NODE_ENV: 'production', GRAPHQL_IDE: '1' }).graphqlIde).toBe(true);
    expect(loadConfig({ ...secret, NODE_ENV: 'development', GRAPHQL_IDE: 'off' }).graphqlIde).toBe(false);
  });

  test('disabled: no IDE anywhere', async () => {
    const off = await startTestApp({ env: { GRAPHQL_IDE: '0' } });
    try {
      expect((await fetch(`${off.url}/graphiql`)).status).toBe(404);
      expect((await fetch(`${off.url}/graphiql/assets/graphiql.min.js`)).status).toBe(404);
      const negotiated = await fetch(`${off.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
      expect(negotiated.headers.get('content-type')).not.toMatch(/^text\/html/);
    } finally {
      await off.stop();
    }
  });

  describeInBrowser('in headless chromium with no internet', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(() => browser?.close());

    test('the IDE loads from this server alone and runs a query', async () => {
      const page = await browser.context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      const response = await page.goto(`${t.url}/graphql`);
      expect(response!.status()).toBe(200);
      await page.waitForSelector('.graphiql-container');
      await page.waitForSelector('.graphiql-execute-button');

      const [result] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${t.url}/graphql` && r.request().method() === 'POST'),
        page.click('.graphiql-execute-button'),
      ]);
      expect(result.status()).toBe(200);
      await page.waitForFunction(`(document.querySelector('.result-window') || {}).textContent?.includes('1.001193')`);

      const external = requests.filter((url) => !url.startsWith(`${t.url}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
      expect(external).toEqual([]);
      expect(requests.length).toBeGreaterThanOrEqual(5);
      expect(errors).toEqual([]);
      await page.close();
    });
  });
});
