import { Migration20261204500000Routing } from '../../../migrations/Migration20261204500000Routing.js';
import type { FeatureModule } from '../../feature-module.js';
import { DossierRoutingFieldsResolver, RoutingResolver } from '../../schema/routing.schema.js';
import { RoutingListener } from './routing.listener.js';

/** Liên thông (docs/routing.md): routes between agencies, transfers and assignments, the holder's steps and figures. */
export const routingFeature: FeatureModule = {
  name: 'routing',
  migrations: [Migration20261204500000Routing],
  resolvers: [RoutingResolver, DossierRoutingFieldsResolver],
  listeners: () => [new RoutingListener()],
};
