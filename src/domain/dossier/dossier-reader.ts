import type { DelayReason } from '../vocabulary/delay-reason.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import { UNPREPARED, type PreparedStatements } from '../../db/prepared-statements.js';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { IdentityVerification } from '../citizen/identity-verification.js';
import type { ProcessingTimeUnit } from '../procedure/processing-time.js';
import { pageFrom, type Page, type PageRequest } from '../paging.js';
import { escapeLike, foldForSearch } from '../text/search-text.js';
import { addDays, startOfLocalDay, type LocalDate } from '../time/local-time.js';
import type { UnitRef } from '../access/access-policy.js';
import { HOLDER_COLUMNS, HOLDER_JOIN, HOLDERS_SQL, holderRefOf, type HolderColumns } from '../routing/dossier-holder.js';
import { Channel, DossierAction, DossierStatus, Outcome, UNFINISHED_STATUSES } from '../vocabulary/dossier-enums.js';

/** A dossier as the read side returns it, with its unit's code and parent code for scope checks. */
export interface DossierRow {
  id: number;
  code: string;
  procedureId: number;
  unitId: number;
  unitCode: string;
  unitParentCode: string | null;
  /** The province-level unit of the dossier's unit (its own code for a province). */
  unitProvinceCode: string;
  /** The old commune code a legacy dossier was filed under (see Dossier.legacyUnitCode). */
  legacyUnitCode: string | null;
  channel: Channel;
  status: DossierStatus;
  outcome: Outcome | null;
  applicantFullName: string;
  applicantCitizenId: string;
  applicantPhone: string | null;
  submittedAt: Date | null;
  receivedAt: Date | null;
  filedAt: Date;
  dueDate: LocalDate | null;
  /** The instant it is due, for times counted within the day (working hours, half days). */
  dueAt: Date | null;
  /** The processing time recorded at receipt. */
  processingTimeValue: number | null;
  processingTimeUnit: ProcessingTimeUnit | null;
  extendedDueDate: LocalDate | null;
  finishedAt: Date | null;
  resolvedAt: Date | null;
  returnedAt: Date | null;
  pausedWorkingDays: number;
  /** Why it is late, recorded on the apology or the late RESOLVE. */
  delayReason: DelayReason | null;
  /** Working days its clock ran until RESOLVE (lifecycle.ts). */
  resolutionWorkingDays: number | null;
  /** Number a specialized system registered it under (civil status, household business). */
  registrationNumber: string | null;
  identityVerification: IdentityVerification;
  /** The unit that holds it now, null until a transfer (the receiving unit holds it); docs/routing.md. */
  holderUnitId: number | null;
  holder: UnitRef | null;
  /** Every unit that held it (its steps); empty until the first routing action. */
  holders: UnitRef[];
  /** The officer (token sub) it is assigned to at its holder. */
  assignee: string | null;
}

export interface DossierEventRow {
  dossierId: number;
  seq: number;
  action: DossierAction | null;
  fromStatus: DossierStatus | null;
  toStatus: DossierStatus;
  at: Date;
  actor: string | null;
  note: string | null;
}

/** What a dossier list is narrowed to (already resolved to ids by the query service). */
export interface DossierCriteria {
  /** Received by one of these units, or held (now or before) by one of them. */
  unitIds?: number[] | null;
  /** Held now by one of these units (the receiving unit until a transfer). */
  holderUnitIds?: number[] | null;
  /** Assigned now to this officer. */
  assignee?: string | null;
  applicantCitizenId?: string | null;
  statuses?: DossierStatus[] | null;
  procedureCode?: string | null;
  fieldCode?: string | null;
  channel?: Channel | null;
  receivedFrom?: LocalDate | null;
  receivedTo?: LocalDate | null;
  /** true: unfinished and past due today; false: everything else. */
  overdue?: boolean | null;
  search?: string | null;
  today: LocalDate;
  /** Now, for deadlines at a time; the end of `today` when absent. */
  now?: Date;
}

export interface DossierCursor {
  filedAt: Date;
  id: number;
}

const COLUMNS = sql`d.id, d.code, d.procedure_id, d.unit_id, u.code as unit_code, p.code as unit_parent_code, u.province_code as unit_province_code,
  d.legacy_unit_code,
  d.channel, d.status, d.outcome, d.applicant_full_name, d.applicant_citizen_id, d.applicant_phone,
  d.submitted_at, d.received_at, d.filed_at, d.due_date::text as due_date, d.due_at, d.processing_time_value, d.processing_time_unit, d.extended_due_date::text as extended_due_date,
  d.finished_at, d.resolved_at, d.returned_at, d.paused_working_days, d.delay_reason, d.resolution_working_days, d.registration_number, d.identity_verification,
  ${HOLDER_COLUMNS}, ${HOLDERS_SQL} as holders`;

const FROM = sql`from dossier d join administrative_unit u on u.id = d.unit_id left join administrative_unit p on p.id = u.parent_id ${HOLDER_JOIN}`;

const UNFINISHED = sql.join([...UNFINISHED_STATUSES].map((s) => sql.lit(s)));

