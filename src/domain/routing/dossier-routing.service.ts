import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { currentHolderOf, requireActor } from '../access/access-policy.js';
import { Role, type Actor } from '../access/actor.js';
import { loadDeadlineRules } from '../calendar/deadline-rules.js';
import { MAX_NOTE_LENGTH } from '../dossier/dossier-action.service.js';
import { DossierAction, ROUTING_ACTIONS } from '../vocabulary/dossier-enums.js';
import { DossierEvent } from '../dossier/dossier-event.entity.js';
import { SYSTEM_KEY_PREFIX, type DossierTransitions } from '../dossier/dossier-transition.js';
import type { Dossier } from '../dossier/dossier.entity.js';
import { allowedActions } from '../dossier/lifecycle.js';
import { DomainError } from '../errors.js';
import { AdministrativeUnit } from '../unit/administrative-unit.entity.js';
import { lockForAction } from '../dossier/dossier-action-guard.js';
import { DossierStepStore, stepDeadline, type NewStep } from './dossier-step-store.js';
import { RouteRole } from './route-role.js';
import type { RouteService, RouteStep } from './route.service.js';

export interface RoutingActionInput {
  dossierId: number;
  action: DossierAction;
  /** TRANSFER: the unit of the route that takes the dossier. */
  toUnitCode?: string | null;
  /** ASSIGN: the officer (token sub) of the holding unit. */
  assignee?: string | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Liên thông (docs/routing.md): TRANSFER to another unit of the procedure's route, ASSIGN to an
 * officer of the holding unit, RETURN_TO_RECEIVER once resolved. Each goes through the same
 * DossierTransitions as every action (row lock, idempotency, history event and listeners in one
 * transaction) and leaves the national status as it is; the holding periods are `dossier_step`
 * rows written in that transaction. Every check comes before the first write: a refusal writes nothing.
 */
export class DossierRoutingService {
  constructor(
    private readonly orm: MikroORM,
    private readonly transitions: DossierTransitions,
    private readonly routes: RouteService,
  ) {}

  async act(actor: Actor | null, input: RoutingActionInput): Promise<number> {
    const who = requireActor(actor);
    validateRoutingArguments(input);
    return this.orm.em.fork().transactional(async (em) => {
      const { dossier, ref, repeated } = await lockForAction(em, this.transitions, who, input);
      if (repeated) return dossier.id;
      const unit = dossier.unit.getEntity();
      if (!allowedActions(dossier.status).includes(input.action)) {
        throw new DomainError('INVALID_TRANSITION', ['input', 'action'], { action: input.action, status: dossier.status });
      }

      const holderCode = currentHolderOf(ref).code;
      const holder = holderCode === unit.code ? unit : (await em.findOneOrFail(AdministrativeUnit, { code: holderCode }));
      const route = await this.routes.route(unit.provinceCode, dossier.procedure.getEntity().code, em);
      // The receiving center's own period is written when the dossier first moves (intake writes no step).
      const stored = await DossierStepStore.current(em, dossier.id);
      const current = stored ?? (await this.receivingStep(em, dossier, route));
      const next = await this.nextHolding(em, who, dossier, input, { holder, current, route, assignee: ref.assignee });

      const supplementBefore = dossier.supplementRequested;
      const supplementRequestedByTarget = next.unit.id === holder.id
        ? supplementBefore
        : await DossierStepStore.supplementRequestedBy(em, dossier.id, next.unit.id);
      await this.transitions.apply(em, dossier, {
        action: input.action,
        note: input.note,
        actor: who.sub,
        idempotencyKey: input.idempotencyKey,
        supplementRequestedByTarget,
        transfer: next.unit.id === holder.id ? null : {
          fromUnitCode: holder.code, toUnitCode: next.unit.code, toUnitName: next.unit.name, toConnector: await connectorOf(em, next.unit.id),
        },
      });
      const event = await em.findOneOrFail(DossierEvent, { dossier, seq: dossier.eventCount });
      if (!stored) await DossierStepStore.insert(em, current);
      await DossierStepStore.close(em, dossier.id, { at: event.at, by: who.sub, action: input.action, supplementRequested: supplementBefore });
      const due = next.inherit
        ? { dueDate: current.dueDate, dueAt: current.dueAt }
        : stepDeadline(event.at, next.routeStep?.days ?? null, (await loadDeadlineRules(em, next.unit.id, dossier.procedure.getEntity())).calendar);
      await DossierStepStore.insert(em, {
        dossierId: dossier.id, seq: current.seq + 1, holderUnitId: next.unit.id, role: next.role,
        routePosition: next.inherit ? current.routePosition : (next.routeStep?.position ?? null),
        assignee: next.assignee, startedAt: event.at, startedBy: who.sub, ...due,
      });
      await sql`update dossier set holder_unit_id = ${next.unit.id}, assignee = ${next.assignee} where id = ${dossier.id}`.execute(em.getKysely());
      return dossier.id;
    });
  }

