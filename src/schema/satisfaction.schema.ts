import { Arg, Ctx, Field, FieldResolver, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { seesPersonalData } from '../domain/access/access-policy.js';
import { isStaff } from '../domain/access/actor.js';
import { accessRefOf } from '../domain/dossier/dossier-query.service.js';
import type { DossierRow } from '../domain/dossier/dossier-reader.js';
import type { RatingLinkView, SatisfactionReport } from '../domain/satisfaction/satisfaction.service.js';
import type { RatingRow } from '../domain/satisfaction/satisfaction-store.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { DossierType } from './dossier.types.js';
import { asMutation, asQuery, UserError } from './errors.js';
import { connectionOf, ConnectionType, numericIdOf, pageRequest } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

@ObjectType('DossierRating', { description: 'Đánh giá mức độ hài lòng: the applicant\'s rating of the service, once per dossier' })
export class DossierRatingType {
  @Field(() => Int, { description: '1 to 5' })
  stars!: number;

  @Field(() => String, { nullable: true, description: 'For staff of the dossier\'s unit and the applicant; null for others' })
  comment!: string | null;

  @Field({ description: 'CITIZEN (logged in) or LINK (the one-time link)' })
  via!: string;

  @Field(() => DateTimeScalar)
  ratedAt!: Date;

  @Field(() => String, { nullable: true, description: 'The unit\'s answer to the comment (same readers as the comment)' })
  reply!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the comment was handled; null while pending' })
  handledAt!: Date | null;
}

@ObjectType('Feedback', { description: 'A comment a citizen left with a rating, to handle (góp ý)' })
export class FeedbackType {
  @Field(() => Int) stars!: number;
  @Field(() => String, { nullable: true, description: 'For staff of the dossier\'s unit; null for others' }) comment!: string | null;
  @Field(() => DateTimeScalar) ratedAt!: Date;
  @Field(() => String, { nullable: true }) reply!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) handledAt!: Date | null;
}

export const FeedbackConnection = ConnectionType(FeedbackType, 'Feedback');

@Resolver(() => FeedbackType)
export class FeedbackFieldsResolver {
  @FieldResolver(() => DossierType, { nullable: true, description: 'The rated dossier (null when you may not read it)' })
  async dossier(@Root() r: RatingRow, @Ctx() ctx: GraphQLContext): Promise<DossierRow | null> {
    return ctx.loaders.dossier.load(r.dossierId);
  }
}

@ObjectType('RatingLink', { description: 'The one-time link to rate the service, to print on the result or send by SMS (staff of the unit)' })
export class RatingLinkType {
  @Field() url!: string;
  @Field(() => DateTimeScalar) expiresAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) usedAt!: Date | null;
}

@ObjectType('Satisfaction', { description: 'Ratings given in a period for a unit (a province: with its communes)' })
export class SatisfactionType implements SatisfactionReport {
  @Field() unitCode!: string;
  @Field(() => DateScalar) from!: LocalDate;
  @Field(() => DateScalar) to!: LocalDate;
  @Field(() => Int) ratings!: number;
  @Field(() => [Int], { description: 'Counts of 1, 2, 3, 4 and 5 stars' }) stars!: number[];
  @Field(() => Float, { nullable: true, description: 'Average stars; null without ratings' }) average!: number | null;
  @Field(() => Float, { nullable: true, description: 'Share of 4 and 5 stars (hài lòng), 0..1; null without ratings' }) satisfiedRate!: number | null;
  @Field(() => Int, { description: 'Comments not yet handled' }) feedbackPending!: number;
  @Field(() => Int, { description: 'Comments answered' }) feedbackHandled!: number;
}

@InputType()
export class RateDossierInput {
  @Field(() => ID, { nullable: true, description: 'The dossier, for the applicant logged in (CITIZEN token)' })
  dossierId?: string | null;

  @Field(() => String, { nullable: true, description: 'The token of the one-time link (no login)' })
  token?: string | null;