/**
 * The read side of dossiers: plain SQL tuned to the indexes (newest first by filing time, keyset
 * pagination), returning plain rows. Authorization is the caller's job (DossierQueryService).
 */
export class DossierReader {
  constructor(
    private readonly orm: MikroORM,
    /** The reads by id and by code run prepared (see PreparedStatements): fixed texts, read after every intake. */
    private readonly statements: PreparedStatements = UNPREPARED,
  ) {}

  private get db() {
    return this.orm.em.fork().getKysely();
  }

  async byIds(ids: readonly number[]): Promise<DossierRow[]> {
    if (ids.length === 0) return [];
    // One id (the read after an intake, a dossier's page) by equality: PostgreSQL keeps the generic
    // plan of that prepared text, where it plans `= any(array)` again each time.
    const byId = ids.length === 1 ? sql`d.id = ${ids[0]}::bigint` : sql`d.id = any(${[...ids]}::bigint[])`;
    const rows = await this.statements.rows(this.orm.em.fork(), sql<RawRow>`select ${COLUMNS} ${FROM} where ${byId}`);
    return rows.map(toDossierRow);
  }

  async byCode(code: string): Promise<DossierRow | null> {
    const rows = await this.statements.rows(this.orm.em.fork(), sql<RawRow>`select ${COLUMNS} ${FROM} where d.code = ${code}`);
    return rows[0] ? toDossierRow(rows[0]) : null;
  }

  /**
   * A page of dossiers. With `countNow` (the caller knows the total will be asked for), the count
   * runs beside the page query, on another connection, instead of after it: one round trip less on
   * the request's path. Without it the count runs only if asked (it is the costly query).
   */
  async list(criteria: DossierCriteria, page: PageRequest<DossierCursor>, options: { countNow?: boolean } = {}): Promise<Page<DossierRow>> {
    // Dossiers another unit received that these units hold or held (liên thông, docs/routing.md).
    // No units, nothing held: the lookup could find nothing (the unit predicate already matches none).
    const held = criteria.unitIds?.length ? await heldFromElsewhere(this.db, criteria.unitIds) : [];
    const where = whereClause(criteria, held);
    const after = page.after
      ? sql`and (d.filed_at, d.id) < (${page.after.filedAt}, ${page.after.id})`
      : sql``;
    const count = async () => {
      const { rows: counted } = await sql<{ n: string }>`select count(*) as n from dossier d where ${where}`.execute(this.db);
      return Number(counted[0]!.n);
    };
    const counting = options.countNow ? count() : null;
    // Not awaited when the page fails: its failure is the request's.
    counting?.catch(() => undefined);
    const { rows } = await sql<RawRow>`select ${COLUMNS} ${FROM} where ${where} ${after}
      order by d.filed_at desc, d.id desc limit ${page.first + 1}`.execute(this.db);
    return pageFrom(rows.map(toDossierRow), page.first, () => counting ?? count());
  }

  /** The e-form data of several dossiers in one query (not in `DossierRow`: lists rarely need it). */
  async formData(dossierIds: readonly number[]): Promise<Map<number, Record<string, unknown> | null>> {
    if (dossierIds.length === 0) return new Map();
    const { rows } = await sql<{ id: string; form_data: Record<string, unknown> | null }>`select id, form_data
      from dossier where id = any(${[...dossierIds]}::bigint[])`.execute(this.db);
    return new Map(rows.map((r) => [Number(r.id), r.form_data]));
  }

  /** Histories of several dossiers in one query, each in order. */
  async histories(dossierIds: readonly number[]): Promise<Map<number, DossierEventRow[]>> {
    const byDossier = new Map<number, DossierEventRow[]>(dossierIds.map((id) => [id, []]));
    if (dossierIds.length === 0) return byDossier;
    const { rows } = await sql<RawEventRow>`select dossier_id, seq, action, from_status, to_status, at, actor, note
      from dossier_event where dossier_id = any(${[...dossierIds]}::bigint[]) order by dossier_id, seq`.execute(this.db);
    for (const r of rows) {
      byDossier.get(Number(r.dossier_id))?.push({
        dossierId: Number(r.dossier_id),
        seq: r.seq,
        action: r.action,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        at: toDate(r.at),
        actor: r.actor,
        note: r.note,
      });
    }
    return byDossier;
  }
}

/**
 * The dossiers received outside these units that one of them holds or held (liên thông,
 * docs/routing.md): few for a commune, the routed ones for an agency. Looked up first, so that the
 * list keeps its plain unit predicate (and its index) and adds these ids only when there are some.
 */
async function heldFromElsewhere(db: Kysely<any>, unitIds: readonly number[]): Promise<number[]> {
  const { rows } = await sql<{ id: string }>`select distinct s.dossier_id as id from dossier_step s join dossier d on d.id = s.dossier_id
    where s.holder_unit_id = any(${[...unitIds]}::bigint[]) and not (d.unit_id = any(${[...unitIds]}::bigint[]))`.execute(db);
  return rows.map((r) => Number(r.id));
}

