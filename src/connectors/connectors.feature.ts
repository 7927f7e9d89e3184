import { Migration20251202000000Connectors } from '../../migrations/Migration20251202000000Connectors.js';
import type { FeatureModule } from '../feature-module.js';
import { ConnectorResolver, DossierSyncFieldsResolver, SyncRecordFieldsResolver } from '../schema/connector.schema.js';
import { connectorJobs } from './runtime/connector.jobs.js';

/**
 * The connector layer (docs/connectors.md): sync records written in every change transaction (the
 * outbox listener runs last, after the features whose writes it may report), the delivery lanes
 * and schedules of worker processes, the operators' view and retries.
 */
export const connectorsFeature: FeatureModule = {
  name: 'connectors',
  migrations: [Migration20251202000000Connectors],
  resolvers: [ConnectorResolver, SyncRecordFieldsResolver, DossierSyncFieldsResolver],
  listeners: ({ connectors }) => [connectors.outboxListener],
  jobs: ({ connectors, connectorWorkers, logger }) => [connectorJobs(connectors, connectorWorkers, logger)],
};
