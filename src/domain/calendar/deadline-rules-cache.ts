import type { EntityManager } from '@mikro-orm/postgresql';
import type { Procedure } from '../procedure/procedure.entity.js';
import { readDeadlineRules, rulesOf, type DeadlineRules, type StoredDeadlineRules } from './deadline-rules.js';

/** Entries kept before the cache starts again (units × procedures seen by one process). */
const MAX_ENTRIES = 50_000;

/** SQLSTATE of deadline_rules_require: the rules changed since they were read. */
export const STALE_DEADLINE_RULES = 'MC001';

export function isStaleDeadlineRules(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === STALE_DEADLINE_RULES;
}

/**
 * The deadline rules of intake, kept in memory: reading them was a fifth of an intake's database
 * time (mostly planning), for tables that change a few times a year. Every entry is tagged with the
 * one revision of deadline_rules_revision it was read at, and intake's statement commits only if
 * that is still the committed revision (deadline_rules_require); otherwise it fails with
 * STALE_DEADLINE_RULES, the caller calls `forget` and reads again. So a cached rule is never used
 * for a dossier once a change to it has committed, in this process or any other.
 */
export class DeadlineRulesCache {
  private revision = 0;
  private readonly entries = new Map<string, StoredDeadlineRules>();
  /** One calendar per unit, shared by the unit's entries (an entry differs by the procedure's override only). */
  private readonly calendars = new Map<number, StoredDeadlineRules['calendar']>();

  async rulesFor(em: EntityManager, unitId: number, procedure: Procedure): Promise<{ rules: DeadlineRules; revision: number }> {
    const key = `${unitId}:${procedure.id}`;
    let stored = this.entries.get(key);
    if (stored === undefined) {
      stored = await readDeadlineRules(em, unitId, procedure.id);
      stored = this.keep(unitId, key, stored);
    }
    return { rules: rulesOf(stored, procedure), revision: stored.revision };
  }

  /** Drops every entry (the committed revision moved past them, or the cache is full). */
  forget(): void {
    this.entries.clear();
    this.calendars.clear();
  }

  /**
   * Keeps an entry read at the newest revision seen; a newer revision drops all the older entries.
   * An entry read at an older revision (a read that raced a change) is used once and not kept.
   */
  private keep(unitId: number, key: string, stored: StoredDeadlineRules): StoredDeadlineRules {
    if (stored.revision > this.revision) {
      this.forget();
      this.revision = stored.revision;
    }
    if (stored.revision !== this.revision) return stored;
    if (this.entries.size >= MAX_ENTRIES) this.forget();
    const shared = { ...stored, calendar: this.calendars.get(unitId) ?? stored.calendar };
    this.calendars.set(unitId, shared.calendar);
    this.entries.set(key, shared);
    return shared;
  }
}
