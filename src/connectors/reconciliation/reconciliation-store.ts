import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { LocalDate } from '../../domain/time/local-time.js';
import type { CountBasis } from '../sdk/index.js';
import { dateOrNull } from '../outbox/connector-state-store.js';
import { scopeConditions } from '../scope.js';
import type { ReconciliationRowData, ReconciliationStatus } from './reconciliation-diff.js';
import type { RepairOutcome } from './outbox-repair.js';

/** Why a report was made: asked by a person, the nightly schedule, or the check after a repair. */
export enum ReconciliationTrigger {
  MANUAL = 'MANUAL',
  SCHEDULED = 'SCHEDULED',
  FOLLOW_UP = 'FOLLOW_UP',
}

/** A stored report, without its rows (they are read on demand). */
export interface ReconciliationReportRow extends RepairOutcome {
  id: number;
  connector: string;
  countBasis: CountBasis;
  unitCode: string;
  /** The unit's province; null when the unit is a province. */
  unitParentCode: string | null;
  from: LocalDate;
  to: LocalDate;
  status: ReconciliationStatus;
  trigger: ReconciliationTrigger;
  requestedBy: string | null;
  localTotal: number;
  remoteTotal: number;
  followUpOfId: number | null;
  followUpId: number | null;
  followUpDueAt: Date | null;
  createdAt: Date;
}

export type NewReport = Omit<ReconciliationReportRow, 'id' | 'createdAt' | 'followUpId'>;

export interface ReportFilter {
  connector?: string | null;
  unitCode?: string | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

const COLUMNS = sql`id, connector, count_basis, unit_code, unit_parent_code, to_char(from_date, 'YYYY-MM-DD') as from_date,
  to_char(to_date, 'YYYY-MM-DD') as to_date, status, trigger, requested_by, local_total, remote_total, resent,
  awaiting_delivery, not_resendable, follow_up_of_id, follow_up_id, follow_up_due_at, created_at`;

/**
 * The SQL of reconciliation reports. Writes take the caller's transaction (a report, its rows, the
 * repair and the follow-up job are committed together or not at all); reads filter by scope: a
 * unit code sees the reports of that unit and, for a province, of its communes; null sees all.
 */
export const reconciliationStore = {
  async insert(db: Db, report: NewReport, rows: readonly ReconciliationRowData[]): Promise<number> {
    const { rows: inserted } = await sql<{ id: string }>`insert into reconciliation_report (connector, count_basis, unit_code,
        unit_parent_code, from_date, to_date, status, trigger, requested_by, local_total, remote_total, resent, awaiting_delivery,
        not_resendable, follow_up_of_id, follow_up_due_at)
      values (${report.connector}, ${report.countBasis}, ${report.unitCode}, ${report.unitParentCode}, ${report.from}::date,
        ${report.to}::date, ${report.status}, ${report.trigger}, ${report.requestedBy}, ${report.localTotal}, ${report.remoteTotal},
        ${report.resent}::text[], ${report.awaitingDelivery}::text[], ${report.notResendable}::text[], ${report.followUpOfId},
        ${report.followUpDueAt})
      returning id`.execute(db);
    const id = Number(inserted[0]!.id);
    if (rows.length > 0) {
      const column = <T>(f: (r: ReconciliationRowData) => T) => rows.map(f);
      // Code lists travel as JSON: a text[][] cannot hold lists of different lengths.
      await sql`insert into reconciliation_row (report_id, unit_code, day, local_count, remote_count, missing_remotely, unknown_locally)
        select ${id}, t.unit_code, t.day, t.local_count, t.remote_count,
          array(select jsonb_array_elements_text(t.missing)), array(select jsonb_array_elements_text(t.unknown))
        from unnest(${column((r) => r.unitCode)}::text[], ${column((r) => r.date)}::date[], ${column((r) => r.localCount)}::int[],
          ${column((r) => r.remoteCount)}::int[], ${column((r) => JSON.stringify(r.missingRemotely))}::jsonb[],
          ${column((r) => JSON.stringify(r.unknownLocally))}::jsonb[])
          as t(unit_code, day, local_count, remote_count, missing, unknown)`.execute(db);
    }
    return id;
  },

  /** Records the repair's outcome on a report written before the repair ran (same transaction). */
  async setRepair(db: Db, id: number, repair: RepairOutcome, followUpDueAt: Date | null): Promise<void> {
    await sql`update reconciliation_report set resent = ${repair.resent}::text[], awaiting_delivery = ${repair.awaitingDelivery}::text[],
      not_resendable = ${repair.notResendable}::text[], follow_up_due_at = ${followUpDueAt} where id = ${id}`.execute(db);
  },

  async linkFollowUp(db: Db, originalId: number, followUpId: number): Promise<void> {
    await sql`update reconciliation_report set follow_up_id = ${followUpId} where id = ${originalId}`.execute(db);
  },

  async byId(db: Db, id: number, scope: string | null): Promise<ReconciliationReportRow | null> {
    const where = sql.join([sql`id = ${id}`, ...scopeConditions(scope)], sql` and `);
    const { rows } = await sql<RawReport>`select ${COLUMNS} from reconciliation_report where ${where}`.execute(db);
    return rows[0] ? toReport(rows[0]) : null;
  },

  async byIds(db: Db, ids: readonly number[], scope: string | null): Promise<Map<number, ReconciliationReportRow>> {
    if (ids.length === 0) return new Map();
    const where = sql.join([sql`id = any(${[...ids]}::bigint[])`, ...scopeConditions(scope)], sql` and `);
    const { rows } = await sql<RawReport>`select ${COLUMNS} from reconciliation_report where ${where}`.execute(db);
    return new Map(rows.map((r) => [Number(r.id), toReport(r)]));
  },

  /** Newest first, `first + 1` rows after the keyset `after` (a report id). */
  async list(db: Db, scope: string | null, filter: ReportFilter, first: number, after: number | null): Promise<ReconciliationReportRow[]> {
    const where = sql.join([sql`true`, ...scopeConditions(scope), ...filterConditions(filter), ...(after === null ? [] : [sql`id < ${after}`])], sql` and `);
    const { rows } = await sql<RawReport>`select ${COLUMNS} from reconciliation_report where ${where}
      order by id desc limit ${first + 1}`.execute(db);
    return rows.map(toReport);
  },

  async count(db: Db, scope: string | null, filter: ReportFilter): Promise<number> {
    const where = sql.join([sql`true`, ...scopeConditions(scope), ...filterConditions(filter)], sql` and `);
    const { rows } = await sql<{ n: string }>`select count(*) as n from reconciliation_report where ${where}`.execute(db);
    return Number(rows[0]!.n);
  },

  /** The rows of several reports, by unit then day; `includeMatched` false keeps the rows with a difference. */
  async rows(db: Db, reportIds: readonly number[], includeMatched: boolean): Promise<Map<number, ReconciliationRowData[]>> {
    const byReport = new Map<number, ReconciliationRowData[]>(reportIds.map((id) => [id, []]));
    if (reportIds.length === 0) return byReport;
    const mismatched = includeMatched
      ? sql``
      : sql`and (local_count <> remote_count or cardinality(missing_remotely) > 0 or cardinality(unknown_locally) > 0)`;
    const { rows } = await sql<RawRow>`select report_id, unit_code, to_char(day, 'YYYY-MM-DD') as day, local_count, remote_count,
        missing_remotely, unknown_locally
      from reconciliation_row where report_id = any(${[...reportIds]}::bigint[]) ${mismatched}
      order by report_id, unit_code, day`.execute(db);
    for (const r of rows) {
      byReport.get(Number(r.report_id))?.push({
        unitCode: r.unit_code,
        date: r.day,
        localCount: r.local_count,
        remoteCount: r.remote_count,
        difference: r.local_count - r.remote_count,
        missingRemotely: r.missing_remotely,
        unknownLocally: r.unknown_locally,
      });
    }
    return byReport;
  },
};

function filterConditions(filter: ReportFilter): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  if (filter.connector) parts.push(sql`connector = ${filter.connector}`);
  if (filter.unitCode) parts.push(sql`unit_code = ${filter.unitCode}`);
  return parts;
}

