import { Migration20261206200000Digitization } from '../../../migrations/Migration20261206200000Digitization.js';
import type { FeatureModule } from '../../feature-module.js';
import { digitizationRoutes } from '../../http/digitization.routes.js';
import { DigitizationResolver, DossierDigitizationFieldsResolver } from '../../schema/digitization.schema.js';
import { ElectronicResultListener } from './electronic-result.listener.js';

/**
 * Digitized documents and electronic results (Decision 766; docs/digitization.md): documents
 * received stored in the content-addressed store and reused for the same citizen, the result
 * issued as a PDF at RESOLVE (listener), its public verification, and the rates of both.
 * (GET /dossiers/{code}/result.pdf is one of the dossier documents of the core feature.)
 */
export const digitizationFeature: FeatureModule = {
  name: 'digitization',
  migrations: [Migration20261206200000Digitization],
  resolvers: [DigitizationResolver, DossierDigitizationFieldsResolver],
  // ELECTRONIC_RESULTS=0: a province whose results are issued by the specialized systems themselves.
  listeners: ({ config, settings }) => (config.electronicResults ? [new ElectronicResultListener(settings.digitization)] : []),
  routes: ({ services }, tokens) => digitizationRoutes(services, tokens),
};
