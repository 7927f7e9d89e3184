import { Migration20251201000000Statistics } from '../../../migrations/Migration20251201000000Statistics.js';
import type { FeatureModule } from '../../feature-module.js';
import { dashboardRoutes } from '../../http/dashboard.routes.js';
import { statisticsExportRoutes } from '../../http/statistics-export.routes.js';
import { StatisticsResolver } from '../../schema/statistics.schema.js';
import { StatisticsListener } from './statistics.listener.js';

/** Figures by unit and period (docs/statistics.md): the aggregates kept in every change, the query, the CSV and the dashboard. */
export const statisticsFeature: FeatureModule = {
  name: 'statistics',
  migrations: [Migration20251201000000Statistics],
  resolvers: [StatisticsResolver],
  listeners: () => [new StatisticsListener()],
  routes: ({ services }, tokens) => [
    ...statisticsExportRoutes({ statistics: services.statistics, tokens }),
    ...dashboardRoutes({ statistics: services.statistics, serviceIndex: services.serviceIndex, tokens, today: () => services.dossiers.today() }),
  ],
};
