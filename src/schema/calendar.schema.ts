import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { CalendarException } from '../domain/calendar/working-calendar.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { asQuery } from './errors.js';
import { DateScalar } from './scalars.js';

@ObjectType({ description: 'An exception to "Monday-Friday work": a holiday, a day off, or a Saturday worked' })
export class CalendarDay {
  @Field(() => DateScalar)
  date!: LocalDate;

  @Field()
  working!: boolean;

  @Field()
  name!: string;
}

@InputType()
export class CalendarDayInput {
  @Field(() => DateScalar)
  date!: LocalDate;

  @Field()
  working!: boolean;

  @Field()
  name!: string;
}

@Resolver()
export class CalendarResolver {
  @Query(() => [CalendarDay], { description: 'Holidays and swapped days of a year' })
  async calendar(@Arg('year', () => Int) year: number, @Ctx() ctx: GraphQLContext): Promise<CalendarException[]> {
    return asQuery(ctx.lang, () => ctx.services.calendar.year(year));
  }

  @Mutation(() => [CalendarDay], { description: "Replaces that year's exceptions" })
  async setCalendar(
    @Arg('year', () => Int) year: number,
    @Arg('days', () => [CalendarDayInput]) days: CalendarDayInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarException[]> {
    return asQuery(ctx.lang, () => ctx.services.calendar.setYear(ctx.actor, year, days));
  }
}
