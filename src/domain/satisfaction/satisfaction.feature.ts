import { Migration20261204610000Satisfaction } from '../../../migrations/Migration20261204610000Satisfaction.js';
import type { FeatureModule } from '../../feature-module.js';
import { ratingPageRoutes } from '../../http/rating-page.routes.js';
import { DossierRatingFieldsResolver, FeedbackFieldsResolver, SatisfactionResolver } from '../../schema/satisfaction.schema.js';
import { RatingLinkListener } from './rating-link.listener.js';

/** Citizens' ratings of the service (docs/satisfaction.md): one-time links on the result, the rating page, feedback handling. */
export const satisfactionFeature: FeatureModule = {
  name: 'satisfaction',
  migrations: [Migration20261204610000Satisfaction],
  resolvers: [SatisfactionResolver, DossierRatingFieldsResolver, FeedbackFieldsResolver],
  listeners: ({ settings }) => [new RatingLinkListener(settings.ratingLinks)],
  routes: ({ services }) => ratingPageRoutes(services),
};
