import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RawBuilder } from 'kysely';
import type { Pool, QueryResultRow } from 'pg';

/** Distinct statement texts prepared per process: past it, texts run unnamed (see PreparedStatements). */
const DEFAULT_MAX_STATEMENTS = 200;

/**
 * Runs the hottest statements (intake's one statement, the dossier read back after it) as named
 * prepared statements. PostgreSQL parses and plans an unnamed statement at every execution, and
 * for these planning cost more than running them (pg_stat_statements under `npm run bench --
 * intake`: 0.75 ms to plan the dossier read, 0.1 ms to run it). A named statement is parsed once
 * per connection (node-postgres remembers which of its connections prepared which name) and, after
 * five executions, runs on a generic plan when that is no costlier than the custom ones.
 *
 * Only for statements run outside a transaction (the pool picks the connection; inside one, the
 * statement goes through the transaction's connection, unnamed) and whose texts are bounded: each
 * text is kept prepared for the life of every connection that ran it, so past `maxStatements`
 * distinct texts the rest run unnamed instead of growing without bound. The name is a hash of the
 * text, so one name never stands for two texts.
 *
 * Off (DB_PREPARED_STATEMENTS=false) for a connection pooler that cannot follow prepared
 * statements across server connections (PgBouncer in transaction mode before 1.21).
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly enabled: boolean,
    private readonly maxStatements = DEFAULT_MAX_STATEMENTS,
  ) {}

  /** The rows of `query`, run on `em`'s transaction if it has one, else as a prepared statement on the pool. */
  async rows<R>(em: EntityManager, query: RawBuilder<R>): Promise<R[]> {
    const db = em.getKysely();
    if (!this.enabled || em.isInTransaction()) return (await query.execute(db)).rows;
    const compiled = query.compile(db);
    const name = this.nameOf(compiled.sql);
    if (name === null) return (await db.executeQuery(compiled)).rows;
    const pool: Pool = await em.getDriver().getConnection().getNativeClient();
    const result = await pool.query<R & QueryResultRow>({ name, text: compiled.sql, values: [...compiled.parameters] });
    return result.rows;
  }

  private nameOf(text: string): string | null {
    const known = this.names.get(text);
    if (known !== undefined) return known;
    if (this.names.size >= this.maxStatements) return null;
    const name = `motcua_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/** Every statement unnamed, through Kysely: for components built without the process's PreparedStatements. */
export const UNPREPARED = new PreparedStatements(false);