  /** Where the dossier goes and under which route step, or the coded refusal. */
  private async nextHolding(
    em: EntityManager,
    who: Actor,
    dossier: Dossier,
    input: RoutingActionInput,
    at: { holder: AdministrativeUnit; current: NewStep; route: RouteStep[]; assignee: string | null },
  ): Promise<{ unit: AdministrativeUnit; role: RouteRole; routeStep: RouteStep | null; assignee: string | null; inherit?: boolean }> {
    const receiving = dossier.unit.getEntity();
    const position = at.current.routePosition ?? 0;
    if (input.action === DossierAction.ASSIGN) {
      const assignee = input.assignee!.trim();
      if (assignee === at.assignee) throw new DomainError('ALREADY_ASSIGNED', ['input', 'assignee']);
      const self = assignee === who.sub && who.unitCode === at.holder.code && who.role !== Role.CITIZEN;
      if (!self && !(await isOfficerOf(em, at.holder.id, assignee))) {
        throw new DomainError('ASSIGNEE_NOT_IN_UNIT', ['input', 'assignee'], { unit: at.holder.code });
      }
      // An internal step of the holding agency: it keeps the agency's share of the deadline.
      return { unit: at.holder, role: at.current.role, routeStep: null, assignee, inherit: true };
    }
    if (at.route.length === 0) throw new DomainError('NO_ROUTE', ['input', 'action'], { province: receiving.provinceCode });
    if (input.action === DossierAction.RETURN_TO_RECEIVER) {
      if (at.holder.id === receiving.id) throw new DomainError('ALREADY_HELD', ['input', 'action'], { unit: receiving.code });
      const step = at.route.find((s) => s.role === RouteRole.RETURN) ?? null;
      return { unit: receiving, role: RouteRole.RETURN, routeStep: step, assignee: null };
    }
    const target = await em.findOne(AdministrativeUnit, { code: input.toUnitCode! });
    if (!target) throw new DomainError('NOT_FOUND', ['input', 'toUnitCode'], { code: input.toUnitCode! });
    // A route is its province's: a transfer never leaves the province of the receiving unit.
    if (target.provinceCode !== receiving.provinceCode) throw new DomainError('TRANSFER_OUTSIDE_SCOPE', ['input', 'toUnitCode'], { code: target.code });
    const matches = at.route.filter((s) => (s.unitId ?? receiving.id) === target.id && s.role !== RouteRole.RETURN);
    if (matches.length === 0) throw new DomainError('UNIT_NOT_IN_ROUTE', ['input', 'toUnitCode'], { code: target.code });
    if (target.id === at.holder.id) throw new DomainError('ALREADY_HELD', ['input', 'toUnitCode'], { unit: target.code });
    // Forward along the route when the unit comes later; back to an earlier step otherwise.
    const step = matches.find((s) => s.position > position) ?? matches[0]!;
    return { unit: target, role: step.role, routeStep: step, assignee: null };
  }

  /** The period at the receiving center from receipt, as the first routing action writes it. */
  private async receivingStep(em: EntityManager, dossier: Dossier, route: RouteStep[]): Promise<NewStep> {
    const unit = dossier.unit.getEntity();
    const receiveStep = route.find((s) => s.role === RouteRole.RECEIVE) ?? null;
    const calendar = (await loadDeadlineRules(em, unit.id, dossier.procedure.getEntity())).calendar;
    const first = await em.findOne(DossierEvent, { dossier, seq: 1 }, { fields: ['actor'] });
    return {
      dossierId: dossier.id, seq: 1, holderUnitId: unit.id, role: RouteRole.RECEIVE, routePosition: receiveStep?.position ?? null,
      assignee: null, startedAt: dossier.receivedAt!, startedBy: first?.actor ?? null,
      ...stepDeadline(dossier.receivedAt!, receiveStep?.days ?? null, calendar),
    };
  }
}

/** The connector of a unit that works in another system (setUnitConnector), else null. */
async function connectorOf(em: EntityManager, unitId: number): Promise<string | null> {
  const { rows } = await sql<{ connector: string | null }>`select connector from administrative_unit where id = ${unitId}`.execute(em.getKysely());
  return rows[0]?.connector ?? null;
}

async function isOfficerOf(em: EntityManager, unitId: number, sub: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from unit_officer where unit_id = ${unitId} and sub = ${sub}`.execute(em.getKysely());
  return rows[0]!.n > 0;
}

function validateRoutingArguments(input: RoutingActionInput): void {
  if (!ROUTING_ACTIONS.has(input.action)) throw new DomainError('INVALID_TRANSITION', ['input', 'action'], { action: input.action, status: '-' });
  if (input.note && input.note.length > MAX_NOTE_LENGTH) throw new DomainError('NOTE_TOO_LONG', ['input', 'note']);
  if (input.idempotencyKey?.startsWith(SYSTEM_KEY_PREFIX)) throw new DomainError('INVALID_IDEMPOTENCY_KEY', ['input', 'idempotencyKey']);
  const transfer = input.action === DossierAction.TRANSFER;
  const assign = input.action === DossierAction.ASSIGN;
  if (transfer && !input.toUnitCode) throw new DomainError('TO_UNIT_REQUIRED', ['input', 'toUnitCode']);
  if (!transfer && input.toUnitCode) throw new DomainError('TO_UNIT_NOT_ALLOWED', ['input', 'toUnitCode']);
  if (assign && !input.assignee?.trim()) throw new DomainError('ASSIGNEE_REQUIRED', ['input', 'assignee']);
  if (!assign && input.assignee) throw new DomainError('ASSIGNEE_NOT_ALLOWED', ['input', 'assignee']);
  if (input.assignee && input.assignee.length > 200) throw new DomainError('BAD_USER_INPUT', ['input', 'assignee']);
}
