import type { MikroORM } from '@mikro-orm/postgresql';
import { ConnectorService } from './connectors/connector.service.js';
import { CONNECTORS } from './connectors/registry.js';
import type { ConnectorPorts } from './connectors/runtime/connector-ports.js';
import { ReconciliationService, type FollowUpScheduler } from './connectors/reconciliation/reconciliation.service.js';
import type { ReconciliationSettings } from './connectors/reconciliation/reconciliation-settings.js';
import type { Logger } from './logger.js';
import { PreparedStatements } from './db/prepared-statements.js';
import { CalendarService } from './domain/calendar/calendar.service.js';
import type { DossierChangeListener } from './domain/dossier/dossier-change.js';
import { DossierActionService } from './domain/dossier/dossier-action.service.js';
import { DossierIdentityService } from './domain/dossier/dossier-identity.service.js';
import { DossierImportService } from './domain/dossier/dossier-import.service.js';
import { DossierIntakeService } from './domain/dossier/dossier-intake.service.js';
import { DossierQueryService } from './domain/dossier/dossier-query.service.js';
import { DossierReadAudit } from './domain/dossier/dossier-read-audit.js';
import { DossierReader } from './domain/dossier/dossier-reader.js';
import { DossierRecorder } from './domain/dossier/dossier-recorder.js';
import { DossierRemoteResultService } from './domain/dossier/dossier-remote-result.service.js';
import { DossierTrackingService } from './domain/dossier/dossier-tracking.service.js';
import { CatalogImportService } from './domain/catalog-import/catalog-import.service.js';
import { EForms } from './domain/forms/e-forms.js';
import { ProcedureService } from './domain/procedure/procedure.service.js';
import { ProvinceProcessingTimeService } from './domain/procedure/province-processing-time.service.js';
import { StatisticsService } from './domain/statistics/statistics.service.js';
import { ServiceIndexService } from './domain/service-index/service-index.service.js';
import type { Clock } from './domain/time/clock.js';
import { UnitService } from './domain/unit/unit.service.js';
import { DossierTransitions } from './domain/dossier/dossier-transition.js';
import { DossierRoutingService } from './domain/routing/dossier-routing.service.js';
import { RouteService } from './domain/routing/route.service.js';
import { RoutingStatisticsService } from './domain/routing/routing-statistics.service.js';
import type { CollectionAccount } from './domain/payment/collection-accounts.js';
import type { RatingLinkSettings } from './domain/satisfaction/rating-link.js';
import { SatisfactionService } from './domain/satisfaction/satisfaction.service.js';
import { createPaymentModule, type PaymentModule } from './connectors/payment/payment-module.js';
import { DigitizationService } from './domain/digitization/digitization.service.js';
import type { DigitizationSettings } from './domain/digitization/digitization-settings.js';

/** The use cases of the domain, wired once per process and shared by the API and the workers. */
export interface Services {
  orm: MikroORM;
  clock: Clock;
  units: UnitService;
  procedures: ProcedureService;
  /** A province's own processing times for national procedures. */
  provinceTimes: ProvinceProcessingTimeService;
  /** Catalogue import from the national database's export or a province's list (docs/catalog.md). */
  catalogImport: CatalogImportService;
  calendar: CalendarService;
  intake: DossierIntakeService;
  actions: DossierActionService;
  imports: DossierImportService;
  dossiers: DossierQueryService;
  dossierReader: DossierReader;
  /** Decisions of specialized systems (registration numbers, remote RESOLVE). */
  remoteResults: DossierRemoteResultService;
  /** Verifications of online filings left PENDING while VNeID was unavailable. */
  identityChecks: DossierIdentityService;
  /** Connectors and sync records as operators see them (src/connectors). */
  connectors: ConnectorService;
  /** The public look-up (trackDossier and the tracking page), with its shared attempt limiter. */
  tracking: DossierTrackingService;
  /** Local and remote counts compared per unit and day, repairs and their follow-ups (issue 5). */
  reconciliation: ReconciliationService;
  statistics: StatisticsService;
  /** The indicators of Decision 766 (docs/statistics.md, "Service index"). */
  serviceIndex: ServiceIndexService;
  /** Liên thông (docs/routing.md): routes and officers, transfers and assignments, figures by holder and the officer desk. */
  routes: RouteService;
  routing: DossierRoutingService;
  routingStatistics: RoutingStatisticsService;
  /** Fees paid online: payment requests, the platform's notifications, payment reconciliation (docs/payments.md). */
  payments: PaymentModule;
  /** Citizens' ratings of the service and the handling of their comments (docs/satisfaction.md). */
  satisfaction: SatisfactionService;
  /** Digitized documents, their reuse, electronic results and their rates (docs/digitization.md). */
  digitization: DigitizationService;
}

