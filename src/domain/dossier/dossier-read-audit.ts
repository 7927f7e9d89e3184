import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { UNPREPARED, type PreparedStatements } from '../../db/prepared-statements.js';
import { isStaff, type Actor } from '../access/actor.js';

/**
 * The audit of staff reads (Decree 356/2025: every access to personal data is recorded). One row
 * per read operation holding every dossier id it returned, inserted and committed before the data
 * is returned: no audit, no read, and a crash loses nothing that was answered.
 */
export class DossierReadAudit {
  constructor(
    private readonly orm: MikroORM,
    /** One fixed text written by every staff read: prepared (see PreparedStatements). */
    private readonly statements: PreparedStatements = UNPREPARED,
  ) {}

  async recordReads(actor: Actor, dossierIds: readonly number[], operation: string): Promise<void> {
    if (!isStaff(actor) || dossierIds.length === 0) return;
    await this.statements.rows(this.orm.em.fork(), sql`insert into dossier_read_audit (actor_sub, actor_role, dossier_ids, operation)
      values (${actor.sub}, ${actor.role}, ${[...dossierIds]}::bigint[], ${operation})`);
  }
}
