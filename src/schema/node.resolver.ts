import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from './context.js';
import { asQuery } from './errors.js';
import { Node, withTypename } from './node.js';
import { fromGlobalId, numericIdOf } from './relay.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<object | null> {
    return asQuery(ctx.lang, async () => {
      const { type } = fromGlobalId(id, ['id']);
      const numericId = numericIdOf(id, type, ['id']);
      switch (type) {
        case 'AdministrativeUnit': {
          const unit = await ctx.loaders.unit.load(numericId);
          return unit && withTypename(unit, type);
        }
        case 'Procedure': {
          const procedure = await ctx.loaders.procedure.load(numericId);
          return procedure && withTypename(procedure, type);
        }
        case 'Dossier': {
          const dossier = await ctx.services.dossiers.byId(ctx.actor, numericId, info.fieldName);
          return dossier && withTypename(dossier, type);
        }
        case 'SyncRecord': {
          const record = await ctx.services.connectors.record(ctx.actor, numericId);
          return record && withTypename(record, type);
        }
        case 'ReconciliationReport': {
          const report = await ctx.services.reconciliation.report(ctx.actor, numericId);
          return report && withTypename(report, type);
        }
        default:
          return null;
      }
    });
  }
}
