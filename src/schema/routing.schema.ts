import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, Info, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { DossierAction, DossierStatus } from '../domain/vocabulary/dossier-enums.js';
import type { DossierRow } from '../domain/dossier/dossier-reader.js';
import { DossierStepStore, stepOverran, type DossierStepRow } from '../domain/routing/dossier-step-store.js';
import { RouteRole } from '../domain/routing/route-role.js';
import type { RouteStep } from '../domain/routing/route.service.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { GraphQLContext } from './context.js';
import { cursorOf, dossierPage } from './dossier.resolver.js';
import { DossierConnection, DossierType } from './dossier.types.js';
import { asMutation, asQuery, UserError } from './errors.js';
import { connectionOf } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { AdministrativeUnitType } from './unit.schema.js';

registerEnumType(RouteRole, { name: 'RouteRole', description: 'RECEIVE (receiving center), PROCESS (deciding agency), RETURN (result handed over)' });

@ObjectType({ description: "One step of a province's route for a procedure (quy trình liên thông)" })
export class RouteStepType {
  @Field(() => Int)
  position!: number;

  @Field(() => RouteRole)
  role!: RouteRole;

  @Field(() => String, { nullable: true, description: 'The unit that holds the dossier at this step; null: the center that received it' })
  unitCode!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => Int, { nullable: true, description: "This step's share of the deadline, in working days" })
  days!: number | null;
}

@InputType()
export class RouteStepInput {
  @Field(() => RouteRole)
  role!: RouteRole;

  @Field(() => String, { nullable: true, description: 'Null: the receiving center (RECEIVE, RETURN)' })
  unitCode?: string | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Int, { nullable: true, description: 'Share of the deadline in working days' })
  days?: number | null;
}

@ObjectType()
export class ProcedureRoutePayload {
  @Field(() => [RouteStepType], { nullable: true })
  steps!: RouteStep[] | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class UnitOfficersPayload {
  @Field(() => [String], { nullable: true })
  subs!: string[] | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class UnitConnectorPayload {
  @Field(() => String, { nullable: true })
  connector!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType('DossierStep', { description: 'One holding period of a dossier: a unit, and once assigned an officer; append-only' })
export class DossierStepType {
  @Field(() => Int)
  seq!: number;

  holderUnitId!: number;

  @Field({ description: 'Code of the holding unit' })
  holderUnitCode!: string;

  @Field(() => RouteRole)
  role!: RouteRole;

  @Field(() => String, { nullable: true, description: 'The officer (staff id) it was assigned to' })
  assignee!: string | null;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who handed it to this holder' })
  startedBy!: string | null;

  @Field(() => DateScalar, { nullable: true, description: "This step's own due date (its share of the deadline, on the holder's calendar)" })
  dueDate!: LocalDate | null;

  @Field(() => DateTimeScalar, { nullable: true })
  dueAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null while the holder still has it' })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true })
  endedBy!: string | null;

  @Field(() => DossierAction, { nullable: true, description: 'TRANSFER, ASSIGN or RETURN_TO_RECEIVER' })
  endAction!: DossierAction | null;

  @Field(() => Int, { description: 'Minutes held (until now while open)' })
  minutesHeld!: number;

  @Field({ description: 'Ended (or, open, still running) past its own due' })
  overran!: boolean;
}

@ObjectType({ description: 'Where dossiers go and where they go late, per holding unit and route role (docs/routing.md)' })
export class HolderStatisticsRow {
  @Field()
  unitCode!: string;

  @Field()
  unitName!: string;

  @Field(() => RouteRole)
  role!: RouteRole;

  @Field(() => Int, { description: 'Arrived at the unit in the period (received, transferred or returned to it)' })
  receivedIn!: number;

  @Field(() => Int, { description: 'Handed on in the period (TRANSFER, RETURN_TO_RECEIVER)' })
  transferredOut!: number;

  @Field(() => Int, { description: "Holdings past their own due: ended in the period, or still open at the period's end" })
  overdue!: number;

  @Field(() => Int, { description: "Holdings open at the period's end" })
  held!: number;

  @Field(() => Int, { description: 'Minutes held, over the holdings that ended in the period' })
  minutesHeld!: number;
}

const stepLoaders = new WeakMap<GraphQLContext, DataLoader<number, DossierStepRow[]>>();

function stepsLoader(ctx: GraphQLContext): DataLoader<number, DossierStepRow[]> {
  let loader = stepLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const byDossier = await DossierStepStore.ofDossiers(ctx.services.orm.em.fork().getKysely(), ids);
      return ids.map((id) => byDossier.get(id) ?? []);
    });
    stepLoaders.set(ctx, loader);
  }
  return loader;
}

function stepView(step: Omit<DossierStepRow, 'dossierId' | 'supplementRequested' | 'routePosition'>, now: Date): DossierStepType {
  return { ...step, minutesHeld: Math.floor(((step.endedAt ?? now).getTime() - step.startedAt.getTime()) / 60_000), overran: stepOverran(step, now) };
}

