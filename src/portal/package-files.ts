import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of a file shipped inside an installed npm package (fonts, browser bundles), found the
 * way Node finds the package itself, so it works from the sources, from dist/ and in any install
 * layout. Goes through `package.json` because packages that declare `exports` hide other files
 * from `require.resolve`.
 */
export function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}
