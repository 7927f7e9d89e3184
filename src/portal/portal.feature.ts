import type { FeatureModule } from '../feature-module.js';
import { graphqlIdeRoutes } from '../http/graphql-ide.routes.js';
import { trackingPageRoutes } from '../http/tracking-page.routes.js';

/** What citizens and front-end teams open in a browser outside GraphQL: the tracking page and the offline GraphQL IDE (GRAPHQL_IDE). */
export const portalFeature: FeatureModule = {
  name: 'portal',
  routes: ({ services, config }) => [...trackingPageRoutes(services), ...(config.graphqlIde ? graphqlIdeRoutes() : [])],
};
