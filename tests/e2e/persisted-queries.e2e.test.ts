import { createHash } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';

const QUERY = `query ProcedureName($code: String!) { procedure(code: $code) { code name } }`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Automatic persisted queries (Apollo's protocol): hash first, the text only when the server asks. */
describe('automatic persisted queries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true });
  });
  afterAll(() => t.stop());

  async function post(body: Record<string, unknown>) {
    const response = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
  }
  const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

  test('hash only: PersistedQueryNotFound; hash and text: runs and is kept; then the hash alone runs', async () => {
    const hash = sha256(QUERY);
    const unknown = await post({ variables: { code: '1.001193' }, extensions: persisted(hash) });
    expect(unknown.body.errors![0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const registered = await post({ query: QUERY, variables: { code: '1.001193' }, extensions: persisted(hash) });
    expect(registered.body).toEqual({ data: { procedure: { code: '1.001193', name: 'Đăng ký khai sinh' } } });

    const byHash = await post({ variables: { code: '1.000656' }, extensions: persisted(hash) });
    expect(byHash.body).toEqual({ data: { procedure: { code: '1.000656', name: 'Đăng ký khai tử' } } });

    // Browsers can cache GET requests by hash (a CSRF-safe header is required for GET).
    const url = `${t.url}/graphql?variables=${encodeURIComponent(JSON.stringify({ code: '1.004873' }))}&extensions=${encodeURIComponent(JSON.stringify(persisted(hash)))}`;
    const viaGet = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await viaGet.json()).toEqual({ data: { procedure: { code: '1.004873', name: 'Xác nhận tình trạng hôn nhân' } } });
  });

  test('a text that does not match its hash is refused, and not stored under that hash', async () => {
    const hash = sha256('query { units { totalCount } }');
    const mismatch = await post({ query: QUERY, variables: { code: '1.001193' }, extensions: persisted(hash) });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors![0].extensions!.code).toBe('BAD_REQUEST');
    const after = await post({ extensions: persisted(hash) });
    expect(after.body.errors![0].extensions!.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  test('persisted queries still go through the cost limit', async () => {
    const costly = `{ units(first: 100) { nodes { children(first: 100) { nodes { children(first: 100) { nodes { code } } } } } } }`;
    const result = await post({ query: costly, extensions: persisted(sha256(costly)) });
    expect(result.body.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  test('the cache is bounded: past GRAPHQL_APQ_CACHE_MB the least recently used queries are forgotten', async () => {
    const small = await startTestApp({ env: { GRAPHQL_APQ_CACHE_MB: '1' } });
    try {
      const send = async (body: Record<string, unknown>) =>
        (await (await fetch(`${small.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
          data?: unknown;
          errors?: { extensions: { code: string } }[];
        };
      // Three queries of about 400 KB each (a long comment) cannot all fit in 1 MB.
      const queries = [1, 2, 3].map((n) => `# ${String(n).repeat(400_000)}\n{ __typename }`);
      for (const query of queries) expect((await send({ query, extensions: persisted(sha256(query)) })).data).toEqual({ __typename: 'Query' });
      expect((await send({ extensions: persisted(sha256(queries[0]!)) })).errors![0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await send({ extensions: persisted(sha256(queries[2]!)) })).data).toEqual({ __typename: 'Query' });
    } finally {
      await small.stop();
    }
  });

  test('GRAPHQL_APQ_CACHE_MB=0 turns them off', async () => {
    const off = await startTestApp({ env: { GRAPHQL_APQ_CACHE_MB: '0' } });
    try {
      const response = await fetch(`${off.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ extensions: persisted(sha256(QUERY)) }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    } finally {
      await off.stop();
    }
  });
});
