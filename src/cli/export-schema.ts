import '../node-version-guard.js';
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiSchemaSdl, SCHEMA_FILE } from '../schema/schema-sdl.js';

/**
 * `npm run schema`: writes the API's SDL to schema.graphql (run from the repository root, as npm
 * scripts are). `npm run schema -- --check` only compares, and exits 1 when the file is stale.
 */
const target = resolve(process.cwd(), SCHEMA_FILE);
const sdl = await apiSchemaSdl();
let current: string | null = null;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = null;
}

if (process.argv.includes('--check')) {
  if (current !== sdl) {
    process.stderr.write(`${SCHEMA_FILE} is out of date: run "npm run schema" and commit it\n`);
    process.exit(1);
  }
  process.stdout.write(`${SCHEMA_FILE} is up to date\n`);
} else if (current === sdl) {
  process.stdout.write(`${SCHEMA_FILE} is up to date\n`);
} else {
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
process.exit(0);
