import pg from 'pg';
import { Role } from '../../src/domain/access/actor.js';
import type { ImportDossierInput } from '../../src/domain/dossier/dossier-import.service.js';
import { Channel, DossierAction, Outcome } from '../../src/domain/vocabulary/dossier-enums.js';
import { TestClock } from '../support/clock.js';
import { ADMIN, dataOf, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The officer desk's dossier list: every filter, Relay pagination with totalCount, scopes, and a
 * constant number of SQL queries however long the page (DataLoaders).
 */
const LIST = `query($filter: DossierFilter, $first: Int, $after: String) {
  dossiers(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { code } }
  }
}`;
const FULL_PAGE = `query($first: Int) {
  dossiers(filter: {unitCode: "51"}, first: $first) {
    totalCount
    nodes { code status timeliness applicant { fullName citizenIdMasked }
      procedure { code name field { code name } } unit { code name parent { code } }
      history { action toStatus at actor } }
  }
}`;

const at = (day: string, time = '09:00') => new Date(`${day}T${time}:00+07:00`);
const person = (n: number) => ({ fullName: n % 2 ? `Nguyễn Thị Hoa ${n}` : `Phạm Minh Đức ${n}`, citizenId: `0512030${String(n).padStart(5, '0')}` });

/** 30 dossiers over 3 units, 2 channels and 3 procedures, received on 1..10 March 2026. */
function dataset(): ImportDossierInput[] {
  const units = ['21025', '21028', '26740'];
  const procedures = ['1.004873', '2.000815', '1.001612'];
  return Array.from({ length: 30 }, (_, i) => {
    const day = `2026-03-${String((i % 10) + 2).padStart(2, '0')}`; // 2..11 March (weekdays and a weekend)
    const history: ImportDossierInput['history'] = [];
    if (i % 3 === 1) history.push({ action: DossierAction.START_PROCESSING, at: at(day, '10:00') });
    if (i % 3 === 2) history.push({ action: DossierAction.RESOLVE, at: at(day, '11:00'), outcome: Outcome.APPROVED });
    return {
      code: `L-${String(i).padStart(3, '0')}`,
      procedureCode: procedures[i % 3]!,
      unitCode: units[i % 3]!,
      channel: i % 2 === 0 ? Channel.IN_PERSON : Channel.POSTAL,
      applicant: person(i),
      receivedAt: at(day),
      history,
    };
  });
}

describe('dossier list: filters, pagination, scopes and query count', () => {
  let t: TestApp;
  let provinceAdmin: string;
  let officer: string;
  let systemAdmin: string;

  beforeAll(async () => {
    t = await startTestApp({ catalog: true, clock: new TestClock('2026-03-25T09:00:00+07:00') });
    const result = await t.app.services.imports.import(ADMIN, dataset());
    expect(result.failures).toEqual([]);
    provinceAdmin = await t.token(Role.PROVINCE_ADMIN, '51');
    officer = await t.token(Role.OFFICER, '21025');
    systemAdmin = await t.token(Role.SYSTEM_ADMIN);
  });
  afterAll(() => t.stop());

  async function codes(filter: Record<string, unknown>, token = systemAdmin): Promise<string[]> {
    const { dossiers } = dataOf(await t.gql(LIST, { filter, first: 100 }, { token }));
    expect(dossiers.totalCount).toBe(dossiers.edges.length);
    return dossiers.edges.map((e: { node: { code: string } }) => e.node.code).sort();
  }
  const expected = (pick: (i: number) => boolean) => dataset().map((d, i) => [d.code!, i] as const).filter(([, i]) => pick(i)).map(([c]) => c).sort();

  test.each([
    ['a province covers its communes, not other provinces', { unitCode: '51' }, (i: number) => i % 3 !== 2],
    ['another province', { unitCode: '79' }, (i: number) => i % 3 === 2],
    ['one commune', { unitCode: '21028' }, (i: number) => i % 3 === 1],
    ['status', { unitCode: '51', status: ['PROCESSING'] }, (i: number) => i % 3 === 1],
    ['several statuses', { unitCode: '51', status: ['RECEIVED', 'PROCESSING'] }, (i: number) => i % 3 !== 2],
    ['procedure', { procedureCode: '2.000815' }, (i: number) => i % 3 === 1],
    ['field', { fieldCode: 'HO_TICH' }, (i: number) => i % 3 === 0],
    ['channel', { channel: 'POSTAL' }, (i: number) => i % 2 === 1],
    ['received period (inclusive local dates)', { receivedFrom: '2026-03-03', receivedTo: '2026-03-04' }, (i: number) => i % 10 === 1 || i % 10 === 2],
    // Due 3 working days after receipt (1.004873) or same day (2.000815): unfinished ones are overdue on 25 March.
    ['overdue', { overdue: true }, (i: number) => i % 3 !== 2],
    ['not overdue', { overdue: false }, (i: number) => i % 3 === 2],
    ['search by exact code', { search: 'L-007' }, (i: number) => i === 7],
    ['search by name, without diacritics or case', { search: 'pham minh duc 1' }, (i: number) => i % 2 === 0 && String(i).startsWith('1')],
  ])('filter: %s', async (_name, filter, pick) => {
    expect(await codes(filter)).toEqual(expected(pick));
  });

  test('without a unit filter, a province administrator lists their province and an officer their unit', async () => {
    expect(await codes({}, provinceAdmin)).toEqual(expected((i) => i % 3 !== 2));
    expect(await codes({ status: ['RESOLVED'] }, provinceAdmin)).toEqual([]);
    expect(await codes({}, officer)).toEqual(expected((i) => i % 3 === 0));
    const other = await t.gql(LIST, { filter: { unitCode: '21028' } }, { token: officer });
    expect(other.body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const noToken = await t.gql(LIST, {});
    expect(noToken.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    for (const role of [Role.INTEGRATOR, Role.CITIZEN]) {
      const token = await t.token(role, role === Role.CITIZEN ? null : '21025', role === Role.CITIZEN ? '051203000001' : undefined);
      expect((await t.gql(LIST, {}, { token })).body.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  test('a page read by staff is audited in one row holding every dossier id it returned', async () => {
    const reader = await t.token(Role.OFFICER, '21025', 'officer-audited');
    const page = dataOf(await t.gql(`{ dossiers(filter: { unitCode: "21025" }, first: 5) { nodes { id code } } }`, {}, { token: reader })).dossiers.nodes as { code: string }[];
    expect(page.length).toBeGreaterThan(1);
    const audit = await t.sql<{ codes: string[]; operation: string; actor_role: string }>(`select a.operation, a.actor_role,
        array(select d.code from unnest(a.dossier_ids) with ordinality as x(id, n) join dossier d on d.id = x.id order by x.n) as codes
      from dossier_read_audit a where a.actor_sub = 'officer-audited'`);
    expect(audit).toEqual([{ operation: 'dossiers', actor_role: 'OFFICER', codes: page.map((d) => d.code) }]);
    // "Who read this dossier" finds the request by any of its ids.
    const [who] = await t.sql<{ n: string }>(`select count(*) as n from dossier_read_audit
      where dossier_ids @> array[(select id from dossier where code = $1)] and actor_sub = 'officer-audited'`, [page.at(-1)!.code]);
    expect(Number(who!.n)).toBe(1);
  });

  test('keyset pagination walks every dossier once, newest first, with totalCount on every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { dossiers }: { dossiers: any } = dataOf(await t.gql(LIST, { filter: { unitCode: '51' }, first: 7, after }, { token: provinceAdmin }));
      expect(dossiers.totalCount).toBe(20);
      expect(dossiers.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...dossiers.edges.map((e: { node: { code: string } }) => e.node.code));
      after = dossiers.pageInfo.hasNextPage ? dossiers.pageInfo.endCursor : null;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual(expected((i) => i % 3 !== 2));
    expect(new Set(seen).size).toBe(20);
    // Newest first: received dates never increase along the walk.
    const received = seen.map((code) => dataset().find((d) => d.code === code)!.receivedAt!.getTime());
    expect(received).toEqual([...received].sort((a, b) => b - a));
  });

  test('a page of 100 dossiers with procedure, field, unit, parent and history costs no more SQL queries than a page of 2', async () => {
    // 110 more dossiers so that a page of 100 is full.
    const more = Array.from({ length: 110 }, (_, i) => ({ ...dataset()[i % 30]!, code: `M-${i}`, unitCode: i % 2 ? '21025' : '21028' }));
    expect((await t.app.services.imports.import(ADMIN, more)).failures).toEqual([]);
    const countQueries = async (first: number) => {
      const original = pg.Client.prototype.query;
      let n = 0;
      pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
        n += 1;
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof original;
      try {
        const { dossiers } = dataOf(await t.gql(FULL_PAGE, { first }, { token: provinceAdmin }));
        expect(dossiers.nodes).toHaveLength(first);
        expect(dossiers.nodes[0].history.length).toBeGreaterThan(0);
      } finally {
        pg.Client.prototype.query = original;
      }
      return n;
    };
    const small = await countQueries(2);
    const large = await countQueries(100);
    // Fewer, not more, for the long page: catalogue look-ups of the first are cached (ReferenceCache).
    expect(large).toBeLessThanOrEqual(small);
    expect(small).toBeLessThanOrEqual(10);
  });
});
