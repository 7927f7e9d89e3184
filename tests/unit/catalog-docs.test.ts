import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate } from 'graphql';
import { NATIONAL_BAD_SAMPLE, NATIONAL_SAMPLE } from '../../src/cli/catalog-samples.js';
import { loadConfig } from '../../src/config.js';
import { buildApiSchema } from '../../src/schema/build-schema.js';
import { KNOWN_CODES } from '../../src/schema/messages.js';
import { queryLimitsRule } from '../../src/schema/query-limits.js';

/** docs/catalog.md is what a center follows to go live: its operation must run, its codes must exist. */
const docs = readFileSync('docs/catalog.md', 'utf8');

test('the import operation of docs/catalog.md is valid and within the default limits', async () => {
  const [example] = [...docs.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const { maxQueryDepth: maxDepth, maxQueryCost: maxCost } = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(40) }).limits;
  const errors = validate(await buildApiSchema(), parse(example!), [...specifiedRules, queryLimitsRule({ maxDepth, maxCost })]);
  expect(errors.map((e) => e.message)).toEqual([]);
});

test('every error code docs/catalog.md lists has a message', () => {
  const section = docs.slice(docs.indexOf('## Error codes'), docs.indexOf('## Going live'));
  const codes = [...new Set([...section.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]!))];
  expect(codes.length).toBeGreaterThan(20);
  expect(codes.filter((c) => !KNOWN_CODES.includes(c))).toEqual([]);
});

test('the JSON samples of docs/samples are what `npm run catalog:samples` writes', () => {
  expect(JSON.parse(readFileSync('docs/samples/csdlqg-tthc-mau.json', 'utf8'))).toEqual(NATIONAL_SAMPLE);
  expect(JSON.parse(readFileSync('docs/samples/csdlqg-tthc-loi-mau.json', 'utf8'))).toEqual(NATIONAL_BAD_SAMPLE);
});
