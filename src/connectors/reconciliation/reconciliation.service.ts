import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { requireCapability, requireUnitInScope } from '../../domain/access/access-policy.js';
import type { Actor } from '../../domain/access/actor.js';
import { DomainError } from '../../domain/errors.js';
import { pageFrom, type Page, type PageRequest } from '../../domain/paging.js';
import type { Clock } from '../../domain/time/clock.js';
import { addDays, daysBetween, localDateOf, VN_TIME_ZONE, type LocalDate } from '../../domain/time/local-time.js';
import type { UnitService, UnitSubtree } from '../../domain/unit/unit.service.js';
import type { Logger } from '../../logger.js';
import type { ConnectorPorts } from '../runtime/connector-ports.js';
import { configurationProblem, type ConnectorEntry } from '../runtime/connector-entry.js';
import { asConnectorError, ErrorClass } from '../sdk/connector-error.js';
import { scopeOf } from '../scope.js';
import type { RemoteDayCount } from '../sdk/index.js';
import { localDayCodes } from './local-counts.js';
import { requeueMissingDeliveries } from './outbox-repair.js';
import { compareDayCounts, type ReconciliationRowData } from './reconciliation-diff.js';
import type { ReconciliationSettings } from './reconciliation-settings.js';
import {
  reconciliationStore as store,
  ReconciliationTrigger,
  type ReconciliationReportRow,
  type ReportFilter,
} from './reconciliation-store.js';

export interface ReconcileRequest {
  connector: string;
  unitCode: string;
  from: LocalDate;
  to: LocalDate;
}

/** The queue reconciliation hands its follow-ups to (pg-boss in production), inside the report's transaction. */
export interface FollowUpScheduler {
  scheduleFollowUp(db: unknown, reportId: number, delaySeconds: number): Promise<void>;
  /** The next time the nightly run fires, or null when it cannot be told. */
  nextRun(cron: string, timeZone: string, after: Date): Date | null;
}

/** What `reconciliationSchedule` shows. */
export interface ReconciliationScheduleView {
  enabled: boolean;
  cron: string;
  timeZone: string;
  days: number;
  followUpDelaySeconds: number;
  maxDays: number;
  nextRunAt: Date | null;
  /** Keys of the connectors the nightly run reconciles (enabled, configured, able to count). */
  connectors: string[];
}

export interface ReconciliationEvidence {
  report: ReconciliationReportRow;
  rows: ReconciliationRowData[];
  unitNames: ReadonlyMap<string, string>;
}

interface Target {
  entry: ConnectorEntry;
  /** The unit reconciled and every unit it covers. */
  units: UnitSubtree;
  from: LocalDate;
  to: LocalDate;
}

/**
 * Reconciliation (issue 5): proves that a remote system counts the same dossiers as were received
 * here, per unit and day, finds the ones it lost, re-sends them, and checks again once the
 * re-sent deliveries have had time. A report is all or nothing: the remote is asked before anything
 * is written, and the report, its rows, the re-queued deliveries and the follow-up job are
 * committed in one transaction.
 *
 * Access: the `manageConnectors` capability (SYSTEM_ADMIN everything, PROVINCE_ADMIN its province
 * and communes, INTEGRATOR its unit).
 */
