import { Migration20251124000000Foundation } from './Migration20251124000000Foundation.js';

/**
 * The committed migrations, in order. Listed explicitly (not found by a glob) so that they load the
 * same way from TypeScript in tests and from the compiled JavaScript in production.
 */
export const MIGRATIONS = [
  { name: 'Migration20251124000000Foundation', class: Migration20251124000000Foundation },
];
