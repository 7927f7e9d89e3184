import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { ReconciliationRowData } from '../connectors/reconciliation/reconciliation-diff.js';
import type { ReconciliationScheduleView } from '../connectors/reconciliation/reconciliation.service.js';
import type { SyncRecordRow } from '../connectors/connector.service.js';
import { SyncRecordType } from './connector.schema.js';
import { ReconciliationTrigger, type ReconciliationReportRow } from '../connectors/reconciliation/reconciliation-store.js';
import { hasCapability } from '../domain/access/access-policy.js';
import type { LocalDate } from '../domain/time/local-time.js';
import { reconciliationCsvPath, REPORT_TYPE } from '../http/reconciliation-export.routes.js';
import type { GraphQLContext } from './context.js';
import { asQuery } from './errors.js';
import { Node } from './node.js';
import { connectionOf, ConnectionType, pageRequest, toGlobalId } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

export enum ReconciliationStatus {
  MATCHED = 'MATCHED',
  MISMATCHED = 'MISMATCHED',
}

registerEnumType(ReconciliationStatus, { name: 'ReconciliationStatus', description: 'MATCHED: same dossiers on both sides, every unit and day' });
registerEnumType(ReconciliationTrigger, {
  name: 'ReconciliationTrigger',
  description: 'MANUAL = Mutation.reconcile; SCHEDULED = the nightly run; FOLLOW_UP = the check after a repair',
});

@ObjectType('ReconciliationRow', { description: 'One unit and day (đối soát theo đơn vị và ngày tiếp nhận)' })
export class ReconciliationRowType {
  @Field()
  unitCode!: string;

  @Field(() => DateScalar)
  date!: LocalDate;

  @Field(() => Int, { description: 'Dossiers received that day on the connector\'s count basis, counted once per dossier' })
  localCount!: number;

  @Field(() => Int, { description: 'What the remote system reports for that day' })
  remoteCount!: number;

  @Field(() => Int, { description: 'localCount - remoteCount' })
  difference!: number;

  @Field(() => [String], { description: 'Dossier codes the remote does not have' })
  missingRemotely!: string[];

  @Field(() => [String], { description: 'Codes the remote has and we do not (for that unit and day)' })
  unknownLocally!: string[];
}

@ObjectType('ReconciliationReport', { implements: Node, description: 'Local and remote counts compared per unit and day, with what was re-sent' })
export class ReconciliationReportType extends Node {
  @Field()
  connector!: string;

  @Field({ description: 'ONLINE_RECEIVED (dossiers received online) or HANDLED (every dossier the connector handles)' })
  countBasis!: string;

  @Field({ description: 'A province (with all its communes) or a commune' })
  unitCode!: string;

  @Field(() => DateScalar)
  from!: LocalDate;

  @Field(() => DateScalar)
  to!: LocalDate;

  @Field(() => ReconciliationStatus)
  status!: ReconciliationStatus;

  @Field(() => Int)
  localTotal!: number;

  @Field(() => Int)
  remoteTotal!: number;

  @Field(() => ReconciliationTrigger)
  trigger!: ReconciliationTrigger;

  @Field(() => String, { nullable: true, description: 'Who asked (the token\'s sub); null for the schedule and follow-ups' })
  requestedBy!: string | null;

  @Field(() => [String], { description: 'Dossiers missing remotely whose deliveries were re-queued (same idempotency keys)' })
  resent!: string[];

  @Field(() => [String], { description: 'Dossiers missing remotely whose deliveries are still on their way (nothing re-sent)' })
  awaitingDelivery!: string[];

  @Field(() => [String], { description: 'Dossiers missing remotely that the connector has nothing to deliver for (e.g. excluded imports)' })
  notResendable!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the follow-up reconciliation is due (after a repair)' })
  followUpDueAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

export const ReconciliationReportConnection = ConnectionType(ReconciliationReportType, 'ReconciliationReport');

@ObjectType('ReconciliationSchedule', { description: 'The nightly reconciliation (RECONCILE_* settings)' })
export class ReconciliationScheduleType {
  @Field({ description: 'RECONCILE_ENABLED' })
  enabled!: boolean;

  @Field({ description: 'RECONCILE_CRON, evaluated in timeZone' })
  cron!: string;

  @Field()
  timeZone!: string;

  @Field(() => Int, { description: 'RECONCILE_DAYS: days covered, ending yesterday' })
  days!: number;

  @Field(() => Int, { description: 'RECONCILE_FOLLOW_UP_DELAY_SECONDS: wait before checking a repair' })
  followUpDelaySeconds!: number;

