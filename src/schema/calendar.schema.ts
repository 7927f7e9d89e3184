import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { CalendarException } from '../domain/calendar/working-calendar.js';
import { clockOfMinutes, minutesOfClock, type Session, type WeeklyHours } from '../domain/calendar/opening-hours.js';
import { DomainError } from '../domain/errors.js';
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

  @Mutation(() => [CalendarDay], { description: "Replaces that year's national exceptions (SYSTEM_ADMIN); deadlines it touches are recomputed" })
  async setCalendar(
    @Arg('year', () => Int) year: number,
    @Arg('days', () => [CalendarDayInput]) days: CalendarDayInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarException[]> {
    return asQuery(ctx.lang, () => ctx.services.calendar.setYear(ctx.actor, year, days));
  }
}

@ObjectType({ description: 'A working session of a center, e.g. 07:30-11:30' })
export class OpeningSession {
  @Field({ description: '"HH:MM", local time' })
  opens!: string;

  @Field({ description: '"HH:MM", local time' })
  closes!: string;
}

@ObjectType({ description: "A day of the week of a center's opening hours" })
export class OpeningDay {
  @Field(() => Int, { description: '0 = Sunday, 1 = Monday ... 6 = Saturday' })
  weekday!: number;

  @Field(() => [OpeningSession])
  sessions!: OpeningSession[];
}

@ObjectType({ description: "A center's opening hours: receipts after the day's last session count from the next working day; same-day procedures need the receipt 2 hours before it" })
export class OpeningHours {
  @Field()
  unitCode!: string;

  @Field(() => [OpeningDay], { description: 'Sunday first' })
  days!: OpeningDay[];

  @Field(() => String, { nullable: true, description: 'The unit whose hours these are, when the unit has none of its own (null: its own, or the default)' })
  inheritedFrom!: string | null;
}

@InputType()
export class OpeningSessionInput {
  @Field()
  opens!: string;

  @Field()
  closes!: string;
}

@InputType()
export class OpeningDayInput {
  @Field(() => Int)
  weekday!: number;

  @Field(() => [OpeningSessionInput])
  sessions!: OpeningSessionInput[];
}

function openingHoursView(unitCode: string, value: { hours: WeeklyHours; inheritedFrom: string | null }): OpeningHours {
  return {
    unitCode,
    inheritedFrom: value.inheritedFrom,
    days: value.hours.map((sessions, weekday) => ({
      weekday,
      sessions: sessions.map((s) => ({ opens: clockOfMinutes(s.start), closes: clockOfMinutes(s.end) })),
    })),
  };
}

/** Days not given are closed; a malformed time is INVALID_CLOCK_TIME at its path. */
function weeklyHoursOf(days: OpeningDayInput[]): WeeklyHours {
  const week: Session[][] = [[], [], [], [], [], [], []];
  days.forEach((day, i) => {
    if (!Number.isInteger(day.weekday) || day.weekday < 0 || day.weekday > 6) throw new DomainError('INVALID_OPENING_HOURS', ['days', String(i), 'weekday'], { reason: 'INVALID_WEEKDAY' });
    day.sessions.forEach((s, j) => {
      const start = minutesOfClock(s.opens);
      const end = minutesOfClock(s.closes);
      if (start === null || end === null) throw new DomainError('INVALID_CLOCK_TIME', ['days', String(i), 'sessions', String(j)]);
      week[day.weekday]!.push({ start, end });
    });
  });
  return week;
}

@Resolver()
export class ProvinceCalendarResolver {
  @Query(() => [CalendarDay], { description: "A province's own days of a year, laid over the national calendar for its units" })
  async provinceCalendar(
    @Arg('provinceCode') provinceCode: string,
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarException[]> {
    return asQuery(ctx.lang, () => ctx.services.calendar.provinceYear(provinceCode, year));
  }

  @Mutation(() => [CalendarDay], { description: "Replaces a province's own days of a year (that province's PROVINCE_ADMIN); deadlines it touches are recomputed" })
  async setProvinceCalendar(
    @Arg('provinceCode') provinceCode: string,
    @Arg('year', () => Int) year: number,
    @Arg('days', () => [CalendarDayInput]) days: CalendarDayInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<CalendarException[]> {
    return asQuery(ctx.lang, () => ctx.services.calendar.setProvinceYear(ctx.actor, provinceCode, year, days));
  }

  @Query(() => OpeningHours, { description: "A center's opening hours (its own, inherited, or the default Monday-Friday 08:00-12:00, 13:00-17:00)" })
  async openingHours(@Arg('unitCode') unitCode: string, @Ctx() ctx: GraphQLContext): Promise<OpeningHours> {
    return asQuery(ctx.lang, async () => openingHoursView(unitCode, await ctx.services.calendar.openingHours(unitCode)));
  }

  @Mutation(() => OpeningHours, { description: "Sets a center's opening hours (null days: back to inherited/default); they apply to receipts from now on" })
  async setOpeningHours(
    @Arg('unitCode') unitCode: string,
    @Arg('days', () => [OpeningDayInput], { nullable: true }) days: OpeningDayInput[] | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<OpeningHours> {
    return asQuery(ctx.lang, async () =>
      openingHoursView(unitCode, await ctx.services.calendar.setOpeningHours(ctx.actor, unitCode, days ? weeklyHoursOf(days) : null)),
    );
  }
}
