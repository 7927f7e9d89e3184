import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The path of a file shipped inside an installed npm package (fonts, browser bundles), found the
 * way Node finds the package itself, so it works from the sources, from dist/ and in any install
 * layout. Goes through `package.json` because packages that declare `exports` hide other files
 * from `require.resolve`; a package whose `exports` hide package.json too (Chart.js) is found
 * from its main entry, walking up to the folder whose package.json names it.
 */
export function packageFile(packageName: string, file: string): string {
  return join(packageRoot(packageName), file);
}

function packageRoot(packageName: string): string {
  try {
    return dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    let dir = dirname(require.resolve(packageName));
    while (dir !== dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === packageName) return dir;
      dir = dirname(dir);
    }
    throw new Error(`package ${packageName} has no package.json above its entry point`);
  }
}
