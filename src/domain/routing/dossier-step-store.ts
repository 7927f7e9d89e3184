import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Kysely } from 'kysely';
import { statutoryDeadline } from '../calendar/deadline.js';
import type { UnitCalendar } from '../calendar/unit-calendar.js';
import type { DossierAction } from '../vocabulary/dossier-enums.js';
import { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { addDays, startOfLocalDay, type LocalDate } from '../time/local-time.js';
import type { RouteRole } from './route-role.js';

/** One holding period of a dossier: a unit (and, once assigned, an officer) from `startedAt` to `endedAt`. */
export interface DossierStepRow {
  dossierId: number;
  seq: number;
  holderUnitId: number;
  holderUnitCode: string;
  role: RouteRole;
  routePosition: number | null;
  assignee: string | null;
  startedAt: Date;
  startedBy: string | null;
  dueDate: LocalDate | null;
  dueAt: Date | null;
  endedAt: Date | null;
  endedBy: string | null;
  endAction: DossierAction | null;
  supplementRequested: boolean;
}

export type NewStep = Omit<DossierStepRow, 'holderUnitCode' | 'endedAt' | 'endedBy' | 'endAction' | 'supplementRequested'> & {
  supplementRequested?: boolean;
};

/** A step's own deadline: its share in working days from its start, on the holder's calendar. */
export function stepDeadline(startedAt: Date, days: number | null, calendar: UnitCalendar): { dueDate: LocalDate | null; dueAt: Date | null } {
  if (days === null) return { dueDate: null, dueAt: null };
  const unit = days === 0 ? ProcessingTimeUnit.SAME_DAY : ProcessingTimeUnit.WORKING_DAYS;
  return statutoryDeadline(startedAt, { value: days, unit }, calendar);
}

/** The instant after which a step is late: its dueAt, else the end of its due date. */
export function stepDeadlineInstant(step: Pick<DossierStepRow, 'dueDate' | 'dueAt'>): Date | null {
  if (step.dueAt) return step.dueAt;
  return step.dueDate ? startOfLocalDay(addDays(step.dueDate, 1)) : null;
}

/** True when the step ended (or, open, is still running) past its own deadline. */
export function stepOverran(step: Pick<DossierStepRow, 'dueDate' | 'dueAt' | 'endedAt'>, now: Date): boolean {
  const deadline = stepDeadlineInstant(step);
  return deadline !== null && (step.endedAt ?? now) > deadline;
}

interface RawStep {
  dossier_id: string; seq: number; holder_unit_id: string; holder_unit_code: string; role: RouteRole; route_position: number | null;
  assignee: string | null; started_at: Date | string; started_by: string | null; due_date: string | null; due_at: Date | string | null;
  ended_at: Date | string | null; ended_by: string | null; end_action: DossierAction | null; supplement_requested: boolean;
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function toStep(r: RawStep): DossierStepRow {
  return {
    dossierId: Number(r.dossier_id), seq: r.seq, holderUnitId: Number(r.holder_unit_id), holderUnitCode: r.holder_unit_code,
    role: r.role, routePosition: r.route_position, assignee: r.assignee, startedAt: toDate(r.started_at), startedBy: r.started_by,
    dueDate: r.due_date, dueAt: r.due_at === null ? null : toDate(r.due_at), endedAt: r.ended_at === null ? null : toDate(r.ended_at),
    endedBy: r.ended_by, endAction: r.end_action, supplementRequested: r.supplement_requested,
  };
}

const STEP_COLUMNS = sql`s.dossier_id, s.seq, s.holder_unit_id, u.code as holder_unit_code, s.role, s.route_position, s.assignee, s.started_at,
  s.started_by, s.due_date::text as due_date, s.due_at, s.ended_at, s.ended_by, s.end_action, s.supplement_requested`;

/** The dossier_step table: its writes happen in the change's transaction, its reads for lists in one query. */
export class DossierStepStore {
  /** The steps of several dossiers, each in order. */
  static async ofDossiers(db: Kysely<any>, dossierIds: readonly number[]): Promise<Map<number, DossierStepRow[]>> {
    const byDossier = new Map<number, DossierStepRow[]>(dossierIds.map((id) => [id, []]));
    if (dossierIds.length === 0) return byDossier;
    const { rows } = await sql<RawStep>`select ${STEP_COLUMNS} from dossier_step s join administrative_unit u on u.id = s.holder_unit_id
      where s.dossier_id = any(${[...dossierIds]}::bigint[]) order by s.dossier_id, s.seq`.execute(db);
    for (const r of rows) byDossier.get(Number(r.dossier_id))?.push(toStep(r));
    return byDossier;
  }

  static async current(em: EntityManager, dossierId: number): Promise<DossierStepRow | null> {
    const { rows } = await sql<RawStep>`select ${STEP_COLUMNS} from dossier_step s join administrative_unit u on u.id = s.holder_unit_id
      where s.dossier_id = ${dossierId} and s.ended_at is null`.execute(em.getKysely());
    return rows[0] ? toStep(rows[0]) : null;
  }

  /** Did this unit already request the dossier's one supplement while it held it? */
  static async supplementRequestedBy(em: EntityManager, dossierId: number, unitId: number): Promise<boolean> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from dossier_step
      where dossier_id = ${dossierId} and holder_unit_id = ${unitId} and supplement_requested`.execute(em.getKysely());
    return rows[0]!.n > 0;
  }

  static async insert(em: EntityManager, step: NewStep): Promise<void> {
    await sql`insert into dossier_step (dossier_id, seq, holder_unit_id, role, route_position, assignee, started_at, started_by, due_date, due_at, supplement_requested)
      values (${step.dossierId}, ${step.seq}, ${step.holderUnitId}, ${step.role}, ${step.routePosition}, ${step.assignee}, ${step.startedAt},
        ${step.startedBy}, ${step.dueDate}::date, ${step.dueAt}, ${step.supplementRequested ?? false})`.execute(em.getKysely());
  }

  /** Closes the open step (the trigger allows exactly this, once). */
  static async close(em: EntityManager, dossierId: number, end: { at: Date; by: string; action: DossierAction; supplementRequested: boolean }): Promise<void> {
    await sql`update dossier_step set ended_at = ${end.at}, ended_by = ${end.by}, end_action = ${end.action}, supplement_requested = ${end.supplementRequested}
      where dossier_id = ${dossierId} and ended_at is null`.execute(em.getKysely());
  }
}
