import { readFileSync } from 'node:fs';
import { parse, specifiedRules, validate, type GraphQLSchema } from 'graphql';
import { loadConfig } from '../../src/config.js';
import { buildApiSchema } from '../../src/schema/build-schema.js';
import { queryLimitsRule } from '../../src/schema/query-limits.js';
import { DEMO_FORMS } from '../../src/db/seed/demo-forms.js';
import { EForms } from '../../src/domain/forms/e-forms.js';
import type { Procedure } from '../../src/domain/procedure/procedure.entity.js';

/**
 * The example operations of docs/portal.md are what front-end teams copy: each must be valid
 * against the API and within the default cost limits.
 */
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildApiSchema();
});
const docs = readFileSync('docs/portal.md', 'utf8');
const examples = [...docs.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('the operations in docs/portal.md', () => {
  test('there are examples for the citizen portal, the officer desk and a dashboard', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
    expect(examples.some((e) => e.includes('statistics('))).toBe(true);
  });

  test.each(examples.map((e) => [e.split('\n')[0]!, e]))('%s', async (_title, example) => {
    const { maxQueryDepth: maxDepth, maxQueryCost: maxCost } = loadConfig({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(40) }).limits;
    const errors = validate(schema, parse(example), [...specifiedRules, queryLimitsRule({ maxDepth, maxCost })]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});

test('the form data in the filing example passes the demo form', () => {
  const inputs = [...docs.matchAll(/```json\n([\s\S]*?)```/g)]
    .map((m) => JSON.parse(m[1]!) as { input?: { procedureCode: string; formData?: Record<string, unknown> } })
    .filter((v) => v.input?.formData);
  expect(inputs.length).toBeGreaterThan(0);
  for (const { input } of inputs) {
    const procedure = { id: 1, code: input!.procedureCode, updatedAt: new Date(0), formSchema: DEMO_FORMS[input!.procedureCode]! } as Procedure;
    expect(() => new EForms().validate(procedure, input!.formData!, ['input', 'formData'])).not.toThrow();
  }
});
