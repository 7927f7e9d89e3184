import '../node-version-guard.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NATIONAL_BAD_SAMPLE, NATIONAL_SAMPLE, provinceBadSampleXlsx, provinceSampleXlsx } from './catalog-samples.js';

/**
 * Writes the sample catalogue files of docs/samples (docs/catalog.md shows them; the tests import them):
 *   npm run catalog:samples
 */
const dir = resolve(process.argv[2] ?? 'docs/samples');
mkdirSync(dir, { recursive: true });
const files: [string, string | Buffer][] = [
  ['csdlqg-tthc-mau.json', `${JSON.stringify(NATIONAL_SAMPLE, null, 2)}\n`],
  ['csdlqg-tthc-loi-mau.json', `${JSON.stringify(NATIONAL_BAD_SAMPLE, null, 2)}\n`],
  ['danh-muc-tthc-mau.xlsx', await provinceSampleXlsx()],
  ['danh-muc-tthc-loi-mau.xlsx', await provinceBadSampleXlsx()],
];
for (const [name, content] of files) {
  writeFileSync(join(dir, name), content);
  process.stdout.write(`${join(dir, name)}\n`);
}
