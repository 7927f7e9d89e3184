import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { requireCapability, requireUnitInScope } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { DomainError } from '../errors.js';
import type { Page, PageRequest } from '../paging.js';
import type { DossierCursor, DossierReader, DossierRow } from '../dossier/dossier-reader.js';
import { DossierStatus, UNFINISHED_STATUSES } from '../vocabulary/dossier-enums.js';
import { validatePeriod } from '../statistics/statistics-period.js';
import type { Clock } from '../time/clock.js';
import { addDays, localDateOf, startOfLocalDay, type LocalDate } from '../time/local-time.js';
import type { UnitService } from '../unit/unit.service.js';
import type { DossierReadAudit } from '../dossier/dossier-read-audit.js';
import type { RouteRole } from './route-role.js';

/** Where dossiers went and where they went late: one row per holding unit and route role. */
export interface HolderStatisticsRow {
  unitCode: string;
  unitName: string;
  role: RouteRole;
  /** Dossiers that arrived at the unit in the period (received there, or transferred or returned to it). */
  receivedIn: number;
  /** Dossiers the unit handed on in the period (TRANSFER or RETURN_TO_RECEIVER). */
  transferredOut: number;
  /** Holdings that ended in the period past their own due, or still open past it at the period's end. */
  overdue: number;
  /** Holdings open at the end of the period. */
  held: number;
  /** Minutes held, summed over the holdings that ended in the period. */
  minutesHeld: number;
}

/**
 * Statistics by holder (docs/routing.md): read from `dossier_step`, which every routing action
 * writes in its own transaction, so the figures are those of the steps themselves (there is no
 * second copy to drift from them and nothing to rebuild). Internal steps (ASSIGN) count as the same
 * holding: a dossier arrives at a unit once per transfer, not once per officer.
 */
export class RoutingStatisticsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly units: UnitService,
    private readonly reader: DossierReader,
    private readonly audit: DossierReadAudit,
    private readonly clock: Clock,
  ) {}

  async byHolder(actor: Actor | null, unitCode: string, from: LocalDate, to: LocalDate): Promise<HolderStatisticsRow[]> {
    const who = requireCapability(actor, 'readStatistics');
    validatePeriod(from, to);
    const subtree = await this.units.subtree(unitCode);
    if (!subtree) throw new DomainError('NOT_FOUND', ['unitCode'], { code: unitCode });
    requireUnitInScope(who, subtree.unit, ['unitCode']);
    const start = startOfLocalDay(from);
    const end = startOfLocalDay(addDays(to, 1));
    const now = this.clock.now();
    const cut = now < end ? now : end;
    const { rows } = await sql<{ code: string; name: string; role: RouteRole; received_in: number; transferred_out: number; overdue: number; held: number; minutes_held: string }>`
      with steps as (
        select s.*, lag(s.end_action) over (partition by s.dossier_id order by s.seq) as arrived_by,
          coalesce(s.due_at, (s.due_date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh') as deadline
        from dossier_step s where s.holder_unit_id = any(${subtree.ids}::bigint[]))
      select u.code, u.name, s.role,
        count(*) filter (where (s.arrived_by is null or s.arrived_by <> 'ASSIGN') and s.started_at >= ${start} and s.started_at < ${end})::int as received_in,
        count(*) filter (where s.end_action in ('TRANSFER', 'RETURN_TO_RECEIVER') and s.ended_at >= ${start} and s.ended_at < ${end})::int as transferred_out,
        count(*) filter (where (s.ended_at >= ${start} and s.ended_at < ${end} and s.ended_at > s.deadline)
          or (s.started_at < ${cut} and (s.ended_at is null or s.ended_at > ${cut}) and s.deadline < ${cut}))::int as overdue,
        count(*) filter (where s.started_at < ${cut} and (s.ended_at is null or s.ended_at > ${cut}))::int as held,
        coalesce(sum(extract(epoch from s.ended_at - s.started_at) / 60) filter (where s.ended_at >= ${start} and s.ended_at < ${end}), 0)::bigint as minutes_held
      from steps s join administrative_unit u on u.id = s.holder_unit_id
      group by u.code, u.name, s.role order by u.code, s.role`.execute(this.orm.em.fork().getKysely());
    return rows
      .map((r) => ({ unitCode: r.code, unitName: r.name, role: r.role, receivedIn: r.received_in, transferredOut: r.transferred_out, overdue: r.overdue, held: r.held, minutesHeld: Number(r.minutes_held) }))
      .filter((r) => r.receivedIn + r.transferredOut + r.overdue + r.held + r.minutesHeld > 0);
  }

  /**
   * The officer desk: dossiers an officer holds (assigned to `sub`, the actor by default) at a unit
   * of the actor's scope, unfinished or resolved and not yet handed over. Another officer's desk is
   * for the unit's LEADER and administrators.
   */
  async desk(actor: Actor | null, sub: string | null, page: PageRequest<DossierCursor>, operation: string): Promise<Page<DossierRow>> {
    const who = requireCapability(actor, 'readDossiers');
    const officer = sub ?? who.sub;
    if (officer !== who.sub && who.role !== Role.LEADER && who.role !== Role.PROVINCE_ADMIN && who.role !== Role.SYSTEM_ADMIN) {
      throw new DomainError('FORBIDDEN', ['sub']);
    }
    const subtree = who.unitCode ? await this.units.subtree(who.unitCode) : null;
    const result = await this.reader.list(
      {
        assignee: officer,
        holderUnitIds: subtree ? subtree.ids : null,
        statuses: [...UNFINISHED_STATUSES, DossierStatus.RESOLVED],
        today: localDateOf(this.clock.now()),
        now: this.clock.now(),
      },
      page,
    );
    await this.audit.recordReads(who, result.items.map((d) => d.id), operation);
    return result;
  }
}
