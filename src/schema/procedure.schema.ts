import { GraphQLJSON } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Field as FieldEntity } from '../domain/procedure/field.entity.js';
import { OnlineLevel, ProcedureLevel } from '../domain/procedure/procedure-enums.js';
import { describeProcessingTime, ProcessingTimeUnit, type ProcessingTime } from '../domain/procedure/processing-time.js';
import type { ProvinceProcessingTime } from '../domain/procedure/province-processing-time.service.js';
import { nationalProcessingTime } from '../domain/procedure/procedure.entity.js';
import type { Procedure } from '../domain/procedure/procedure.entity.js';
import type { GraphQLContext } from './context.js';
import { asMutation, asQuery, UserError } from './errors.js';
import { Node } from './node.js';
import { connectionOf, ConnectionType, isString, pageRequest, toGlobalId } from './relay.js';
import { UpsertPayload } from './unit.schema.js';
import './enums.js';

@ObjectType('Field', { description: 'A field of administration (lĩnh vực), e.g. HO_TICH "Hộ tịch"' })
export class FieldType {
  @Field()
  code!: string;

  @Field()
  name!: string;
}

@ObjectType()
export class RequiredDocument {
  @Field()
  name!: string;

  @Field(() => Int)
  copies!: number;

  @Field()
  mandatory!: boolean;
}

@ObjectType('Procedure', { implements: Node, description: 'An administrative procedure (thủ tục hành chính)' })
export class ProcedureType extends Node {
  @Field({ description: 'National code, e.g. "1.001193"' })
  code!: string;

  @Field()
  name!: string;

  @Field(() => ProcedureLevel)
  level!: ProcedureLevel;

  @Field(() => Int, { description: 'Statutory time in working days; 0 = same day (rounded up from processingTime)' })
  processingDays!: number;

  @Field(() => OnlineLevel)
  onlineLevel!: OnlineLevel;

  @Field(() => Int, { description: '0 when free' })
  feeVnd!: number;

  @Field(() => [RequiredDocument])
  requiredDocuments!: RequiredDocument[];

  @Field(() => String, { nullable: true, description: 'Key of the specialized system that processes its dossiers' })
  connector?: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The e-form: JSON Schema 2020-12 with UI hints; null when none' })
  formSchema?: Record<string, unknown> | null;
}

export const ProcedureConnection = ConnectionType(ProcedureType, 'Procedure');

@InputType()
export class ProcedureFilter {
  @Field(() => String, { nullable: true, description: 'Code or name, case- and diacritic-insensitive' })
  search?: string | null;

  @Field(() => String, { nullable: true })
  fieldCode?: string | null;

  @Field(() => ProcedureLevel, { nullable: true })
  level?: ProcedureLevel | null;

  @Field(() => OnlineLevel, { nullable: true })
  onlineLevel?: OnlineLevel | null;
}

@ObjectType({ description: 'A processing time with its unit, e.g. 4 WORKING_HOURS ("trong 4 giờ làm việc")' })
export class ProcessingTimeType {
  @Field(() => Int, { description: 'In the unit: HALF_WORKING_DAYS counts half days (3 = 1,5 ngày); SAME_DAY is 0' })
  value!: number;

  @Field(() => ProcessingTimeUnit)
  unit!: ProcessingTimeUnit;

  @Field({ description: 'As published, e.g. "1,5 ngày làm việc"' })
  text!: string;
}

@InputType()
export class ProcessingTimeInput {
  @Field(() => Int)
  value!: number;

  @Field(() => ProcessingTimeUnit)
  unit!: ProcessingTimeUnit;
}

@InputType()
export class RequiredDocumentInput {
  @Field()
  name!: string;

  @Field(() => Int, { defaultValue: 1 })
  copies!: number;

  @Field({ defaultValue: true })
  mandatory!: boolean;
}

@InputType()
export class ProcedureInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  fieldCode!: string;

  @Field()
  fieldName!: string;

  @Field(() => ProcedureLevel)
  level!: ProcedureLevel;

  @Field(() => Int, { nullable: true, description: 'Whole working days, 0 = same day; or give processingTime (which wins)' })
  processingDays?: number | null;

  @Field(() => ProcessingTimeInput, { nullable: true, description: 'The statutory time with its unit' })
  processingTime?: ProcessingTimeInput | null;

  @Field(() => OnlineLevel)
  onlineLevel!: OnlineLevel;

  @Field(() => Int, { defaultValue: 0 })
  feeVnd!: number;

  @Field(() => [RequiredDocumentInput], { nullable: true, defaultValue: [] })
  requiredDocuments?: RequiredDocumentInput[] | null;

  @Field(() => String, { nullable: true })
  connector?: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The e-form: JSON Schema 2020-12 (type "object") with UI hints (x-order, x-widget, x-placeholder); absent keeps the current form, null removes it',
  })
  formSchema?: unknown;
}

