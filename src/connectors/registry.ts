import { agencySystemConnector } from './agency-system/agency-system.connector.js';
import { businessRegistrationConnector } from './business-registration/business-registration.connector.js';
import { civilStatusConnector } from './civil-status/civil-status.connector.js';
import { emcConnector } from './emc/emc.connector.js';
import { notifyConnector } from './notify/notify.connector.js';
import { paymentConnector } from './payment/payment.connector.js';
import type { Connector } from './sdk/index.js';
import { vneidConnector } from './vneid/vneid.connector.js';

/**
 * Every specialized system this server talks to. Adding one = one folder with its adapter and one
 * line here (docs/connectors.md shows how). The order is the order of `connectors` in the API.
 */
export const CONNECTORS: readonly Connector[] = [
  emcConnector,
  civilStatusConnector,
  vneidConnector,
  businessRegistrationConnector,
  notifyConnector,
  agencySystemConnector,
  paymentConnector,
];
