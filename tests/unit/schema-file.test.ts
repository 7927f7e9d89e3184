import { readFileSync } from 'node:fs';
import { apiSchemaSdl, SCHEMA_FILE } from '../../src/schema/schema-sdl.js';
import { lineDiff } from '../support/line-diff.js';

describe(`${SCHEMA_FILE} (what front-end teams generate clients from)`, () => {
  test('matches the schema the code builds', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const built = await apiSchemaSdl();
    if (committed !== built) {
      throw new Error(
        [
          `${SCHEMA_FILE} differs from the schema the code builds (- committed, + built):`,
          ...lineDiff(committed, built),
          '',
          `Fix: run "npm run schema" and commit ${SCHEMA_FILE}.`,
        ].join('\n'),
      );
    }
  });

  test('the diff hint points at what changed', () => {
    expect(lineDiff('type A {\n  a: Int\n  b: Int\n}\n', 'type A {\n  a: Int\n  c: Int\n}\n')).toEqual([
      '  type A {',
      '    a: Int',
      '-   b: Int',
      '+   c: Int',
      '  }',
      '  ',
    ]);
  });
});
