import { Arg, Ctx, Field, FieldResolver, Float, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { PaymentStatistics } from '../connectors/payment/payment-module.js';
import type { PaymentReconciliationReport, PaymentReconciliationRow, PaymentRepair } from '../connectors/payment/payment-reconciliation.service.js';
import type { DossierRow } from '../domain/dossier/dossier-reader.js';
import { qrPngDataUrl } from '../domain/payment/vietqr.js';
import type { PaymentRequestRow } from '../domain/payment/payment-store.js';
import type { LocalDate } from '../domain/time/local-time.js';
import type { GraphQLContext } from './context.js';
import { DossierType } from './dossier.types.js';
import { asQuery } from './errors.js';
import { ReconciliationStatus } from './reconciliation.schema.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

export enum PaymentStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  CANCELLED = 'CANCELLED',
}
export enum PaymentMethod {
  ONLINE = 'ONLINE',
  CASH = 'CASH',
}
registerEnumType(PaymentStatus, { name: 'PaymentStatus', description: 'CANCELLED: the dossier was withdrawn before payment' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod', description: 'ONLINE: a transfer the payment platform notified; CASH: at the counter (CONFIRM_PAYMENT by an officer)' });

@ObjectType('PaymentRequest', { description: 'Yêu cầu nộp phí, lệ phí: created by REQUEST_PAYMENT for a procedure with a fee' })
export class PaymentRequestType {
  @Field(() => Int, { description: 'In VND' })
  amount!: number;

  @Field({ description: 'Always VND' })
  currency!: string;

  @Field({ description: 'The payment code (nội dung chuyển khoản) the transfer must carry; unique' })
  reference!: string;

  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Field(() => PaymentMethod, { nullable: true, description: 'Null until paid' })
  method!: PaymentMethod | null;

  @Field(() => String, { nullable: true, description: 'VietQR (NAPAS) payload; null when the province has no collection account configured (cash only)' })
  qrPayload!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  paidAt!: Date | null;
}

@Resolver(() => PaymentRequestType)
export class PaymentRequestFieldsResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The VietQR code as a PNG data URL (data:image/png;base64,...)' })
  async qrPngDataUrl(@Root() p: PaymentRequestRow): Promise<string | null> {
    return p.qrPayload ? qrPngDataUrl(p.qrPayload) : null;
  }
}

@Resolver(() => DossierType)
export class DossierPaymentFieldsResolver {
  @FieldResolver(() => PaymentRequestType, { nullable: true, description: 'The latest payment request (REQUEST_PAYMENT of a procedure with a fee); null when none' })
  async paymentRequest(@Root() d: DossierRow, @Ctx() ctx: GraphQLContext): Promise<PaymentRequestRow | null> {
    return ctx.loaders.paymentRequest.load(d.id);
  }
}

@ObjectType('PaymentReconciliationRow', { description: 'One unit and day of payment' })
export class PaymentReconciliationRowType implements PaymentReconciliationRow {
  @Field() unitCode!: string;
  @Field(() => DateScalar) date!: LocalDate;
  @Field(() => Int, { description: 'Paid ONLINE here that day' }) localCount!: number;
  @Field(() => Int) localAmount!: number;
  @Field(() => Int, { description: 'Transactions the platform lists that day for this unit' }) remoteCount!: number;
  @Field(() => Int) remoteAmount!: number;
  @Field(() => Int, { description: 'Paid in cash at the counter: counted apart, not compared' }) cashCount!: number;
  @Field(() => Int) cashAmount!: number;
  @Field(() => [String], { description: 'References paid on the platform but not here (repair: confirm)' }) paidRemotelyNotLocally!: string[];
  @Field(() => [String], { description: 'References paid online here that the platform does not list' }) paidLocallyNotRemotely!: string[];
}

@ObjectType('PaymentRepair')
export class PaymentRepairType implements PaymentRepair {
  @Field() reference!: string;
  @Field() transactionId!: string;
  @Field({ description: 'CONFIRMED, or the refusal code (e.g. PAYMENT_NOT_AWAITED: a person must refund)' }) result!: string;
}

@ObjectType('PaymentReconciliationReport', { description: 'Đối soát thanh toán: local online payments vs the payment platform, per unit and day' })
export class PaymentReconciliationReportType {
  @Field() unitCode!: string;
  @Field(() => DateScalar) from!: LocalDate;
  @Field(() => DateScalar) to!: LocalDate;
  @Field(() => ReconciliationStatus) status!: ReconciliationStatus;
  @Field(() => [PaymentReconciliationRowType], { description: 'Every unit and day with a payment on either side' }) rows!: PaymentReconciliationRow[];
  @Field(() => [String], { description: 'References in the province account\'s listing that match no payment request (province-wide runs only)' })
  unknownReferences!: string[];
  @Field(() => [PaymentRepairType], { description: 'With repair: true, what was confirmed from the listing' }) repairs!: PaymentRepair[];
}

@ObjectType('PaymentStatistics', { description: 'Fees paid in a period (Decision 766: the share paid online)' })
export class PaymentStatisticsType implements PaymentStatistics {
  @Field() unitCode!: string;
  @Field(() => DateScalar) from!: LocalDate;
  @Field(() => DateScalar) to!: LocalDate;
  @Field(() => Int, { description: 'Paid online (platform notification or reconciliation) in the period' }) paidOnline!: number;
  @Field(() => Float, { description: 'VND' }) amountOnline!: number;
  @Field(() => Int, { description: 'Paid in cash at the counter in the period' }) paidCash!: number;
  @Field(() => Float, { description: 'VND' }) amountCash!: number;
  @Field(() => Int, { description: 'Requests made in the period and not paid yet' }) pending!: number;
  @Field(() => Float, { nullable: true, description: 'paidOnline / (paidOnline + paidCash), 0..1; null when nothing was paid' }) onlineRate!: number | null;
}

@Resolver()
export class PaymentResolver {
  @Query(() => PaymentStatisticsType, { description: 'Fees paid by method for a unit (a province: with its communes): STATISTICIAN, LEADER, PROVINCE_ADMIN, SYSTEM_ADMIN' })
  async paymentStatistics(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
  ): Promise<PaymentStatistics> {
    return asQuery(ctx.lang, () => ctx.services.payments.statistics(ctx.actor, { unitCode, from, to }));
  }

  @Mutation(() => PaymentReconciliationReportType, {
    description: 'Compares online payments with the platform\'s listing (PROVINCE_ADMIN, INTEGRATOR in scope, SYSTEM_ADMIN); repair confirms those paid remotely only',
  })
  async reconcilePayments(
    @Ctx() ctx: GraphQLContext,
    @Arg('unitCode') unitCode: string,
    @Arg('from', () => DateScalar) from: LocalDate,
    @Arg('to', () => DateScalar) to: LocalDate,
    @Arg('repair', () => Boolean, { defaultValue: false }) repair: boolean,
  ): Promise<PaymentReconciliationReport> {
    return asQuery(ctx.lang, () => ctx.services.payments.reconciliation.reconcile(ctx.actor, { unitCode, from, to, repair }));
  }
}
