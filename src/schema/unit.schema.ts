import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { LegacyUnitMapping } from '../domain/unit/legacy-unit-mapping.entity.js';
import { UnitKind } from '../domain/unit/unit-kind.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { asMutation, asQuery, UserError } from './errors.js';
import { Node } from './node.js';
import { connectionOf, ConnectionType, isString, pageRequest, toGlobalId } from './relay.js';
import { DateScalar } from './scalars.js';
import './enums.js';

@ObjectType('AdministrativeUnit', { implements: Node, description: 'A unit whose center receives dossiers' })
export class AdministrativeUnitType extends Node {
  @Field({
    description: "Official code: 2 digits for a province, 5 digits for a commune-level unit; a center's own department or branch: {parent code}.{A-Z0-9}{1,12}",
  })
  code!: string;

  @Field()
  name!: string;

  @Field(() => UnitKind)
  kind!: UnitKind;

  @Field(() => DateScalar, { nullable: true, description: 'First day the unit exists (units change, e.g. mergers)' })
  validFrom?: LocalDate | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day the unit exists' })
  validTo?: LocalDate | null;
}

@ObjectType('LegacyUnitMapping', { description: 'An old commune-level unit (before 1 July 2025) and the unit that took it over' })
export class LegacyUnitMappingType {
  @Field(() => String, { nullable: true })
  oldCode!: string | null;

  @Field(() => String, { nullable: true })
  oldWardName!: string | null;

  @Field(() => String, { nullable: true })
  oldDistrictName!: string | null;

  @Field(() => String, { nullable: true })
  oldProvinceName!: string | null;

  @Field(() => AdministrativeUnitType, { description: 'The unit that took it over' })
  unit!: AdministrativeUnit;
}

export const AdministrativeUnitConnection = ConnectionType(AdministrativeUnitType, 'AdministrativeUnit');

@InputType()
export class UnitInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => UnitKind)
  kind!: UnitKind;

  @Field(() => String, { nullable: true })
  parentCode?: string | null;

  @Field(() => DateScalar, { nullable: true })
  validFrom?: LocalDate | null;

  @Field(() => DateScalar, { nullable: true })
  validTo?: LocalDate | null;

  @Field(() => String, { nullable: true, description: 'The unit that took over, after a merger' })
  successorCode?: string | null;
}

@ObjectType()
export class UpsertPayload {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@Resolver(() => AdministrativeUnitType)
export class UnitResolver {
  @FieldResolver(() => ID)
  id(@Root() unit: AdministrativeUnit): string {
    return toGlobalId('AdministrativeUnit', unit.id);
  }

  @FieldResolver(() => AdministrativeUnitType, { nullable: true })
  async parent(@Root() unit: AdministrativeUnit, @Ctx() ctx: GraphQLContext): Promise<AdministrativeUnit | null> {
    return unit.parent ? ctx.loaders.unit.load(unit.parent.id) : null;
  }

  @FieldResolver(() => AdministrativeUnitType, { nullable: true, description: 'The unit that took over, after a merger' })
  async successor(@Root() unit: AdministrativeUnit, @Ctx() ctx: GraphQLContext): Promise<AdministrativeUnit | null> {
    return unit.successor ? ctx.loaders.unit.load(unit.successor.id) : null;
  }

  @FieldResolver(() => AdministrativeUnitConnection)
  async children(
    @Root() unit: AdministrativeUnit,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = pageRequest({ first, after }, isString);
      return connectionOf(await ctx.services.units.list({ parentCode: unit.code }, page), (u) => u.code, Boolean(after));
    });
  }

  @Query(() => AdministrativeUnitType, { nullable: true })
  async unit(@Arg('code') code: string, @Ctx() ctx: GraphQLContext): Promise<AdministrativeUnit | null> {
    return ctx.services.units.byCode(code);
  }

  @Query(() => LegacyUnitMappingType, {
    nullable: true,
    description: 'The unit that took over an old commune code (legacy dossiers of merged units); null when the code is unknown',
  })
  async legacyUnitMapping(@Arg('oldCode') oldCode: string, @Ctx() ctx: GraphQLContext): Promise<LegacyUnitMappingType | null> {
    const mapping: LegacyUnitMapping | null = await ctx.services.units.legacyMapping(oldCode.trim());
    return mapping && {
      oldCode: mapping.oldCode,
      oldWardName: mapping.oldWardName,
      oldDistrictName: mapping.oldDistrictName,
      oldProvinceName: mapping.oldProvinceName,
      unit: mapping.newUnit.getEntity(),
    };
  }

  @Query(() => AdministrativeUnitConnection)
  async units(
    @Ctx() ctx: GraphQLContext,
    @Arg('parentCode', () => String, { nullable: true }) parentCode?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = pageRequest({ first, after }, isString);
      return connectionOf(await ctx.services.units.list({ parentCode, search }, page), (u) => u.code, Boolean(after));
    });
  }

  @Mutation(() => UpsertPayload, { description: 'By code; parents before children' })
  async upsertUnits(@Arg('input', () => [UnitInput]) input: UnitInput[], @Ctx() ctx: GraphQLContext): Promise<UpsertPayload> {
    return asMutation(ctx.lang, () => ctx.services.units.upsert(ctx.actor, input), { created: 0, updated: 0 });
  }
}
