import { Migration20251124000000Foundation } from '../../migrations/Migration20251124000000Foundation.js';
import { Migration20251206000000DossierOnlineLevel } from '../../migrations/Migration20251206000000DossierOnlineLevel.js';
import { Migration20261204100000ReferenceUnits } from '../../migrations/Migration20261204100000ReferenceUnits.js';
import { Migration20261204200000ProcessingTime } from '../../migrations/Migration20261204200000ProcessingTime.js';
import { Migration20261204210000CalendarCorrections } from '../../migrations/Migration20261204210000CalendarCorrections.js';
import { Migration20261204300000ReadAuditPerRequest } from '../../migrations/Migration20261204300000ReadAuditPerRequest.js';
import { Migration20261207000000DeadlineRulesRevision } from '../../migrations/Migration20261207000000DeadlineRulesRevision.js';
import type { FeatureModule } from '../feature-module.js';
import { dossierDocumentRoutes } from '../http/dossier-documents.routes.js';
import { healthRoutes } from '../http/health.routes.js';
import { CalendarResolver, ProvinceCalendarResolver } from '../schema/calendar.schema.js';
import { CatalogImportResolver } from '../schema/catalog-import.schema.js';
import { DossierResolver } from '../schema/dossier.resolver.js';
import { DossierFieldsResolver } from '../schema/dossier.types.js';
import { NodeResolver } from '../schema/node.resolver.js';
import { ProcedureResolver, ProvinceProcessingTimeResolver } from '../schema/procedure.schema.js';
import { UnitResolver } from '../schema/unit.schema.js';
import { DOMAIN_ENTITIES } from './entities.js';

/**
 * The core every other feature builds on: administrative units, the procedure catalogue and its
 * import, the working calendar, dossiers (intake, actions, import, lists, documents), and the
 * health checks.
 */
export const coreFeature: FeatureModule = {
  name: 'core',
  entities: DOMAIN_ENTITIES,
  migrations: [
    Migration20251124000000Foundation,
    Migration20251206000000DossierOnlineLevel,
    Migration20261204100000ReferenceUnits,
    Migration20261204200000ProcessingTime,
    Migration20261204210000CalendarCorrections,
    Migration20261204300000ReadAuditPerRequest,
    Migration20261207000000DeadlineRulesRevision,
  ],
  resolvers: [
    NodeResolver,
    UnitResolver,
    ProcedureResolver,
    ProvinceProcessingTimeResolver,
    CatalogImportResolver,
    CalendarResolver,
    ProvinceCalendarResolver,
    DossierResolver,
    DossierFieldsResolver,
  ],
  routes: ({ orm, jobs, services, config }, tokens) => [
    ...healthRoutes({ database: () => orm.isConnected(), jobQueue: () => jobs.isReady() }),
    ...dossierDocumentRoutes(services, tokens, config.publicBaseUrl),
  ],
};
