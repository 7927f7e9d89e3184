import { Arg, Ctx, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DomainError } from '../domain/errors.js';
import type { DossierCursor, DossierRow } from '../domain/dossier/dossier-reader.js';
import { DossierStatus, ROUTING_ACTIONS } from '../domain/vocabulary/dossier-enums.js';
import type { GraphQLContext } from './context.js';
import { asMutation, asQuery, toGraphQLError, toUserErrors } from './errors.js';
import {
  DossierActionInput,
  DossierConnection,
  DossierFilter,
  DossierPayload,
  DossierType,
  ImportDossierInput,
  ImportDossiersPayload,
  ReceiveDossierInput,
} from './dossier.types.js';
import { connectionOf, numericIdOf, pageRequest, selectsTotalCount } from './relay.js';

const isDossierCursor = (v: unknown): v is [string, number] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isSafeInteger(v[1]);

/** The keyset page of a dossier list (newest first), from the connection arguments. */
export function dossierPage(args: { first?: number | null; after?: string | null }) {
  const page = pageRequest(args, isDossierCursor);
  const after: DossierCursor | null = page.after ? { filedAt: new Date(page.after[0]), id: page.after[1] } : null;
  return { first: page.first, after };
}

export const cursorOf = (d: DossierRow) => [d.filedAt.toISOString(), d.id];

@Resolver()
export class DossierResolver {
  @Query(() => DossierType, { nullable: true })
  async dossier(@Arg('code') code: string, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<DossierRow> {
    return asQuery(ctx.lang, () => ctx.services.dossiers.byCode(ctx.actor, code, info.fieldName));
  }

  @Query(() => DossierConnection)
  async dossiers(
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => DossierFilter, { nullable: true }) filter?: DossierFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.dossiers.list(ctx.actor, filter ?? {}, dossierPage({ first, after }), info.fieldName, {
        countNow: selectsTotalCount(info),
      });
      return connectionOf(page, cursorOf, Boolean(after));
    });
  }

  @Query(() => DossierConnection, { description: "CITIZEN: the dossiers whose applicant is the token's sub" })
  async myDossiers(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('status', () => [DossierStatus], { nullable: true, description: 'Only these statuses (e.g. a portal tab "in progress")' })
    status?: DossierStatus[] | null,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = await ctx.services.dossiers.mine(ctx.actor, dossierPage({ first, after }), status ?? null);
      return connectionOf(page, cursorOf, Boolean(after));
    });
  }

  @Query(() => DossierType, { nullable: true, description: 'Public look-up for the applicant' })
  async trackDossier(
    @Arg('code') code: string,
    @Arg('citizenIdLast4') citizenIdLast4: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<DossierRow | null> {
    return asQuery(ctx.lang, () => ctx.services.tracking.track(code, citizenIdLast4, ctx.clientIp));
  }

  @Mutation(() => DossierPayload, { description: 'Intake at a center (in person, postal), or an online filing' })
  async receiveDossier(
    @Arg('input', () => ReceiveDossierInput) input: ReceiveDossierInput,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DossierPayload> {
    return asMutation(
      ctx.lang,
      async () => {
        const id = await ctx.services.intake.receive(ctx.actor, input);
        return { dossier: await ctx.services.dossiers.byId(ctx.actor, id, info.fieldName) };
      },
      { dossier: null },
    );
  }

  @Mutation(() => DossierPayload)
  async actOnDossier(
    @Arg('input', () => DossierActionInput) input: DossierActionInput,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<DossierPayload> {
    return asMutation(
      ctx.lang,
      async () => {
        const dossierId = numericIdOf(input.dossierId, 'Dossier', ['input', 'dossierId']);
        // Transfers and assignments (docs/routing.md) need a target: the routing service takes them.
        const id = ROUTING_ACTIONS.has(input.action)
          ? await ctx.services.routing.act(ctx.actor, { ...input, dossierId })
          : await ctx.services.actions.act(ctx.actor, { ...input, dossierId });
        return { dossier: await ctx.services.dossiers.byId(ctx.actor, id, info.fieldName) };
      },
      { dossier: null },
    );
  }

  @Mutation(() => ImportDossiersPayload, { description: 'Historic dossiers from legacy systems; at most 1000 per call' })
  async importDossiers(
    @Arg('input', () => [ImportDossierInput]) input: ImportDossierInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<ImportDossiersPayload> {
    try {
      const result = await ctx.services.imports.import(ctx.actor, input);
      return {
        imported: result.imported,
        skipped: result.skipped,
        errors: result.failures.map((f) => ({
          index: f.index,
          code: f.code,
          userErrors: f.errors.flatMap((e) => toUserErrors(e, ctx.lang, ['input', String(f.index)])),
        })),
      };
    } catch (error) {
      if (error instanceof DomainError) throw toGraphQLError(error, ctx.lang);
      throw error;
    }
  }
}