@Resolver(() => ProcedureType)
export class ProcedureResolver {
  @FieldResolver(() => ID)
  id(@Root() procedure: Procedure): string {
    return toGlobalId('Procedure', procedure.id);
  }

  @FieldResolver(() => ProcessingTimeType, { description: 'The national statutory time with its unit' })
  processingTime(@Root() procedure: Procedure): ProcessingTimeType {
    return processingTimeView(nationalProcessingTime(procedure));
  }

  @FieldResolver(() => ProcessingTimeType, {
    description: "The time that applies at this unit's province: the province's own time where it published one, else the national time",
  })
  async processingTimeAt(
    @Root() procedure: Procedure,
    @Arg('unitCode') unitCode: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProcessingTimeType> {
    return asQuery(ctx.lang, async () => processingTimeView(await ctx.services.provinceTimes.effective(procedure, unitCode)));
  }

  @FieldResolver(() => FieldType)
  async field(@Root() procedure: Procedure, @Ctx() ctx: GraphQLContext): Promise<FieldEntity | null> {
    return ctx.loaders.field.load(procedure.field.unwrap().code);
  }

  @Query(() => ProcedureType, { nullable: true })
  async procedure(@Arg('code') code: string, @Ctx() ctx: GraphQLContext): Promise<Procedure | null> {
    return ctx.services.procedures.byCode(code);
  }

  @Query(() => ProcedureConnection)
  async procedures(
    @Ctx() ctx: GraphQLContext,
    @Arg('filter', () => ProcedureFilter, { nullable: true }) filter?: ProcedureFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return asQuery(ctx.lang, async () => {
      const page = pageRequest({ first, after }, isString);
      return connectionOf(await ctx.services.procedures.list(filter ?? {}, page), (p) => p.code, Boolean(after));
    });
  }

  @Mutation(() => UpsertPayload, { description: 'By code' })
  async upsertProcedures(
    @Arg('input', () => [ProcedureInput]) input: ProcedureInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<UpsertPayload> {
    return asMutation(ctx.lang, () => ctx.services.procedures.upsert(ctx.actor, input), { created: 0, updated: 0 });
  }
}

export function processingTimeView(time: ProcessingTime): ProcessingTimeType {
  return { ...time, text: describeProcessingTime(time) };
}

@ObjectType({ description: "A province's own processing time for a national procedure" })
export class ProvinceProcessingTimeType {
  @Field()
  procedureCode!: string;

  @Field(() => ProcessingTimeType)
  processingTime!: ProcessingTimeType;

  @Field(() => String, { nullable: true, description: 'The decision that publishes it' })
  source?: string | null;
}

@InputType()
export class ProvinceProcessingTimeInput {
  @Field()
  procedureCode!: string;

  @Field(() => ProcessingTimeInput, { nullable: true, description: "null removes the province's own time" })
  processingTime?: ProcessingTimeInput | null;

  @Field(() => String, { nullable: true, description: 'e.g. "Quyết định 1234/QĐ-UBND ngày 01/08/2025"' })
  source?: string | null;
}

@ObjectType()
export class ProvinceProcessingTimesPayload {
  @Field(() => [ProvinceProcessingTimeType])
  times!: ProvinceProcessingTimeType[];

  @Field(() => [UserError])
  userErrors!: UserError[];
}

function provinceTimeView(t: ProvinceProcessingTime): ProvinceProcessingTimeType {
  return { procedureCode: t.procedureCode, processingTime: processingTimeView(t), source: t.source };
}

@Resolver()
export class ProvinceProcessingTimeResolver {
  @Query(() => [ProvinceProcessingTimeType], { description: 'The processing times a province publishes where they differ from the national ones' })
  async provinceProcessingTimes(@Arg('provinceCode') provinceCode: string, @Ctx() ctx: GraphQLContext): Promise<ProvinceProcessingTimeType[]> {
    return asQuery(ctx.lang, async () => (await ctx.services.provinceTimes.list(provinceCode)).map(provinceTimeView));
  }

  @Mutation(() => ProvinceProcessingTimesPayload, { description: "Sets a province's own times (PROVINCE_ADMIN of that province), all or nothing" })
  async setProvinceProcessingTimes(
    @Arg('provinceCode') provinceCode: string,
    @Arg('input', () => [ProvinceProcessingTimeInput]) input: ProvinceProcessingTimeInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<ProvinceProcessingTimesPayload> {
    return asMutation(
      ctx.lang,
      async () => ({ times: (await ctx.services.provinceTimes.set(ctx.actor, provinceCode, input.map((i) => ({ ...i, processingTime: i.processingTime ?? null })))).map(provinceTimeView) }),
      { times: [] },
    );
  }
}
