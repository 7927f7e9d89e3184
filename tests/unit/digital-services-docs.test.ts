import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { buildApiSchema } from '../../src/schema/build-schema.js';
import { messageFor } from '../../src/schema/messages.js';

/**
 * docs/payments.md, docs/satisfaction.md, docs/digitization.md and docs/statistics.md are what portals
 * and integrators copy: their operations must be valid against the API, and every refusal code they
 * list must have a message.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildApiSchema();
});

/** Refusal codes as the tables list them: a row's first or second cell. */
function refusalCodesOf(text: string): string[] {
  const rows = text.split('\n').filter((l) => l.startsWith('| '));
  const codes = rows.flatMap((row) => row.split('|').slice(1, 3).flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z_]*_[A-Z_]+)`/g)].map((m) => m[1]!)));
  return [...new Set(codes)].filter((c) => !c.startsWith('CONNECTOR_') && !c.startsWith('RATING_LINK_TTL'));
}

describe.each(['docs/payments.md', 'docs/satisfaction.md', 'docs/digitization.md'])('%s', (file) => {
  const docs = readFileSync(file, 'utf8');
  const examples = [...docs.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

  test.each(examples.map((e) => [e.split('\n')[0]!, e]))('%s is valid', (_title, example) => {
    expect(validate(schema, parse(example), specifiedRules).map((e) => e.message)).toEqual([]);
  });

  test('every refusal code it lists has a message', () => {
    const codes = refusalCodesOf(docs);
    expect(codes.length).toBeGreaterThan(5);
    expect(codes.filter((c) => messageFor(c, 'en') === c)).toEqual([]);
  });
});

describe('docs/statistics.md', () => {
  const examples = [...readFileSync('docs/statistics.md', 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

  test.each(examples.map((e) => [e.split('\n')[1]!.trim(), e]))('%s is valid', (_title, example) => {
    expect(validate(schema, parse(example), specifiedRules).map((e) => e.message)).toEqual([]);
  });
});
