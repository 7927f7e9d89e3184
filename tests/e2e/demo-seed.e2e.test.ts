import { readFileSync } from 'node:fs';
import { seedDemoData } from '../../src/db/seed/seed.js';
import { Role } from '../../src/domain/access/actor.js';
import { DossierStatus, Timeliness } from '../../src/domain/vocabulary/dossier-enums.js';
import { createLogger } from '../../src/logger.js';
import { startSimulators, type RunningSimulators } from '../../simulators/index.js';
import { TestClock } from '../support/clock.js';
import { simulatorEnv } from '../support/connector-env.js';
import { startTestApp, type GraphQLResult, type TestApp } from '../support/test-app.js';

/** The demo province that `npm start` seeds on the embedded default: enough to try every screen. */
describe('demo data', () => {
  let t: TestApp;
  let sims: RunningSimulators;
  beforeAll(async () => {
    // As on the embedded default, the connectors talk to the simulators.
    sims = await startSimulators({ env: {} });
    // As `npm start` does: the real units are applied first, then the demo is seeded on top of them.
    t = await startTestApp({ clock: new TestClock('2026-11-25T10:00:00+07:00'), env: simulatorEnv(sims), referenceUnits: true });
  });
  afterAll(async () => {
    await t.stop();
    await sims.stop();
  });

  test('a province with communes, 20+ real procedures and 500+ dossiers of the last 90 days in every status and timeliness', async () => {
    expect(await seedDemoData(t.app.services, createLogger({ level: 'silent' }))).toBe(true);

    const [units] = await t.sql<{ communes: string }>(`select count(*) as communes from administrative_unit c join administrative_unit p on p.id = c.parent_id where p.code = '51'`);
    expect(Number(units!.communes)).toBeGreaterThanOrEqual(3);
    const [procedures] = await t.sql<{ n: string }>(`select count(*) as n from procedure`);
    expect(Number(procedures!.n)).toBeGreaterThanOrEqual(20);

    const [dossiers] = await t.sql<{ n: string; oldest: Date; newest: Date }>(`select count(*) as n, min(filed_at) as oldest, max(filed_at) as newest from dossier`);
    expect(Number(dossiers!.n)).toBeGreaterThanOrEqual(500);
    expect(dossiers!.oldest.getTime()).toBeGreaterThanOrEqual(new Date('2026-08-27T00:00:00+07:00').getTime());
    expect(dossiers!.newest.getTime()).toBeLessThanOrEqual(new Date('2026-11-25T10:00:00+07:00').getTime());

    const statuses = (await t.sql<{ status: string }>(`select distinct status from dossier`)).map((r) => r.status).sort();
    expect(statuses).toEqual(Object.values(DossierStatus).sort());
    const channels = (await t.sql<{ channel: string }>(`select distinct channel from dossier`)).map((r) => r.channel).sort();
    expect(channels).toEqual(['IN_PERSON', 'ONLINE', 'POSTAL']);

    // Every timeliness appears, as the API computes it.
    const admin = await t.token(Role.SYSTEM_ADMIN);
    const seen = new Set<string>();
    let after: string | null = null;
    do {
      const page: any = (await t.gql(`query($after: String) { dossiers(first: 100, after: $after) { nodes { timeliness } pageInfo { hasNextPage endCursor } } }`, { after }, { token: admin })).body.data!.dossiers;
      page.nodes.forEach((n: { timeliness: string }) => seen.add(n.timeliness));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect([...seen].sort()).toEqual(Object.values(Timeliness).sort());

    // Seeding twice does nothing.
    expect(await seedDemoData(t.app.services, createLogger({ level: 'silent' }))).toBe(false);
  });

  /**
   * Every GraphQL example of the README, in order, with the token its `<!-- example: ROLE UNIT -->`
   * marker names, against the demo data: none may answer an error, a userError, or nothing (a
   * null or an empty list at the top). Variables (`$id`, `$code`) come from the dossier the
   * examples received earlier.
   */
  test('the README examples work as written', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const examples = [...readme.matchAll(/<!-- example: (\w+)(?: (\d+))? -->\n```graphql\n([\s\S]*?)```/g)];
    expect(examples.length).toBeGreaterThanOrEqual(6);
    let received: { id: string; code: string } | null = null;
    for (const [, who, unit, query] of examples) {
      // For a CITIZEN the number is the citizen id (the token's sub), for staff the unit code.
      const token =
        who === 'public' ? undefined : who === Role.CITIZEN ? await t.token(Role.CITIZEN, null, unit) : await t.token(who as Role, unit ?? null);
      const result: GraphQLResult = await t.gql(query!, { id: received?.id, code: received?.code }, { token });
      expect({ query, errors: result.body.errors }).toEqual({ query, errors: undefined });
      const text = JSON.stringify(result.body.data);
      expect({ query, userErrors: text.match(/"userErrors":\[[^\]]+\]/g) }).toEqual({ query, userErrors: null });
      expect({ query, importErrors: text.match(/"errors":\[[^\]]+\]/g) }).toEqual({ query, importErrors: null });
      const empty = Object.entries(result.body.data ?? {}).filter(([, v]) => v === null || (Array.isArray(v) && v.length === 0));
      expect({ query, empty }).toEqual({ query, empty: [] });
      received ??= (result.body.data as { receiveDossier?: { dossier: { id: string; code: string } } }).receiveDossier?.dossier ?? null;
    }
    expect(received).not.toBeNull();
  });
});
