import { Migration20251204000000Reconciliation } from '../../../migrations/Migration20251204000000Reconciliation.js';
import type { FeatureModule } from '../../feature-module.js';
import { reconciliationExportRoutes } from '../../http/reconciliation-export.routes.js';
import { ReconciliationReportFieldsResolver, ReconciliationResolver, SyncRecordReconciliationFieldsResolver } from '../../schema/reconciliation.schema.js';
import { reconciliationJobModule } from './reconciliation.jobs.js';

/** Local and remote counts compared per unit and day, repairs and follow-ups (docs/reconciliation.md). */
export const reconciliationFeature: FeatureModule = {
  name: 'reconciliation',
  migrations: [Migration20251204000000Reconciliation],
  resolvers: [ReconciliationResolver, ReconciliationReportFieldsResolver, SyncRecordReconciliationFieldsResolver],
  jobs: ({ services, logger }) => [reconciliationJobModule(services.reconciliation, logger)],
  routes: ({ services }, tokens) => reconciliationExportRoutes(services, tokens),
};
