import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { LocalDate } from '../time/local-time.js';

/** `{unit code}-{yyMMdd}-{NNNN}`: the receiving unit, the local filing date, the unit's daily counter. */
export function formatDossierCode(unitCode: string, date: LocalDate, sequence: number): string {
  return `${dossierCodePrefix(unitCode, date)}${String(sequence).padStart(4, '0')}`;
}

/** `{unit code}-{yyMMdd}-`: what a code has before its number (intake forms the rest in SQL). */
export function dossierCodePrefix(unitCode: string, date: LocalDate): string {
  return `${unitCode}-${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}-`;
}

/**
 * The next dossier code of a unit for a day, on the general path (imports, and an intake that
 * cannot be written in one statement: DossierRecorder.recordCreation does the same in SQL). The counter row is incremented by an upsert inside
 * the caller's transaction: concurrent intakes of one unit queue on its row lock, and a rolled-back
 * intake gives its number back, so live codes are unique and consecutive. A number already taken
 * by an imported legacy code of the same shape is skipped.
 */
export async function nextDossierCode(em: EntityManager, unit: { id: number; code: string }, date: LocalDate): Promise<string> {
  for (;;) {
    const db = em.getKysely();
    const { rows } = await sql<{ last_value: number }>`insert into dossier_counter (unit_id, day, last_value)
      values (${unit.id}, ${date}::date, 1)
      on conflict (unit_id, day) do update set last_value = dossier_counter.last_value + 1
      returning last_value`.execute(db);
    const code = formatDossierCode(unit.code, date, rows[0]!.last_value);
    const { rows: taken } = await sql`select 1 from dossier where code = ${code}`.execute(db);
    if (taken.length === 0) return code;
  }
}
