import { readFileSync } from 'node:fs';
import { packageFile } from './package-files.js';

/**
 * The browser files a page of this server loads (the GraphQL IDE, the dashboard): each either a
 * file of an installed npm package or a script written here, served from memory so that nothing
 * comes from a CDN and a page works on a center's network without internet.
 */
export interface StaticAsset {
  contentType: string;
  load(): Buffer;
}

export const JAVASCRIPT = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';

/** A file shipped in an npm package (found as Node finds the package: works from src/ and dist/). */
export function packageAsset(packageName: string, file: string, contentType: string): StaticAsset {
  return { contentType, load: () => readFileSync(packageFile(packageName, file)) };
}

/** A script or stylesheet whose text is written in this code base. */
export function inlineAsset(text: string, contentType: string): StaticAsset {
  return { contentType, load: () => Buffer.from(text) };
}

export type AssetLookup = (name: string) => { body: Buffer; contentType: string } | null;

/**
 * Looks an asset up by file name, reading it once: anything not in the table is null, so no path
 * is ever taken from the URL.
 */
export function assetTable(assets: Readonly<Record<string, StaticAsset>>): AssetLookup {
  const loaded = new Map<string, Buffer>();
  return (name) => {
    const asset = Object.hasOwn(assets, name) ? assets[name]! : null;
    if (!asset) return null;
    let body = loaded.get(name);
    if (!body) {
      body = asset.load();
      loaded.set(name, body);
    }
    return { body, contentType: asset.contentType };
  };
}