function whereClause(c: DossierCriteria, heldIds: readonly number[] = []): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (c.unitIds) {
    parts.push(heldIds.length === 0
      ? sql`d.unit_id = any(${c.unitIds}::bigint[])`
      : sql`(d.unit_id = any(${c.unitIds}::bigint[]) or d.id = any(${[...heldIds]}::bigint[]))`);
  }
  if (c.holderUnitIds) parts.push(sql`coalesce(d.holder_unit_id, d.unit_id) = any(${c.holderUnitIds}::bigint[])`);
  if (c.assignee) parts.push(sql`d.assignee = ${c.assignee}`);
  if (c.applicantCitizenId) parts.push(sql`d.applicant_citizen_id = ${c.applicantCitizenId}`);
  if (c.statuses?.length) parts.push(sql`d.status = any(${c.statuses}::text[])`);
  if (c.procedureCode) parts.push(sql`d.procedure_id = (select id from procedure where code = ${c.procedureCode})`);
  if (c.fieldCode) parts.push(sql`d.procedure_id in (select id from procedure where field_code = ${c.fieldCode})`);
  if (c.channel) parts.push(sql`d.channel = ${c.channel}`);
  if (c.receivedFrom) parts.push(sql`d.received_at >= ${startOfLocalDay(c.receivedFrom)}`);
  if (c.receivedTo) parts.push(sql`d.received_at < ${startOfLocalDay(addDays(c.receivedTo, 1))}`);
  // Past due: a deadline at a time is past once that instant has gone, a date once the day has.
  const pastDue = sql`(d.status in (${UNFINISHED}) and (d.due_date < ${c.today}::date or d.due_at < ${c.now ?? startOfLocalDay(addDays(c.today, 1))}))`;
  if (c.overdue === true) parts.push(pastDue);
  if (c.overdue === false) parts.push(sql`not coalesce(${pastDue}, false)`);
  const folded = c.search ? foldForSearch(c.search) : '';
  if (folded) {
    // A dossier code matches exactly; otherwise code or applicant name contain the words (trigram index).
    parts.push(sql`(d.code = ${c.search!.trim()} or d.search_text like ${`%${escapeLike(folded)}%`})`);
  }
  return sql.join(parts, sql` and `);
}

interface RawRow extends HolderColumns {
  id: string;
  code: string;
  procedure_id: string;
  unit_id: string;
  unit_code: string;
  unit_parent_code: string | null;
  unit_province_code: string;
  legacy_unit_code: string | null;
  channel: Channel;
  status: DossierStatus;
  outcome: Outcome | null;
  applicant_full_name: string;
  applicant_citizen_id: string;
  applicant_phone: string | null;
  submitted_at: Date | null;
  received_at: Date | null;
  filed_at: Date;
  due_date: string | null;
  due_at: Date | null;
  processing_time_value: number | null;
  processing_time_unit: ProcessingTimeUnit | null;
  extended_due_date: string | null;
  finished_at: Date | null;
  resolved_at: Date | null;
  returned_at: Date | null;
  paused_working_days: number;
  delay_reason: DelayReason | null;
  resolution_working_days: number | null;
  registration_number: string | null;
  identity_verification: IdentityVerification;
}

interface RawEventRow {
  dossier_id: string;
  seq: number;
  action: DossierAction | null;
  from_status: DossierStatus | null;
  to_status: DossierStatus;
  at: Date;
  actor: string | null;
  note: string | null;
}

/** The ORM's connection hands timestamps over as text; the domain works with Dates. */
function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

function toDossierRow(r: RawRow): DossierRow {
  return {
    id: Number(r.id),
    code: r.code,
    procedureId: Number(r.procedure_id),
    unitId: Number(r.unit_id),
    unitCode: r.unit_code,
    unitParentCode: r.unit_parent_code,
    unitProvinceCode: r.unit_province_code,
    legacyUnitCode: r.legacy_unit_code,
    channel: r.channel,
    status: r.status,
    outcome: r.outcome,
    applicantFullName: r.applicant_full_name,
    applicantCitizenId: r.applicant_citizen_id,
    applicantPhone: r.applicant_phone,
    submittedAt: toDateOrNull(r.submitted_at),
    receivedAt: toDateOrNull(r.received_at),
    filedAt: toDate(r.filed_at),
    dueDate: r.due_date,
    dueAt: toDateOrNull(r.due_at),
    processingTimeValue: r.processing_time_value,
    processingTimeUnit: r.processing_time_unit,
    extendedDueDate: r.extended_due_date,
    finishedAt: toDateOrNull(r.finished_at),
    resolvedAt: toDateOrNull(r.resolved_at),
    returnedAt: toDateOrNull(r.returned_at),
    pausedWorkingDays: r.paused_working_days,
    delayReason: r.delay_reason,
    resolutionWorkingDays: r.resolution_working_days,
    registrationNumber: r.registration_number,
    identityVerification: r.identity_verification,
    holderUnitId: r.holder_unit_id === null ? null : Number(r.holder_unit_id),
    ...holderRefOf(r),
  };
}
