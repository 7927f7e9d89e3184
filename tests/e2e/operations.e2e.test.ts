import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { TokenVerifier } from '../../src/auth/tokens.js';
import { Role } from '../../src/domain/access/actor.js';
import { foldForSearch } from '../../src/domain/text/search-text.js';
import { TestClock } from '../support/clock.js';
import { validFormData } from '../support/form-data.js';
import { dataOf, startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app.js';

/** Health checks, personal data kept out of the logs, and `npm run token`. */
const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { dossier { id code } userErrors { code } } }`;
const ACT = `mutation($input: DossierActionInput!) { actOnDossier(input: $input) { dossier { status } userErrors { code } } }`;

const person = { fullName: 'Hoàng Thị Mỹ Duyên', citizenId: '051190765432', phone: '0987654321' };

describe('operations', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, logLevel: 'trace', clock: new TestClock('2026-04-06T09:00:00+07:00') });
  });
  afterAll(() => t.stop());

  test('/healthz says the process is up; /readyz checks the database and the job queue', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true, jobQueue: true } });
    const unknown = await fetch(`${t.url}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  test('a process without workers still has the job queue for what it enqueues (reconciliation follow-ups)', async () => {
    const admin = await t.token(Role.SYSTEM_ADMIN);
    const { reconciliationSchedule } = dataOf(await t.gql(`{ reconciliationSchedule { enabled nextRunAt } }`, {}, { token: admin }));
    expect(reconciliationSchedule).toEqual({ enabled: true, nextRunAt: '2026-04-07T01:30:00+07:00' });
  });

  test('no log line holds a citizen id, a name or a phone in clear, even at trace level and on errors', async () => {
    const officer = await t.token(Role.OFFICER, '25123');
    // An e-form full of personal data (household business: owner's name, id and phone), then the same with a bad field.
    const formData = validFormData('1.001612', person)!;
    const receive = (data: Record<string, unknown>) =>
      t.gql(RECEIVE, { input: { procedureCode: '1.001612', unitCode: '25123', channel: 'IN_PERSON', applicant: person, formData: data } }, { token: officer });
    const received = dataOf(await receive(formData));
    const { id, code } = received.receiveDossier.dossier;
    expect(dataOf(await receive({ ...formData, phone: `${person.phone}x` })).receiveDossier.userErrors[0].code).toBe('FORM_INVALID');
    await t.gql(ACT, { input: { dossierId: id, action: 'START_PROCESSING', note: `Gọi ${person.phone} cho ${person.fullName}` } }, { token: officer });
    // Failures on the way: a bad id shape, an unparseable query quoting the data, an invalid token, a tracking look-up.
    await t.gql(RECEIVE, { input: { procedureCode: '1.004873', unitCode: '25123', channel: 'IN_PERSON', applicant: { ...person, citizenId: `${person.citizenId}9` } } }, { token: officer });
    await t.gql(`{ dossier(code: "${person.citizenId}") { code } `, {}, { token: officer });
    await t.gql(`{ dossiers(filter: {search: "${person.fullName} ${person.phone}"}) { totalCount } }`, {}, { token: officer });
    await t.gql(`{ units { totalCount } }`, {}, { token: `${person.citizenId}.not.a.token` });
    await t.gql(`{ trackDossier(code: "${code}", citizenIdLast4: "5432") { status } }`);
    await fetch(`${t.url}/track-${person.citizenId}?phone=${person.phone}`);
    // The printed receipt and the public tracking page.
    expect((await fetch(`${t.url}/dossiers/${code}/receipt.pdf`, { headers: { authorization: `Bearer ${officer}` } })).status).toBe(200);
    const tracked = await fetch(`${t.url}/track/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'last4=5432' });
    expect(tracked.status).toBe(200);

    expect(t.logs.length).toBeGreaterThan(5);
    const text = t.logs.join('\n');
    const folded = foldForSearch(text);
    expect(text).not.toContain(person.citizenId);
    expect(text).not.toContain(person.phone);
    expect(text).not.toContain(person.phone.slice(1)); // 987654321, as in +84987654321
    expect(text).not.toContain(person.fullName);
    expect(folded).not.toContain(foldForSearch(person.fullName));
    expect(folded).not.toContain('my duyen');
  });

  test('a token must expire, within the maximum lifetime (AUTH_TOKEN_MAX_TTL_HOURS, 30 days by default)', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const mint = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({ role: 'OFFICER', unit: '25123' }).setProtectedHeader({ alg: 'HS256' }).setSubject('officer-9')).sign(key);
    const query = `{ dossiers { totalCount } }`;
    const cases: Array<[string, string, RegExp]> = [
      ['without exp', await mint((j) => j.setIssuedAt()), /without exp/],
      ['without exp nor iat', await mint((j) => j), /without exp/],
      ['valid for a year', await mint((j) => j.setIssuedAt().setExpirationTime('365d')), /lifetime/],
      ['valid for a year, without iat', await mint((j) => j.setExpirationTime('365d')), /lifetime/],
    ];
    for (const [, token, message] of cases) {
      const refused = await t.gql(query, {}, { token });
      expect(refused.status).toBe(401);
      expect(refused.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(refused.body.errors![0]!.message).toMatch(message);
    }
    const accepted = await mint((j) => j.setIssuedAt().setExpirationTime('29d'));
    expect(dataOf(await t.gql(query, {}, { token: accepted })).dossiers.totalCount).toBeGreaterThanOrEqual(0);
    await expect(new TokenVerifier(TEST_JWT_SECRET, 3600).verify(accepted)).rejects.toThrow(/lifetime/);
  });

  test('`npm run token` mints a token the server accepts, with the role and unit asked for', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli/token.ts', '--role', 'OFFICER', '--unit', '25123', '--sub', 'officer-7'], {
      env: { ...process.env, NODE_OPTIONS: '', AUTH_JWT_SECRET: TEST_JWT_SECRET },
    });
    const token = stdout.trim();
    expect(await new TokenVerifier(TEST_JWT_SECRET).verify(token)).toEqual({ sub: 'officer-7', role: Role.OFFICER, unitCode: '25123' });
    expect(dataOf(await t.gql(`{ dossiers { totalCount } }`, {}, { token })).dossiers.totalCount).toBeGreaterThan(0);
    const refused = await run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli/token.ts', '--role', 'OFFICER'], {
      env: { ...process.env, NODE_OPTIONS: '', AUTH_JWT_SECRET: TEST_JWT_SECRET },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/--unit/);
    const tooLong = await run(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/cli/token.ts', '--role', 'SYSTEM_ADMIN', '--ttl', '400d'], {
      env: { ...process.env, NODE_OPTIONS: '', AUTH_JWT_SECRET: TEST_JWT_SECRET },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(tooLong).toMatchObject({ code: 2 });
    expect((tooLong as { stderr: string }).stderr).toMatch(/maximum token lifetime/);
  });
});