  @Field(() => Int, { description: 'RECONCILE_MAX_DAYS: the longest period of one reconciliation' })
  maxDays!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  nextRunAt!: Date | null;

  @Field(() => [String], { description: 'Connectors reconciled every night (enabled, configured, able to count)' })
  connectors!: string[];
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

@Resolver(() => ReconciliationReportType)
export class ReconciliationReportFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() r: ReconciliationReportRow): string {
    return toGlobalId(REPORT_TYPE, r.id);
  }

  @FieldResolver(() => [ReconciliationRowType], { description: 'One per unit and day with a difference; every unit and day that either side counted with includeMatched' })
  rows(
    @Root() r: ReconciliationReportRow,
    @Ctx() ctx: GraphQLContext,
    @Arg('includeMatched', () => Boolean, { defaultValue: false }) includeMatched: boolean,
  ): Promise<ReconciliationRowData[]> {
    const { loaders } = ctx;
    return (includeMatched ? loaders.reconciliationAllRows : loaders.reconciliationRows).load(r.id);
  }

  @FieldResolver(() => ReconciliationReportType, { nullable: true, description: 'The check made after this report\'s repair, once it has run' })
  async followUp(@Root() r: ReconciliationReportRow, @Ctx() ctx: GraphQLContext): Promise<ReconciliationReportRow | null> {
    return r.followUpId === null ? null : ctx.loaders.reconciliationReport.load(r.followUpId);
  }

  @FieldResolver(() => ReconciliationReportType, { nullable: true, description: 'The report whose repair this one checks (FOLLOW_UP)' })
  async followUpOf(@Root() r: ReconciliationReportRow, @Ctx() ctx: GraphQLContext): Promise<ReconciliationReportRow | null> {
    return r.followUpOfId === null ? null : ctx.loaders.reconciliationReport.load(r.followUpOfId);
  }

  @FieldResolver(() => String, { description: 'GET this path with the same bearer token: the CSV evidence (UTF-8, Vietnamese headers)' })
  csvPath(@Root() r: ReconciliationReportRow): string {
    return reconciliationCsvPath(toGlobalId(REPORT_TYPE, r.id));
  }
}

@Resolver(() => SyncRecordType)
export class SyncRecordReconciliationFieldsResolver {
  @FieldResolver(() => DateTimeScalar, {
    nullable: true,
    description: 'Set when a reconciliation found the remote had lost this acknowledged delivery and re-queued it as a new record with the same idempotency key',
  })
  supersededAt(@Root() r: SyncRecordRow): Date | null {
    return r.supersededAt;
  }

  @FieldResolver(() => ReconciliationReportType, { nullable: true, description: 'The reconciliation that queued this record again (null for ordinary deliveries)' })
  async reconciliationReport(@Root() r: SyncRecordRow, @Ctx() ctx: GraphQLContext): Promise<ReconciliationReportRow | null> {
    // Dossier.syncRecords shows records to every staff member; reports are for those who manage connectors.
    if (!hasCapability(ctx.actor, 'manageConnectors') || r.reconciliationReportId === null) return null;
    return ctx.loaders.reconciliationReport.load(r.reconciliationReportId);
  }
}

@Resolver()
export class ReconciliationResolver {
  @Query(() => ReconciliationReportConnection, { description: 'Newest first; PROVINCE_ADMIN and INTEGRATOR see the reports of their scope' })
  async reconciliationReports(
    @Ctx() ctx: GraphQLContext,
    @Arg('connector', () => String, { nullable: true }) connector?: string,
    @Arg('unitCode', () => String, { nullable: true }) unitCode?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.reconciliation.reports(ctx.actor, { connector, unitCode }, pageRequest({ first, after }, isId));
      return connectionOf(page, (r) => r.id, Boolean(after));
    });
  }

  @Query(() => ReconciliationScheduleType, { description: 'When and how the nightly reconciliation runs' })
  async reconciliationSchedule(@Ctx() ctx: GraphQLContext): Promise<ReconciliationScheduleView> {
    return asQuery(ctx.lang, async () => ctx.services.reconciliation.schedule(ctx.actor));
  }

  @Mutation(() => ReconciliationReportType, {
    description: 'Compares local and remote counts per unit and day, re-sends what the remote lost and schedules a follow-up check',
  })
  async reconcile(
    @Ctx() ctx: GraphQLContext,
    @Arg('connector') connector: string,
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
  ): Promise<ReconciliationReportRow> {
    return asQuery(ctx.lang, () => ctx.services.reconciliation.reconcile(ctx.actor, { connector, unitCode, from, to }));
  }
}