export class ReconciliationService {
  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: ConnectorPorts,
    readonly settings: ReconciliationSettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly unitService: UnitService,
    /** The job queue's follow-ups; without one, repairs are made but no follow-up is scheduled. */
    private readonly scheduler: FollowUpScheduler | null,
  ) {}

  private get db() {
    return this.orm.em.fork().getKysely();
  }

  /** Mutation.reconcile. */
  async reconcile(actor: Actor | null, request: ReconcileRequest): Promise<ReconciliationReportRow> {
    const who = requireCapability(actor, 'manageConnectors');
    const target = await this.targetOf(request);
    requireUnitInScope(who, target.units.unit, ['unitCode']);
    return this.run(target, ReconciliationTrigger.MANUAL, who.sub, null);
  }

  /** The nightly run for one province and connector (a job: its errors are retried by the queue). */
  async reconcileScheduled(connector: string, unitCode: string, from: LocalDate, to: LocalDate): Promise<ReconciliationReportRow> {
    return this.run(await this.targetOf({ connector, unitCode, from, to }), ReconciliationTrigger.SCHEDULED, null, null);
  }

  /**
   * The check after a repair: the same connector, unit and period, linked from the first report. It
   * re-sends nothing (a second repair would need a third check); what it still finds is evidence for
   * a person, and the next nightly run repairs it. Idempotent: a job run twice links one follow-up.
   */
  async followUp(reportId: number): Promise<ReconciliationReportRow | null> {
    const original = await store.byId(this.db, reportId, null);
    if (!original) return null;
    if (original.followUpId !== null) return store.byId(this.db, original.followUpId, null);
    const target = await this.targetOf({ connector: original.connector, unitCode: original.unitCode, from: original.from, to: original.to });
    return this.run(target, ReconciliationTrigger.FOLLOW_UP, null, original.id);
  }

  async report(actor: Actor | null, id: number): Promise<ReconciliationReportRow | null> {
    const who = requireCapability(actor, 'manageConnectors');
    return store.byId(this.db, id, scopeOf(who));
  }

  /** Several reports at once (DataLoader), each only if in the actor's scope. */
  async reportsByIds(actor: Actor | null, ids: readonly number[]): Promise<Map<number, ReconciliationReportRow>> {
    const who = requireCapability(actor, 'manageConnectors');
    return store.byIds(this.db, ids, scopeOf(who));
  }

  /** Query.reconciliationReports: newest first. */
  async reports(actor: Actor | null, filter: ReportFilter, page: PageRequest<number>): Promise<Page<ReconciliationReportRow>> {
    const who = requireCapability(actor, 'manageConnectors');
    const scope = scopeOf(who);
    const clean = { connector: filter.connector?.trim() || null, unitCode: filter.unitCode?.trim() || null };
    const rows = await store.list(this.db, scope, clean, page.first, page.after);
    return pageFrom(rows, page.first, () => store.count(this.db, scope, clean));
  }

  /** The rows of reports the caller already read (scope checked there). */
  async rows(reportIds: readonly number[], includeMatched: boolean): Promise<Map<number, ReconciliationRowData[]>> {
    return store.rows(this.db, reportIds, includeMatched);
  }

  /** What the CSV evidence shows: the report, every row (matched ones too) and the units' names. */
  async evidence(actor: Actor | null, id: number): Promise<ReconciliationEvidence | null> {
    const report = await this.report(actor, id);
    if (!report) return null;
    const rows = (await store.rows(this.db, [id], true)).get(id) ?? [];
    const codes = [...new Set([report.unitCode, ...rows.map((r) => r.unitCode)])];
    const { rows: units } = await sql<{ code: string; name: string }>`select code, name from administrative_unit
      where code = any(${codes}::text[])`.execute(this.db);
    return { report, rows, unitNames: new Map(units.map((u) => [u.code, u.name])) };
  }

  schedule(actor: Actor | null): ReconciliationScheduleView {
    requireCapability(actor, 'manageConnectors');
    const { enabled, cron, days, followUpDelaySeconds, maxDays } = this.settings;
    return {
      enabled,
      cron,
      timeZone: VN_TIME_ZONE,
      days,
      followUpDelaySeconds,
      maxDays,
      nextRunAt: enabled ? (this.scheduler?.nextRun(cron, VN_TIME_ZONE, this.clock.now()) ?? null) : null,
      connectors: this.countingConnectors().map((e) => e.connector.key),
    };
  }

  /** Connectors the nightly run reconciles: enabled, configured, with the counting capability. */
  countingConnectors(): ConnectorEntry[] {
    return this.runtime.entries.filter((e) => e.settings.enabled && e.connector.countRemote && configurationProblem(e) === null);
  }

  /** The period of the nightly run: `days` days ending yesterday (local). */
  scheduledPeriod(): { from: LocalDate; to: LocalDate } {
    const to = addDays(localDateOf(this.clock.now()), -1);
    return { from: addDays(to, -(this.settings.days - 1)), to };
  }

  /** Codes of the active province-level units (each reconciled as a whole every night). */
  async provinceCodes(): Promise<string[]> {
    const today = localDateOf(this.clock.now());
    const { rows } = await sql<{ code: string }>`select code from administrative_unit
      where parent_id is null and (valid_to is null or valid_to >= ${today}::date) order by code`.execute(this.db);
    return rows.map((r) => r.code);
  }

  /** Checks the request (coded errors, nothing written) and resolves the connector and the units it covers. */
  private async targetOf(request: ReconcileRequest): Promise<Target> {
    const { from, to } = request;
    if (from > to) throw new DomainError('INVALID_PERIOD', ['from']);
    if (to > localDateOf(this.clock.now())) throw new DomainError('RECONCILIATION_PERIOD_IN_FUTURE', ['to']);
    if (daysBetween(from, to) + 1 > this.settings.maxDays) {
      throw new DomainError('RECONCILIATION_PERIOD_TOO_LONG', ['to'], { max: this.settings.maxDays });
    }
    const entry = this.runtime.entry(request.connector.trim());
    if (!entry) throw new DomainError('NOT_FOUND', ['connector'], { code: request.connector });
    if (!entry.connector.countRemote || !entry.connector.countBasis) {
      throw new DomainError('RECONCILIATION_NOT_SUPPORTED', ['connector'], { connector: entry.connector.key });
    }
    if (!entry.settings.enabled) throw new DomainError('CONNECTOR_DISABLED', ['connector'], { connector: entry.connector.key });
    const units = await this.unitService.subtree(request.unitCode.trim());
    if (!units) throw new DomainError('NOT_FOUND', ['unitCode'], { code: request.unitCode });
    return { entry, units, from, to };
  }

  private async run(target: Target, trigger: ReconciliationTrigger, requestedBy: string | null, followUpOf: number | null): Promise<ReconciliationReportRow> {
    const { entry, from, to } = target;
    const { unit, ids, codes } = target.units;
    const key = entry.connector.key;
    const basis = entry.connector.countBasis!;
    // Both sides at once: the local query and the remote's report do not wait for each other.
    const [local, remote] = await Promise.all([
      localDayCodes(this.orm, { unitIds: ids, from, to, basis, connector: key }),
      this.countRemote(entry, { unitCode: unit.code, provinceCode: unit.parentCode ?? unit.code, unitCodes: codes, from, to }),
    ]);
    const comparison = compareDayCounts(local, remote);
    const repairs = trigger !== ReconciliationTrigger.FOLLOW_UP && comparison.missingRemotely.length > 0;

    const id = await this.orm.em.fork().transactional(async (em) => {
      const db = em.getKysely();
      const reportId = await store.insert(db, {
        connector: key,
        countBasis: basis,
        unitCode: unit.code,
        unitParentCode: unit.parentCode,
        from,
        to,
        status: comparison.status,
        trigger,
        requestedBy,
        localTotal: comparison.localTotal,
        remoteTotal: comparison.remoteTotal,
        resent: [],
        awaitingDelivery: [],
        notResendable: [],
        followUpOfId: followUpOf,
        followUpDueAt: null,
      }, comparison.rows);
      if (followUpOf !== null) await store.linkFollowUp(db, followUpOf, reportId);
      if (repairs) {
        const connectorKeys = new Set(this.runtime.entries.map((e) => e.connector.key));
        const repair = await requeueMissingDeliveries(em, { connector: entry.connector, settings: entry.settings, connectorKeys }, comparison.missingRemotely, reportId);
        const delay = this.settings.followUpDelaySeconds;
        const follows = repair.resent.length > 0 && this.scheduler !== null;
        if (follows) await this.scheduler!.scheduleFollowUp(db, reportId, delay);
        await store.setRepair(db, reportId, repair, follows ? new Date(this.clock.now().getTime() + delay * 1000) : null);
      }
      return reportId;
    });
    if (repairs) this.runtime.wake([key]);
    const report = (await store.byId(this.db, id, null))!;
    this.logger.info({
      report: id, connector: key, unit: unit.code, from, to, trigger, status: report.status,
      localTotal: report.localTotal, remoteTotal: report.remoteTotal, resent: report.resent.length,
    }, 'reconciliation report written');
    return report;
  }

  /** The remote's answer, or a coded error: nothing has been written yet, so a failure leaves no trace but the exchange log. */
  private async countRemote(entry: ConnectorEntry, query: Parameters<ConnectorPorts['countRemote']>[1]): Promise<RemoteDayCount[]> {
    const connector = entry.connector.key;
    try {
      return await this.runtime.countRemote(connector, query);
    } catch (thrown) {
      const error = asConnectorError(thrown);
      this.logger.warn({ connector, errorClass: error.errorClass, httpStatus: error.httpStatus, message: error.message }, 'reconciliation: the remote could not count');
      if (error.errorClass === ErrorClass.CONFIG) throw new DomainError('CONNECTOR_NOT_CONFIGURED', ['connector'], { connector });
      if (error.errorClass === ErrorClass.REMOTE_REJECTED) throw new DomainError('REMOTE_COUNT_REJECTED', ['connector'], { connector });
      throw new DomainError('REMOTE_UNAVAILABLE', ['connector'], { connector });
    }
  }
}
