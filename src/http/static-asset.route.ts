import type { AssetLookup } from '../portal/static-assets.js';
import type { Route } from './http-server.js';
import { HttpError } from './http-utils.js';

/**
 * `GET <prefix>/<file>`: the browser files of a page (portal/static-assets.ts), cached a day by the
 * browser; 404 for any name the page does not ship.
 */
export function staticAssetRoute(prefix: string, lookup: AssetLookup): Route {
  return {
    method: 'GET',
    path: new RegExp(`^${prefix}/([A-Za-z0-9._-]+)$`),
    handle: async (_req, res, match) => {
      const asset = lookup(match[1]!);
      if (!asset) throw new HttpError(404, 'NOT_FOUND', `no asset ${match[1]}`);
      res.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': asset.body.length,
        'cache-control': 'public, max-age=86400',
      });
      res.end(asset.body);
    },
  };
}
