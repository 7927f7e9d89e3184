import { Args, ArgsType, Ctx, Field, Float, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { StatisticsGrouping } from '../domain/statistics/statistics-grouping.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { asQuery } from './errors.js';
import { DateScalar } from './scalars.js';
import { statisticsLabel } from './statistics-labels.js';

registerEnumType(StatisticsGrouping, { name: 'StatisticsGrouping', description: 'How statistics rows are grouped' });

@ObjectType({ description: 'Figures of a unit over a period (DOMAIN.md, "Statistics"); rates are fractions 0..1, null when their denominator is 0' })
export class StatisticsRow {
  @Field({ description: 'Unit code, field code, procedure code, channel, "2025-07-01", "2025-07"; "ALL" for NONE' })
  key!: string;

  @Field()
  label!: string;

  @Field(() => Int, { description: 'Received in the period' })
  received!: number;

  @Field(() => Int)
  receivedOnline!: number;

  @Field(() => Int)
  receivedInPerson!: number;

  @Field(() => Int)
  receivedPostal!: number;

  @Field(() => Int, { description: "Received earlier, unfinished at the period's start" })
  carriedOver!: number;

  @Field(() => Int, { description: 'resolvedEarly + resolvedOnTime + resolvedLate' })
  resolved!: number;

  @Field(() => Int)
  resolvedEarly!: number;

  @Field(() => Int)
  resolvedOnTime!: number;

  @Field(() => Int)
  resolvedLate!: number;

  @Field(() => Int)
  withdrawn!: number;

  @Field(() => Int, { description: 'Unfinished at the end of the period: inProgressOnTime + inProgressOverdue' })
  inProgress!: number;

  @Field(() => Int)
  inProgressOnTime!: number;

  @Field(() => Int, { description: 'Unfinished at the end of the period with a due date (as it stood then) before its last day' })
  inProgressOverdue!: number;

  @Field(() => Float, { nullable: true, description: '(resolvedEarly + resolvedOnTime) / resolved' })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'receivedOnline / received' })
  onlineRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Online share of the dossiers received for FULL (toàn trình) procedures' })
  fullOnlineRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Online share of the dossiers received for PARTIAL procedures' })
  partialOnlineRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Decision 766 indicator 2.1: (resolvedEarly + resolvedOnTime + inProgressOnTime) / (received + carriedOver)' })
  progressScore!: number | null;
}

/** The arguments of every figures query (statistics, serviceIndex): a unit, a period, a grouping. */
@ArgsType()
export class StatisticsArgs {
  @Field()
  unitCode!: string;

  @Field(() => DateScalar)
  from!: LocalDate;

  @Field(() => DateScalar)
  to!: LocalDate;

  @Field(() => StatisticsGrouping, { nullable: true, defaultValue: StatisticsGrouping.NONE })
  groupBy!: StatisticsGrouping | null;
}

@Resolver()
export class StatisticsResolver {
  @Query(() => [StatisticsRow], {
    description: 'Figures of a commune or a province (its own center and all its communes) for [from, to], rows sorted by key',
  })
  async statistics(@Args() args: StatisticsArgs, @Ctx() ctx: GraphQLContext): Promise<StatisticsRow[]> {
    return asQuery(ctx.lang, async () => {
      const report = await ctx.services.statistics.report(ctx.actor, args);
      return report.rows.map((row) => ({ ...row, label: statisticsLabel(report.groupBy, row, ctx.lang) }));
    });
  }
}
