import { randomBytes } from 'node:crypto';
import { Reference, ReferenceKind, type EntityClass, type EntityManager } from '@mikro-orm/postgresql';
import { sql, type RawBuilder } from 'kysely';
import { UNPREPARED, type PreparedStatements } from '../../db/prepared-statements.js';
import type { LocalDate } from '../time/local-time.js';
import type { Procedure } from '../procedure/procedure.entity.js';
import type { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { dossierCodePrefix } from './dossier-code.js';
import type { CodeTemplate, DossierChange, DossierChangeListener, StatementPart } from './dossier-change.js';
import { DossierAction, DossierStatus } from '../vocabulary/dossier-enums.js';
import { DossierEvent } from './dossier-event.entity.js';
import type { Dossier } from './dossier.entity.js';
import type { LifecycleState } from './lifecycle.js';

export interface RecordedChange {
  action: DossierAction | null;
  fromStatus: DossierStatus | null;
  state: LifecycleState;
  at: Date;
  actor: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** Copies the lifecycle columns of a dossier (the state machine works on copies, never on entities). */
export function lifecycleOf(d: Dossier): LifecycleState {
  return {
    status: d.status,
    outcome: d.outcome,
    submittedAt: d.submittedAt,
    receivedAt: d.receivedAt,
    dueDate: d.dueDate,
    dueAt: d.dueAt,
    processingTimeValue: d.processingTimeValue,
    processingTimeUnit: d.processingTimeUnit,
    extendedDueDate: d.extendedDueDate,
    finishedAt: d.finishedAt,
    resolvedAt: d.resolvedAt,
    returnedAt: d.returnedAt,
    pausedAt: d.pausedAt,
    pausedWorkingDays: d.pausedWorkingDays,
    supplementRequested: d.supplementRequested,
    delayReason: d.delayReason,
    resolutionWorkingDays: d.resolutionWorkingDays,
  };
}

/**
 * The one place where a dossier changes: applies the new lifecycle state, appends the history
 * event, flushes, and lets every listener (statistics, connector outbox) record its part in the
 * same transaction.
 */
export class DossierRecorder {
  constructor(
    private readonly listeners: readonly DossierChangeListener[],
    /** How intake's one statement is run (see PreparedStatements). */
    private readonly statements: PreparedStatements = UNPREPARED,
  ) {}

  /** A new dossier in one statement (see `recordCreation`); null when the general path must be taken. */
  recordCreation(
    em: EntityManager,
    target: { dossier: Dossier; procedure: Procedure; unit: AdministrativeUnit },
    change: RecordedChange,
    numbering: Numbering,
  ): Promise<{ id: number; code: string } | null> {
    return recordCreation(em, this.listeners, target, change, numbering, this.statements);
  }

  async record(
    em: EntityManager,
    target: Omit<DossierChange, 'event' | 'before'>,
    change: RecordedChange,
  ): Promise<DossierEvent> {
    const { dossier } = target;
    const before = change.fromStatus === null ? null : lifecycleOf(dossier);
    em.assign(dossier, change.state);
    dossier.eventCount += 1;
    const event = em.create(DossierEvent, eventData(dossier, change));
    await em.flush();
    for (const listener of this.listeners) {
      await listener.onDossierChange(em, { ...target, event, before });
    }
    return event;
  }
}

/**
 * Stands for a new dossier's code in every text written with it until the statement that creates
 * the dossier numbers it (random per process: no applicant's input can hold it by chance; lower
 * case and without spaces, so that search folding keeps it as it is).
 */
export const PENDING_CODE = `@@code-${randomBytes(8).toString('hex')}@@`;

export interface Numbering {
  unitId: number;
  unitCode: string;
  day: LocalDate;
  /**
   * The deadline_rules_revision the dossier's deadline was computed at (rules kept in memory, see
   * DeadlineRulesCache): the statement fails with STALE_DEADLINE_RULES, writing nothing, if the
   * committed revision is another. None when the rules were read just before.
   */
  rulesRevision?: number;
}

/**
 * The insert of one entity as `(columns)` and `values`, from the ORM's own metadata and type
 * conversions: the one-statement intake writes exactly the columns a flush of the same entity
 * would (a column added to Dossier or DossierEvent is written by both paths, with no list to keep
 * in step). `overrides` replaces a column's value with an SQL expression (the code, known only
 * inside the statement). Columns whose value is undefined keep their database default.
 */
function insertOf(em: EntityManager, entity: object, overrides: Record<string, RawBuilder<unknown>>) {
  const meta = em.getMetadata().get(entity.constructor as EntityClass<object>);
  const platform = em.getPlatform();
  const columns: RawBuilder<unknown>[] = [];
  const values: RawBuilder<unknown>[] = [];
  for (const prop of meta.props) {
    if (prop.persist === false || prop.formula || prop.generated) continue;
    if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
    const column = prop.fieldNames[0]!;
    const override = overrides[column];
    let value: unknown = (entity as Record<string, unknown>)[prop.name];
    if (override === undefined && value === undefined) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE && value != null) value = (Reference.unwrapReference(value as object) as { id: unknown }).id;
    if (prop.customType && value != null) value = prop.customType.convertToDatabaseValue(value, platform, { mode: 'query' });
    columns.push(sql.ref(column));
    values.push(override ?? sql`${value}::${sql.raw(castOf(prop.columnTypes[0]!))}`);
  }
  return { columns: sql.join(columns), values: sql.join(values) };
}

/** The type to cast a parameter to: a serial is an integer column with a sequence default. */
function castOf(columnType: string): string {
  return columnType.replace(/^(big|small)?serial$/, (_m, size: string | undefined) => (size ? `${size}int` : 'int'));
}

/**
 * A new dossier (intake) in one statement, run on its own (autocommit: one round trip, no
 * transaction held open by the application): the unit's daily counter, the dossier, its first
 * history event and every listener's part (statistics, outbox). The counter row and the day's
 * statistics rows are what concurrent intakes of one unit queue on; their locks are taken inside
 * this statement and released at its commit, never held while the application makes more round
 * trips. The code is formed in SQL from the counter (gap-free: a failed statement rolls the
 * counter back with everything else); texts built before it is known carry PENDING_CODE. Once it
 * committed, the parts' `afterCommit` run (the outbox wakes the workers then, not inside the
 * statement: see SyncWakeUp). The final select counts every part because a WITH query that writes
 * runs whether or not it is read; reading it keeps each part visible in the statement's result.
 *
 * Returns null (nothing written) when a listener cannot be written so, or when the number is taken
 * by an imported legacy code of the live shape: the caller then takes the general path.
 */
export async function recordCreation(
  em: EntityManager,
  listeners: readonly DossierChangeListener[],
  target: { dossier: Dossier; procedure: Procedure; unit: AdministrativeUnit },
  change: RecordedChange,
  numbering: Numbering,
  statements: PreparedStatements = UNPREPARED,
): Promise<{ id: number; code: string } | null> {
  const { dossier } = target;
  const ids = await statements.rows(em, sql<{ id: string }>`select nextval(pg_get_serial_sequence('dossier', 'id')) as id`);
  // Plain instances, not managed by the ORM (nothing is flushed on this path): building them through
  // em.create was a tenth of an intake's CPU. insertOf reads them with the ORM's metadata.
  Object.assign(dossier, change.state, { id: Number(ids[0]!.id), code: PENDING_CODE, eventCount: 1 });
  const event = Object.assign(new DossierEvent(), eventData(dossier, change));
  const code: CodeTemplate = {
    placeholder: PENDING_CODE,
    fill: (text) => (text.includes(PENDING_CODE) ? sql<string>`replace(${text}::text, ${PENDING_CODE}, (select code from numbered))` : sql<string>`${text}::text`),
  };
  const dossierChange: DossierChange = { ...target, event, before: null, imported: false };
  const parts: StatementPart[] = [];
  for (const listener of listeners) {
    const own = listener.creationParts(dossierChange, code);
    if (own === null) return null;
    parts.push(...own);
  }
  // The dossier's code and its search text exist only once the counter is incremented, in the statement.
  const dossierRow = insertOf(em, dossier, { code: sql`numbered.code`, search_text: code.fill(dossier.searchText) });
  const eventRow = insertOf(em, event, { dossier_id: sql`dossier_row.id` });
  const withParts = parts.map((p) => sql`, ${sql.ref(p.name)} as (${p.body})`);
  // In the final select: its error aborts the whole statement, every part with it.
  const rulesCheck = numbering.rulesRevision === undefined ? null : sql`deadline_rules_require(${numbering.rulesRevision}::bigint)`;
  try {
    const rows = await statements.rows(em, sql<{ code: string; inserted: string | null }>`with numbered as (
        insert into dossier_counter (unit_id, day, last_value) values (${numbering.unitId}, ${numbering.day}::date, 1)
        on conflict (unit_id, day) do update set last_value = dossier_counter.last_value + 1
        returning ${dossierCodePrefix(numbering.unitCode, numbering.day)} || lpad(last_value::text, greatest(4, length(last_value::text)), '0') as code),
      dossier_row as (
        insert into dossier (${dossierRow.columns}) select ${dossierRow.values} from numbered
        returning id),
      event_row as (
        insert into dossier_event (${eventRow.columns}) select ${eventRow.values} from dossier_row
        returning id)
      ${sql.join(withParts, sql``)}
      select (select code from numbered) as code, (select count(*) from event_row) as inserted
        ${rulesCheck ? sql`, ${rulesCheck} as rules_current` : sql``}
        ${sql.join(parts.map((p) => sql`, (select count(*) from ${sql.ref(p.name)}) as ${sql.ref(p.name)}`), sql``)}`);
    for (const part of parts) part.afterCommit?.();
    dossier.code = rows[0]!.code;
    dossier.searchText = dossier.searchText.replace(PENDING_CODE, dossier.code);
    return { id: dossier.id, code: dossier.code };
  } catch (error) {
    // The number is the code of an imported legacy dossier: the general path skips such numbers.
    if ((error as { constraint?: string }).constraint === 'dossier_code_key') return null;
    throw error;
  }
}

function eventData(dossier: Dossier, change: RecordedChange) {
  return {
    dossier,
    seq: dossier.eventCount,
    action: change.action,
    fromStatus: change.fromStatus,
    toStatus: change.state.status,
    at: change.at,
    actor: change.actor,
    note: change.note ?? null,
    dueDate: change.state.dueDate,
    dueAt: change.state.dueAt,
    idempotencyKey: change.idempotencyKey ?? null,
  };
}
