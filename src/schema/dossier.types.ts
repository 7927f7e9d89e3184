import { Ctx, Field, FieldResolver, ID, InputType, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { seesPersonalData } from '../domain/access/access-policy.js';
import { isStaff } from '../domain/access/actor.js';
import { maskTail4 } from '../domain/citizen/citizen-id.js';
import { maskFullName } from '../domain/citizen/personal-data.js';
import {
  Channel,
  DossierAction,
  DossierStatus,
  NATIONAL_STATUS_CODE,
  Outcome,
  Timeliness,
  UNFINISHED_STATUSES,
} from '../domain/vocabulary/dossier-enums.js';
import { accessRefOf } from '../domain/dossier/dossier-query.service.js';
import type { DossierEventRow, DossierRow } from '../domain/dossier/dossier-reader.js';
import { allowedActions } from '../domain/dossier/lifecycle.js';
import { timelinessOf } from '../domain/dossier/timeliness.js';
import { processingTimeView, ProcessingTimeType } from './procedure.schema.js';
import type { Procedure } from '../domain/procedure/procedure.entity.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { AdministrativeUnit } from '../domain/unit/administrative-unit.entity.js';
import type { GraphQLContext } from './context.js';
import { UserError } from './errors.js';
import { Node } from './node.js';
import { ProcedureType } from './procedure.schema.js';
import { ConnectionType, toGlobalId } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { AdministrativeUnitType } from './unit.schema.js';
import './enums.js';
import { DelayReason } from '../domain/vocabulary/delay-reason.js';

@ObjectType()
export class Applicant {
  @Field({ description: 'In clear for staff of the dossier’s unit and the applicant; initials only for others' })
  fullName!: string;

  @Field({ description: 'All but the last 4 digits masked: "********1234"' })
  citizenIdMasked!: string;

  @Field(() => String, { nullable: true, description: 'Masked like the citizen id for anyone but staff of the unit' })
  phone?: string | null;
}

@ObjectType()
export class DossierEvent {
  @Field(() => DossierAction, { nullable: true, description: 'Null for the intake that created the dossier' })
  action!: DossierAction | null;

  @Field(() => DossierStatus, { nullable: true })
  fromStatus!: DossierStatus | null;

  @Field(() => DossierStatus)
  toStatus!: DossierStatus;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'Staff id, "import", "system" or a connector key (staff only)' })
  actor!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType('Dossier', { implements: Node, description: 'A dossier (hồ sơ) filed for a procedure' })
export class DossierType extends Node {
  @Field({ description: 'Mã hồ sơ: {unit code}-{yyMMdd}-{NNNN}, or a legacy code' })
  code!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => DossierStatus)
  status!: DossierStatus;

  @Field(() => Outcome, { nullable: true })
  outcome!: Outcome | null;

  @Field(() => DateTimeScalar, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  receivedAt!: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'Statutory due date, moved only by clock pauses' })
  dueDate!: LocalDate | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'The time it is due, for processing times counted within the day (working hours, half days); null for day-counted times',
  })
  dueAt!: Date | null;

  @Field(() => DateScalar, { nullable: true, description: 'Date promised in an apology (EXTEND_DEADLINE)' })
  extendedDueDate!: LocalDate | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it reached RESOLVED, REFUSED or WITHDRAWN' })
  finishedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was resolved (timeliness is judged at this time)' })
  resolvedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  returnedAt!: Date | null;

  @Field(() => Int)
  pausedWorkingDays!: number;

  @Field(() => DelayReason, { nullable: true, description: 'Why it is late, as recorded on the apology (EXTEND_DEADLINE) or the late RESOLVE' })
  delayReason!: DelayReason | null;

  @Field(() => Int, { nullable: true, description: 'Working days its clock ran until RESOLVE: from the start day to the resolution day, both counted, less pausedWorkingDays' })
  resolutionWorkingDays!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The old commune code a legacy dossier was filed under, when that commune was merged (the dossier belongs to its new unit)',
  })
  legacyUnitCode!: string | null;
}

export const DossierConnection = ConnectionType(DossierType, 'Dossier');

@Resolver(() => DossierType)
export class DossierFieldsResolver {
  @FieldResolver(() => ID)
  id(@Root() d: DossierRow): string {
    return toGlobalId('Dossier', d.id);
  }