  @Field(() => Int)
  stars!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType()
export class HandleFeedbackInput {
  @Field(() => ID) dossierId!: string;
  @Field() reply!: string;
}

@ObjectType()
export class RatingPayload {
  @Field(() => String, { nullable: true }) dossierCode!: string | null;
  @Field(() => DossierRatingType, { nullable: true }) rating!: RatingRow | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@Resolver(() => DossierType)
export class DossierRatingFieldsResolver {
  @FieldResolver(() => DossierRatingType, { nullable: true, description: 'The applicant\'s rating, once given' })
  async rating(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<RatingRow | null> {
    const rating = await ctx.loaders.rating.load(d.id);
    if (!rating) return null;
    // A comment is the citizen's own words: for the unit's staff and the applicant only.
    return seesPersonalData(ctx.actor, accessRefOf(d)) ? rating : { ...rating, comment: null, reply: null };
  }

  @FieldResolver(() => RatingLinkType, { nullable: true, description: 'The one-time rating link (after RETURN_RESULT), for staff of the dossier\'s unit' })
  async ratingLink(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<RatingLinkView | null> {
    if (!isStaff(ctx.actor) || !seesPersonalData(ctx.actor, accessRefOf(d))) return null;
    return ctx.loaders.ratingLink.load(d.id);
  }
}

@Resolver()
export class SatisfactionResolver {
  @Mutation(() => RatingPayload, { description: 'The applicant rates the service after the result: logged in (dossierId) or through the one-time link (token)' })
  async rateDossier(@Arg('input', () => RateDossierInput) input: RateDossierInput, @Ctx() ctx: GraphQLContext): Promise<RatingPayload> {
    return asMutation<Omit<RatingPayload, 'userErrors'>>(
      ctx.lang,
      async () => {
        const dossierId = input.dossierId ? numericIdOf(input.dossierId, 'Dossier', ['input', 'dossierId']) : null;
        const rated = await ctx.services.satisfaction.rate(ctx.actor, { ...input, dossierId });
        return { dossierCode: rated.dossierCode, rating: rated.rating };
      },
      { dossierCode: null, rating: null },
    );
  }

  @Mutation(() => RatingPayload, { description: 'Staff of the dossier\'s unit answer its comment, which then counts as handled' })
  async handleFeedback(@Arg('input', () => HandleFeedbackInput) input: HandleFeedbackInput, @Ctx() ctx: GraphQLContext): Promise<RatingPayload> {
    return asMutation<Omit<RatingPayload, 'userErrors'>>(
      ctx.lang,
      async () => {
        const dossierId = numericIdOf(input.dossierId, 'Dossier', ['input', 'dossierId']);
        return { dossierCode: null, rating: await ctx.services.satisfaction.handleFeedback(ctx.actor, { dossierId, reply: input.reply }) };
      },
      { dossierCode: null, rating: null },
    );
  }

  @Query(() => FeedbackConnection, { description: 'Comments of a unit\'s dossiers, newest first; handled: false = still to answer (OFFICER, LEADER, PROVINCE_ADMIN, SYSTEM_ADMIN)' })
  async feedback(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitCode') unitCode: string,
    @Arg('handled', () => Boolean, { nullable: true }) handled?: boolean | null,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.satisfaction.feedback(ctx.actor, { unitCode, handled: handled ?? null }, pageRequest({ first, after }, isId));
      // The citizen's words, as on Dossier.rating: for staff of the dossier's own unit.
      const clear = (r: RatingRow) => seesPersonalData(ctx.actor, { unit: { code: r.unitCode, parentCode: r.unitParentCode, provinceCode: '' }, applicantCitizenId: '' });
      const items = page.items.map((r) => (clear(r) ? r : { ...r, comment: null, reply: null }));
      return connectionOf({ ...page, items }, (r) => r.id, Boolean(after));
    });
  }

  @Query(() => SatisfactionType, { description: 'Ratings of a unit in a period: STATISTICIAN, LEADER, PROVINCE_ADMIN, SYSTEM_ADMIN in scope' })
  async satisfaction(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
  ): Promise<SatisfactionReport> {
    return asQuery(ctx.lang, () => ctx.services.satisfaction.report(ctx.actor, { unitCode, from, to }));
  }
}
