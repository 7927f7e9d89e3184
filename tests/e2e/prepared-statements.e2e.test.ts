import { sql } from 'kysely';
import { openOrm, type MikroORM } from '../../src/db/database.js';
import { PreparedStatements } from '../../src/db/prepared-statements.js';
import { createTestDatabase, dropTestDatabase } from '../support/database.js';

/** One connection in the pool, so that pg_prepared_statements shows what that connection prepared. */
describe('the hottest statements run as named prepared statements', () => {
  let url: string;
  let orm: MikroORM;

  beforeAll(async () => {
    url = await createTestDatabase();
    orm = await openOrm({ url, poolMax: 1 });
  });
  afterAll(async () => {
    await orm.close();
    await dropTestDatabase(url);
  });

  const prepared = async () =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements order by statement`.execute(orm.em.fork().getKysely())).rows;
  const twice = sql<{ n: number }>`select ${2}::int * 2 as n`;

  test('a text is prepared once, by a name of its own, and answers as Kysely would', async () => {
    const statements = new PreparedStatements(true);
    expect(await statements.rows(orm.em.fork(), twice)).toEqual([{ n: 4 }]);
    expect(await statements.rows(orm.em.fork(), sql<{ n: number }>`select ${5}::int * 2 as n`)).toEqual([{ n: 10 }]);
    const [only, ...others] = await prepared();
    expect(others).toEqual([]);
    expect(only).toEqual({ name: expect.stringMatching(/^motcua_[\w-]{24}$/), statement: 'select $1::int * 2 as n' });
  });

  test('past the bound, further texts run unnamed; inside a transaction, on its connection, unnamed', async () => {
    const statements = new PreparedStatements(true, 1);
    const before = (await prepared()).length;
    await statements.rows(orm.em.fork(), sql<{ first: number }>`select ${1}::int as first`);
    await statements.rows(orm.em.fork(), sql<{ second: number }>`select ${1}::int as second`);
    expect((await prepared()).map((p) => p.statement)).toContain('select $1::int as first');
    expect((await prepared()).map((p) => p.statement)).not.toContain('select $1::int as second');
    expect((await prepared()).length).toBe(before + 1);
    const seen = await orm.em.fork().transactional(async (tx) => {
      await sql`create temporary table only_here (n int) on commit drop`.execute(tx.getKysely());
      return statements.rows(tx, sql<{ n: string }>`select count(*) as n from only_here`);
    });
    expect(seen).toEqual([{ n: '0' }]);
    expect((await prepared()).length).toBe(before + 1);
  });

  test('off (DB_PREPARED_STATEMENTS=false), nothing is prepared', async () => {
    const statements = new PreparedStatements(false);
    const before = (await prepared()).length;
    expect(await statements.rows(orm.em.fork(), sql<{ off: number }>`select ${3}::int + 1 as off`)).toEqual([{ off: 4 }]);
    expect((await prepared()).length).toBe(before);
  });
});
