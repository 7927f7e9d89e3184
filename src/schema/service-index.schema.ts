import { Args, Ctx, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { DelayReason } from '../domain/vocabulary/delay-reason.js';
import type { GraphQLContext } from './context.js';
import './enums.js';
import { asQuery } from './errors.js';
import { statisticsLabel } from './statistics-labels.js';
import { StatisticsArgs } from './statistics.schema.js';

@ObjectType({ description: 'Late resolutions of one reason' })
export class LateReasonCount {
  @Field(() => DelayReason, { nullable: true, description: 'Null: late with no reason recorded' })
  reason!: DelayReason | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description: 'Indicators of Decision 766/QĐ-TTg of a unit over a period (docs/statistics.md, "Service index"); '
    + 'rates are fractions 0..1 and averages numbers, null when their denominator is 0',
})
export class ServiceIndexRow {
  @Field({ description: 'As in statistics: unit, field or procedure code, channel, "2025-07-01", "2025-07"; "ALL" for NONE' })
  key!: string;

  @Field()
  label!: string;

  @Field(() => Int, { description: 'Received in the period (as statistics)' })
  received!: number;

  @Field(() => Int)
  receivedOnline!: number;

  @Field(() => Float, { nullable: true, description: 'receivedOnline / received' })
  onlineRate!: number | null;

  @Field(() => Int, { description: 'Resolved in the period (as statistics)' })
  resolved!: number;

  @Field(() => Int)
  resolvedLate!: number;

  @Field(() => Float, { nullable: true, description: '(resolvedEarly + resolvedOnTime) / resolved' })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Indicator 2.1: (resolvedEarly + resolvedOnTime + inProgressOnTime) / (received + carriedOver)' })
  progressScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average of (resolution date - receipt date) in calendar days over the resolutions of the period' })
  averageResolutionDays!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average working days the clock ran until resolution (start day to resolution day, pauses excluded), over resolutionsTimed' })
  averageResolutionWorkingDays!: number | null;

  @Field(() => Int, { description: 'Resolutions with a recorded working-day time (those resolved since the time is recorded)' })
  resolutionsTimed!: number;

  @Field(() => [LateReasonCount], { description: 'Late resolutions by reason (recorded on the apology or the late RESOLVE), most frequent first' })
  lateReasons!: LateReasonCount[];

  @Field(() => Int, { description: 'Apologies issued (EXTEND_DEADLINE) in the period' })
  apologies!: number;

  @Field(() => Int, { description: 'Fees paid online in the period' })
  paymentsOnline!: number;

  @Field(() => Float, { description: 'Their amount, VND' })
  paymentsOnlineAmount!: number;

  @Field(() => Int, { description: 'Fees paid in cash at the counter in the period' })
  paymentsCash!: number;

  @Field(() => Float, { description: 'Their amount, VND' })
  paymentsCashAmount!: number;

  @Field(() => Float, { nullable: true, description: 'paymentsOnline / (paymentsOnline + paymentsCash)' })
  onlinePaymentRate!: number | null;

  @Field(() => Int, { description: 'Citizens\' ratings given in the period' })
  ratings!: number;

  @Field(() => Float, { nullable: true, description: 'Average stars (1-5)' })
  averageStars!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of ratings with 4 or 5 stars' })
  satisfiedRate!: number | null;

  @Field(() => Int, { description: 'Dossiers received in the period with at least one digitized document (docs/digitization.md)' })
  receivedDigitized!: number;

  @Field(() => Float, { nullable: true, description: 'receivedDigitized / received' })
  digitizationRate!: number | null;

  @Field(() => Int, { description: 'Documents digitized (scanned) in the period' })
  documentsDigitized!: number;

  @Field(() => Int, { description: 'Documents reused in the period from another dossier of the same citizen' })
  documentsReused!: number;

  @Field(() => Float, { nullable: true, description: 'documentsReused / (documentsDigitized + documentsReused)' })
  reuseRate!: number | null;

  @Field(() => Int, { description: 'Electronic results issued in the period (at RESOLVE)' })
  resolvedWithElectronicResult!: number;

  @Field(() => Float, { nullable: true, description: 'resolvedWithElectronicResult / resolved' })
  electronicResultRate!: number | null;

  @Field(() => Int, { nullable: true, description: 'Procedures the catalogue offers the row\'s units (their level); null for rows by channel' })
  proceduresOffered!: number | null;

  @Field(() => Int, { nullable: true, description: 'Of those, offered online (FULL or PARTIAL)' })
  proceduresOfferedOnline!: number | null;

  @Field(() => Int, { nullable: true, description: 'Of those, offered fully online (FULL)' })
  proceduresOfferedFull!: number | null;

  @Field(() => Int, { nullable: true, description: 'Procedures with at least one dossier received online in the period; null on rows by DAY (see MONTH)' })
  proceduresUsedOnline!: number | null;

  @Field(() => Float, { nullable: true, description: 'proceduresOfferedOnline / proceduresOffered' })
  onlineOfferRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'proceduresUsedOnline / proceduresOfferedOnline' })
  onlineUseRate!: number | null;
}

@Resolver()
export class ServiceIndexResolver {
  @Query(() => [ServiceIndexRow], {
    description: 'The Decision 766 indicators of a commune or a province for [from, to], with the same access, periods and grouping as statistics; rows sorted by key',
  })
  async serviceIndex(@Args() args: StatisticsArgs, @Ctx() ctx: GraphQLContext): Promise<ServiceIndexRow[]> {
    return asQuery(ctx.lang, async () => {
      const report = await ctx.services.serviceIndex.report(ctx.actor, args);
      return report.rows.map((row) => ({ ...row, label: statisticsLabel(report.groupBy, row, ctx.lang) }));
    });
  }
}
