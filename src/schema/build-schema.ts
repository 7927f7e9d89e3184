import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { CalendarResolver, ProvinceCalendarResolver } from './calendar.schema.js';
import { CatalogImportResolver } from './catalog-import.schema.js';
import { ConnectorResolver, DossierSyncFieldsResolver, SyncRecordFieldsResolver } from './connector.schema.js';
import { DossierFieldsResolver } from './dossier.types.js';
import { DossierResolver } from './dossier.resolver.js';
import { NodeResolver } from './node.resolver.js';
import { DossierPaymentFieldsResolver, PaymentRequestFieldsResolver, PaymentResolver } from './payment.schema.js';
import { DossierRatingFieldsResolver, FeedbackFieldsResolver, SatisfactionResolver } from './satisfaction.schema.js';
import { ProcedureResolver, ProvinceProcessingTimeResolver } from './procedure.schema.js';
import { ReconciliationReportFieldsResolver, ReconciliationResolver, SyncRecordReconciliationFieldsResolver } from './reconciliation.schema.js';
import { CONNECTION_RESOLVERS } from './relay.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { StatisticsResolver } from './statistics.schema.js';
import { DossierRoutingFieldsResolver, RoutingResolver } from './routing.schema.js';
import { UnitResolver } from './unit.schema.js';

/** Every resolver of the API. Modules (statistics, connectors, ...) add theirs to this list. */
export const RESOLVERS: NonEmptyArray<Function> = [
  NodeResolver,
  UnitResolver,
  ProcedureResolver,
  ProvinceProcessingTimeResolver,
  CatalogImportResolver,
  CalendarResolver,
  ProvinceCalendarResolver,
  DossierResolver,
  DossierFieldsResolver,
  ConnectorResolver,
  SyncRecordFieldsResolver,
  DossierSyncFieldsResolver,
  ReconciliationResolver,
  ReconciliationReportFieldsResolver,
  SyncRecordReconciliationFieldsResolver,
  StatisticsResolver,
  RoutingResolver,
  DossierRoutingFieldsResolver,
  PaymentResolver,
  PaymentRequestFieldsResolver,
  DossierPaymentFieldsResolver,
  SatisfactionResolver,
  DossierRatingFieldsResolver,
  FeedbackFieldsResolver,
];

export async function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS, ...CONNECTION_RESOLVERS] as NonEmptyArray<Function>,
    scalarsMap: [
      { type: Date, scalar: DateTimeScalar },
    ],
    // Input is validated by the domain, which words its errors in the contract's codes.
    validate: false,
  });
}
