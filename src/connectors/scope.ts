import { sql, type RawBuilder } from 'kysely';
import { Role, type Actor } from '../domain/access/actor.js';
import { DomainError } from '../domain/errors.js';

/**
 * Where an operator's view of connector data (sync records, reconciliation reports) is rooted:
 * the actor's unit, whose rows are those with that unit code or, for a province, that parent code
 * (both are copied onto every row, so a scope is one indexed condition, not a join). Null means
 * everything (SYSTEM_ADMIN).
 */
export function scopeOf(actor: Actor): string | null {
  if (actor.role === Role.SYSTEM_ADMIN) return null;
  if (!actor.unitCode) throw new DomainError('FORBIDDEN');
  return actor.unitCode;
}

/** The SQL conditions that keep a table with unit_code and unit_parent_code to a scope (none for null). */
export function scopeConditions(scope: string | null): RawBuilder<unknown>[] {
  return scope === null ? [] : [sql`(unit_code = ${scope} or unit_parent_code = ${scope})`];
}