export function createServices(
  orm: MikroORM,
  options: {
    clock: Clock;
    /** The process's logger (components take children of it). */
    logger?: Logger;
    listeners?: DossierChangeListener[];
    /** How long another process's catalogue change may stay unseen here (see ReferenceCache). */
    catalogCacheTtlMs?: number;
    /** Whether the hottest statements run as named prepared statements (DB_PREPARED_STATEMENTS, see PreparedStatements). */
    preparedStatements?: boolean;
    /** The connector layer's ports; its identity verifier is VNeID when that connector is enabled. */
    connectors: ConnectorPorts;
    /** RECONCILE_* settings, the logger of reconciliation runs and the job queue's follow-ups (none: no follow-up is scheduled). */
    reconciliation: { settings: ReconciliationSettings; logger: Logger; followUps: FollowUpScheduler | null };
    /** The provinces' collection accounts (CONNECTOR_PAYMENT_ACCOUNT_<PROVINCE>). */
    paymentAccounts?: ReadonlyMap<string, CollectionAccount>;
    /** How one-time rating links are derived and how long they live. */
    ratingLinks: RatingLinkSettings;
    /** The document store, the citizen key and the signing hook of digitization. */
    digitization: DigitizationSettings;
  },
): Services {
  const { clock } = options;
  const units = new UnitService(orm, options.catalogCacheTtlMs);
  const calendar = new CalendarService(orm, options.logger?.child({ component: 'calendar' }) ?? null);
  const statements = new PreparedStatements(options.preparedStatements ?? true);
  const recorder = new DossierRecorder(options.listeners ?? [], statements);
  const dossierReader = new DossierReader(orm, statements);
  // Officers' actions and specialized systems' decisions change dossiers through the same transitions.
  const transitions = new DossierTransitions(recorder, clock);
  const forms = new EForms();
  const identity = options.connectors.identityVerifier;
  const readAudit = new DossierReadAudit(orm, statements);
  const dossiers = new DossierQueryService(units, dossierReader, readAudit, clock);
  const procedures = new ProcedureService(orm, forms, options.catalogCacheTtlMs);
  const provinceTimes = new ProvinceProcessingTimeService(orm);
  const routes = new RouteService(orm, new Set(CONNECTORS.filter((c) => c.takesTransfers).map((c) => c.key)));
  const statistics = new StatisticsService(orm, units);
  const serviceIndex = new ServiceIndexService(orm, units, statistics);
  return {
    orm,
    clock,
    units,
    procedures,
    provinceTimes,
    catalogImport: new CatalogImportService(orm, procedures, provinceTimes, units),
    calendar,
    intake: new DossierIntakeService(orm, units, procedures, recorder, clock, forms, identity),
    actions: new DossierActionService(orm, transitions, identity),
    imports: new DossierImportService(orm, recorder, clock, forms),
    dossiers,
    dossierReader,
    remoteResults: new DossierRemoteResultService(orm, transitions),
    identityChecks: new DossierIdentityService(orm, identity, clock),
    connectors: new ConnectorService(orm, options.connectors),
    tracking: new DossierTrackingService(dossiers, clock),
    reconciliation: new ReconciliationService(orm, options.connectors, options.reconciliation.settings, clock, options.reconciliation.logger, units, options.reconciliation.followUps),
    statistics,
    serviceIndex,
    routes,
    routing: new DossierRoutingService(orm, transitions, routes),
    routingStatistics: new RoutingStatisticsService(orm, units, dossierReader, readAudit, clock),
    payments: createPaymentModule({
      orm, transitions, connectors: options.connectors, units, clock, logger: options.logger ?? null, accounts: options.paymentAccounts ?? new Map(),
    }),
    satisfaction: new SatisfactionService(orm, units, clock, options.ratingLinks),
    digitization: new DigitizationService(orm, procedures, dossierReader, clock, options.digitization, serviceIndex),
  };
}
