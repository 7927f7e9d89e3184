import { Migration20251124000000Foundation } from './Migration20251124000000Foundation.js';
import { Migration20251201000000Statistics } from './Migration20251201000000Statistics.js';
import { Migration20251202000000Connectors } from './Migration20251202000000Connectors.js';
import { Migration20251204000000Reconciliation } from './Migration20251204000000Reconciliation.js';
import { Migration20251206000000DossierOnlineLevel } from './Migration20251206000000DossierOnlineLevel.js';
import { Migration20261204100000ReferenceUnits } from './Migration20261204100000ReferenceUnits.js';
import { Migration20261204200000ProcessingTime } from './Migration20261204200000ProcessingTime.js';
import { Migration20261204210000CalendarCorrections } from './Migration20261204210000CalendarCorrections.js';
import { Migration20261204300000ReadAuditPerRequest } from './Migration20261204300000ReadAuditPerRequest.js';
import { Migration20261204500000Routing } from './Migration20261204500000Routing.js';
import { Migration20261204600000Payments } from './Migration20261204600000Payments.js';
import { Migration20261204610000Satisfaction } from './Migration20261204610000Satisfaction.js';

/**
 * The committed migrations, in order. Listed explicitly (not found by a glob) so that they load the
 * same way from TypeScript in tests and from the compiled JavaScript in production.
 */
export const MIGRATIONS = [
  { name: 'Migration20251124000000Foundation', class: Migration20251124000000Foundation },
  { name: 'Migration20251201000000Statistics', class: Migration20251201000000Statistics },
  { name: 'Migration20251202000000Connectors', class: Migration20251202000000Connectors },
  { name: 'Migration20251204000000Reconciliation', class: Migration20251204000000Reconciliation },
  { name: 'Migration20251206000000DossierOnlineLevel', class: Migration20251206000000DossierOnlineLevel },
  { name: 'Migration20261204100000ReferenceUnits', class: Migration20261204100000ReferenceUnits },
  { name: 'Migration20261204200000ProcessingTime', class: Migration20261204200000ProcessingTime },
  { name: 'Migration20261204210000CalendarCorrections', class: Migration20261204210000CalendarCorrections },
  { name: 'Migration20261204300000ReadAuditPerRequest', class: Migration20261204300000ReadAuditPerRequest },
  { name: 'Migration20261204500000Routing', class: Migration20261204500000Routing },
  { name: 'Migration20261204600000Payments', class: Migration20261204600000Payments },
  { name: 'Migration20261204610000Satisfaction', class: Migration20261204610000Satisfaction },
];