  @FieldResolver(() => ProcedureType)
  async procedure(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<Procedure | null> {
    return ctx.loaders.procedure.load(d.procedureId);
  }

  @FieldResolver(() => AdministrativeUnitType, { description: 'The unit whose center received it' })
  async unit(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<AdministrativeUnit | null> {
    return ctx.loaders.unit.load(d.unitId);
  }

  @FieldResolver(() => Applicant)
  applicant(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Applicant {
    const clear = seesPersonalData(ctx.actor, accessRefOf(d));
    return {
      fullName: clear ? d.applicantFullName : maskFullName(d.applicantFullName),
      citizenIdMasked: maskTail4(d.applicantCitizenId),
      phone: d.applicantPhone === null ? null : clear ? d.applicantPhone : maskTail4(d.applicantPhone),
    };
  }

  @FieldResolver(() => Timeliness)
  timeliness(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Timeliness {
    return timelinessOf(d, ctx.services.dossiers.today(), ctx.services.clock.now());
  }

  @FieldResolver(() => Boolean, { description: 'Unfinished and past its due date today (past dueAt, for a deadline at a time)' })
  overdue(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): boolean {
    return timelinessOf(d, ctx.services.dossiers.today(), ctx.services.clock.now()) === Timeliness.IN_PROGRESS_OVERDUE;
  }

  @FieldResolver(() => ProcessingTimeType, { nullable: true, description: 'The processing time that applied at receipt (the province\'s own or the national one)' })
  processingTime(@Root() d: DossierRow): ProcessingTimeType | null {
    return d.processingTimeUnit && d.processingTimeValue !== null ? processingTimeView({ value: d.processingTimeValue, unit: d.processingTimeUnit }) : null;
  }

  @FieldResolver(() => Int, { description: 'National status code (1 SUBMITTED ... 10 RETURNED)' })
  nationalStatusCode(@Root() d: DossierRow): number {
    return NATIONAL_STATUS_CODE[d.status];
  }

  @FieldResolver(() => [DossierAction], { description: 'Actions the lifecycle allows from the current status' })
  allowedActions(@Root() d: DossierRow): DossierAction[] {
    return allowedActions(d.status);
  }

  @FieldResolver(() => GraphQLJSON, {
    nullable: true,
    description: 'The e-form data as filed (personal data: for staff of the dossier’s unit and the applicant; null for others)',
  })
  async formData(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<Record<string, unknown> | null> {
    if (!seesPersonalData(ctx.actor, accessRefOf(d))) return null;
    return ctx.loaders.formData.load(d.id);
  }

  @FieldResolver(() => [DossierEvent])
  async history(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<DossierEvent[]> {
    const events = await ctx.loaders.history.load(d.id);
    const staff = isStaff(ctx.actor);
    return events.map((e: DossierEventRow) => ({ ...e, actor: staff ? e.actor : null }));
  }
}

@ObjectType()
export class DossierPayload {
  @Field(() => DossierType, { nullable: true })
  dossier!: DossierRow | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@InputType()
export class ApplicantInput {
  @Field()
  fullName!: string;

  @Field()
  citizenId!: string;

  @Field(() => String, { nullable: true })
  phone?: string | null;
}

@InputType()
export class DossierFilter {
  @Field(() => String, { nullable: true, description: 'A commune, or a province (then all units under it)' })
  unitCode?: string | null;

  @Field(() => [DossierStatus], { nullable: true })
  status?: DossierStatus[] | null;

  @Field(() => String, { nullable: true })
  procedureCode?: string | null;

  @Field(() => String, { nullable: true })
  fieldCode?: string | null;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => DateScalar, { nullable: true })
  receivedFrom?: LocalDate | null;

  @Field(() => DateScalar, { nullable: true })
  receivedTo?: LocalDate | null;

  @Field(() => Boolean, { nullable: true, description: 'true: unfinished and past dueDate today' })
  overdue?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Dossier code or applicant name' })
  search?: string | null;
}

@InputType()
export class ReceiveDossierInput {
  @Field()
  procedureCode!: string;

  @Field()
  unitCode!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => GraphQLJSON, { nullable: true })
  formData?: unknown;

  @Field(() => String, { nullable: true, description: 'Same key again returns the first result, creates nothing' })
  idempotencyKey?: string | null;
}

@InputType()
export class DossierActionInput {
  @Field(() => ID)
  dossierId!: string;

  @Field(() => DossierAction)
  action!: DossierAction;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Outcome, { nullable: true, description: 'RESOLVE only' })
  outcome?: Outcome | null;

  @Field(() => DateScalar, { nullable: true, description: 'EXTEND_DEADLINE only' })
  newDueDate?: LocalDate | null;

  @Field(() => DelayReason, { nullable: true, description: 'EXTEND_DEADLINE or RESOLVE: why the dossier is late (counted in serviceIndex)' })
  delayReason?: DelayReason | null;

  @Field(() => String, { nullable: true, description: 'TRANSFER only: the unit of the route that takes the dossier' })
  toUnitCode?: string | null;

  @Field(() => String, { nullable: true, description: 'ASSIGN only: the officer (staff id) of the holding unit' })
  assignee?: string | null;

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

@InputType()
export class ImportedActionInput {
  @Field(() => DossierAction)
  action!: DossierAction;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Outcome, { nullable: true })
  outcome?: Outcome | null;

  @Field(() => DateScalar, { nullable: true })
  newDueDate?: LocalDate | null;

  @Field(() => DelayReason, { nullable: true })
  delayReason?: DelayReason | null;
}

@InputType()
export class ImportDossierInput {
  @Field(() => String, { nullable: true, description: 'Legacy code kept as is; generated when absent' })
  code?: string | null;

  @Field()
  procedureCode!: string;

  @Field()
  unitCode!: string;

  @Field(() => Channel)
  channel!: Channel;

  @Field(() => ApplicantInput)
  applicant!: ApplicantInput;

  @Field(() => DateTimeScalar, { nullable: true, description: 'ONLINE only; the first history entry is then ACCEPT or REFUSE' })
  submittedAt?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'IN_PERSON / POSTAL: received at this instant' })
  receivedAt?: Date | null;

  @Field(() => GraphQLJSON, { nullable: true, description: "The e-form data; checked against the procedure's form" })
  formData?: unknown;

  @Field(() => [ImportedActionInput])
  history!: ImportedActionInput[];
}

@ObjectType()
export class ImportError {
  @Field(() => Int)
  index!: number;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => [UserError])
  userErrors!: UserError[];
}

@ObjectType()
export class ImportDossiersPayload {
  @Field(() => Int)
  imported!: number;

  @Field(() => Int, { description: 'Codes already present' })
  skipped!: number;

  @Field(() => [ImportError])
  errors!: ImportError[];
}
