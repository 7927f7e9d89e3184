import { Migration20261206300000ServiceIndex } from '../../../migrations/Migration20261206300000ServiceIndex.js';
import type { FeatureModule } from '../../feature-module.js';
import { ServiceIndexResolver } from '../../schema/service-index.schema.js';
import { ServiceIndexListener } from './service-index.listener.js';

/** The indicators of Decision 766 (docs/statistics.md, "Service index"): per-day counters kept in every change, and the query. */
export const serviceIndexFeature: FeatureModule = {
  name: 'service-index',
  migrations: [Migration20261206300000ServiceIndex],
  resolvers: [ServiceIndexResolver],
  listeners: () => [new ServiceIndexListener()],
};