@Resolver(() => DossierType)
export class DossierRoutingFieldsResolver {
  @FieldResolver(() => AdministrativeUnitType, { description: 'The unit that has the dossier now (the receiving unit until a transfer)' })
  holder(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<AdministrativeUnit | null> {
    return ctx.loaders.unit.load(d.holderUnitId ?? d.unitId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The officer (staff id) it is assigned to at its holder' })
  assignee(@Root() d: DossierRow): string | null {
    return d.assignee;
  }

  @FieldResolver(() => [DossierStepType], {
    description: 'Who had it, since when, until when, and whether each step overran its own due; one open step at the receiving unit until it first moves',
  })
  async steps(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<DossierStepType[]> {
    const now = ctx.services.clock.now();
    const steps = await stepsLoader(ctx).load(d.id);
    if (steps.length > 0) return steps.map((s) => stepView(s, now));
    if (!d.receivedAt) return [];
    return [stepView({
      seq: 1, holderUnitId: d.unitId, holderUnitCode: d.unitCode, role: RouteRole.RECEIVE, assignee: null, startedAt: d.receivedAt,
      startedBy: null, dueDate: null, dueAt: null, endedAt: d.returnedAt ?? (d.status === DossierStatus.WITHDRAWN ? d.finishedAt : null), endedBy: null, endAction: null,
    }, now)];
  }
}

@Resolver()
export class RoutingResolver {
  @Query(() => [RouteStepType], { description: "A province's route for a procedure; empty when it set none" })
  procedureRoute(@Arg('provinceCode') provinceCode: string, @Arg('procedureCode') procedureCode: string, @Ctx() ctx: GraphQLContext): Promise<RouteStep[]> {
    return asQuery(ctx.lang, () => ctx.services.routes.route(provinceCode, procedureCode));
  }

  @Mutation(() => ProcedureRoutePayload, { description: "Replaces a province's route for a procedure (empty steps remove it)" })
  setProcedureRoute(
    @Arg('provinceCode') provinceCode: string,
    @Arg('procedureCode') procedureCode: string,
    @Arg('steps', () => [RouteStepInput]) steps: RouteStepInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProcedureRoutePayload> {
    return asMutation(ctx.lang, async (): Promise<{ steps: RouteStep[] | null }> => ({ steps: await ctx.services.routes.setRoute(ctx.actor, provinceCode, procedureCode, steps) }), { steps: null });
  }

  @Query(() => [String], { description: 'The officers (staff ids) a dossier held by this unit may be assigned to' })
  unitOfficers(@Arg('unitCode') unitCode: string, @Ctx() ctx: GraphQLContext): Promise<string[]> {
    return asQuery(ctx.lang, () => ctx.services.routes.officers(ctx.actor, unitCode));
  }

  @Mutation(() => UnitOfficersPayload, { description: "Replaces a unit's officers (PROVINCE_ADMIN, SYSTEM_ADMIN)" })
  setUnitOfficers(@Arg('unitCode') unitCode: string, @Arg('subs', () => [String]) subs: string[], @Ctx() ctx: GraphQLContext): Promise<UnitOfficersPayload> {
    return asMutation(ctx.lang, async (): Promise<{ subs: string[] | null }> => ({ subs: await ctx.services.routes.setOfficers(ctx.actor, unitCode, subs) }), { subs: null });
  }

  @Query(() => String, { nullable: true, description: 'The connector of a unit that works in another system; null: it works in this one' })
  unitConnector(@Arg('unitCode') unitCode: string, @Ctx() ctx: GraphQLContext): Promise<string | null> {
    return asQuery(ctx.lang, () => ctx.services.routes.unitConnector(unitCode));
  }

  @Mutation(() => UnitConnectorPayload, { description: 'Transfers to this unit are delivered by this connector (e.g. "agency-system"); null: none' })
  setUnitConnector(
    @Arg('unitCode') unitCode: string,
    @Arg('connector', () => String, { nullable: true }) connector: string | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<UnitConnectorPayload> {
    return asMutation(ctx.lang, async (): Promise<{ connector: string | null }> => ({ connector: await ctx.services.routes.setUnitConnector(ctx.actor, unitCode, connector ?? null) }), { connector: null });
  }

  @Query(() => DossierConnection, { description: 'The officer desk: what an officer holds (the caller by default), unfinished or awaiting hand-over' })
  async officerDesk(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('sub', () => String, { nullable: true }) sub?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.routingStatistics.desk(ctx.actor, sub ?? null, dossierPage({ first, after }), info.fieldName);
      return connectionOf(page, cursorOf, Boolean(after));
    });
  }

  @Query(() => [HolderStatisticsRow], { description: 'Statistics by holding unit and route role: where dossiers go and where they go late' })
  holderStatistics(
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
    @Ctx() ctx: GraphQLContext,
  ): Promise<HolderStatisticsRow[]> {
    return asQuery(ctx.lang, () => ctx.services.routingStatistics.byHolder(ctx.actor, unitCode, from, to));
  }
}