interface RawReport {
  id: string;
  connector: string;
  count_basis: CountBasis;
  unit_code: string;
  unit_parent_code: string | null;
  from_date: string;
  to_date: string;
  status: ReconciliationStatus;
  trigger: ReconciliationTrigger;
  requested_by: string | null;
  local_total: number;
  remote_total: number;
  resent: string[];
  awaiting_delivery: string[];
  not_resendable: string[];
  follow_up_of_id: string | null;
  follow_up_id: string | null;
  follow_up_due_at: Date | string | null;
  created_at: Date | string;
}

interface RawRow {
  report_id: string;
  unit_code: string;
  day: string;
  local_count: number;
  remote_count: number;
  missing_remotely: string[];
  unknown_locally: string[];
}

function toReport(r: RawReport): ReconciliationReportRow {
  return {
    id: Number(r.id),
    connector: r.connector,
    countBasis: r.count_basis,
    unitCode: r.unit_code,
    unitParentCode: r.unit_parent_code,
    from: r.from_date,
    to: r.to_date,
    status: r.status,
    trigger: r.trigger,
    requestedBy: r.requested_by,
    localTotal: r.local_total,
    remoteTotal: r.remote_total,
    resent: r.resent,
    awaitingDelivery: r.awaiting_delivery,
    notResendable: r.not_resendable,
    followUpOfId: r.follow_up_of_id === null ? null : Number(r.follow_up_of_id),
    followUpId: r.follow_up_id === null ? null : Number(r.follow_up_id),
    followUpDueAt: dateOrNull(r.follow_up_due_at),
    createdAt: dateOrNull(r.created_at)!,
  };
}
