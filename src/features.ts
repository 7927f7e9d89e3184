import { connectorsFeature } from './connectors/connectors.feature.js';
import { paymentsFeature } from './connectors/payment/payments.feature.js';
import { reconciliationFeature } from './connectors/reconciliation/reconciliation.feature.js';
import { coreFeature } from './domain/core.feature.js';
import { digitizationFeature } from './domain/digitization/digitization.feature.js';
import { routingFeature } from './domain/routing/routing.feature.js';
import { serviceIndexFeature } from './domain/service-index/service-index.feature.js';
import { satisfactionFeature } from './domain/satisfaction/satisfaction.feature.js';
import { statisticsFeature } from './domain/statistics/statistics.feature.js';
import { migrationsOf, type FeatureModule } from './feature-module.js';
import { portalFeature } from './portal/portal.feature.js';

/**
 * The features of the server, one line each (CONTRIBUTING.md, "Features"). The order is the order
 * their dossier-change listeners run in each transaction: the connector outbox comes after the
 * features whose effects it may report; slow work (rendering a PDF) comes before the features that
 * lock rows shared by many dossiers.
 */
export const FEATURES: readonly FeatureModule[] = [
  coreFeature,
  // Before statistics: the electronic result is rendered while the transaction holds only the
  // dossier's own row, not the day's aggregate rows every change of the unit waits on.
  digitizationFeature,
  statisticsFeature,
  routingFeature,
  paymentsFeature,
  satisfactionFeature,
  serviceIndexFeature,
  connectorsFeature,
  reconciliationFeature,
  portalFeature,
];

/** Every entity the ORM maps. */
export const ALL_ENTITIES = FEATURES.flatMap((f) => f.entities ?? []);

/** The committed migrations, in the order they run; listed by the features (not found by a glob) so that they load the same way from TypeScript and compiled JavaScript. */
export const MIGRATIONS = migrationsOf(FEATURES);

/** Every resolver of the API. */
export const RESOLVERS: readonly Function[] = FEATURES.flatMap((f) => f.resolvers ?? []);
