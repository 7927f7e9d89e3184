import type { ApolloServerPlugin } from '@apollo/server';
import { GRAPHIQL_ASSETS_PATH, GRAPHIQL_CSP, graphiqlAsset, renderGraphiqlPage } from '../portal/graphiql-page.js';
import type { Route } from './http-server.js';
import { sendHtml } from './http-utils.js';
import { staticAssetRoute } from './static-asset.route.js';

/**
 * The GraphQL IDE (outside production, or with GRAPHQL_IDE=1): the page at GET /graphiql, its
 * assets under /graphiql/assets/, and, through the plugin below, the same page for a browser that
 * opens GET /graphql (Apollo's content negotiation: Accept prefers text/html).
 */
export function graphqlIdeRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/graphiql\/?$/,
      handle: async (_req, res) => sendHtml(res, 200, renderGraphiqlPage(), { 'content-security-policy': GRAPHIQL_CSP }),
    },
    staticAssetRoute(GRAPHIQL_ASSETS_PATH, graphiqlAsset),
  ];
}

/** Apollo's landing page hook: the IDE instead of Apollo's own page (which loads from a CDN). */
export function graphqlIdeLandingPage<T extends object>(): ApolloServerPlugin<T> {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: renderGraphiqlPage() };
        },
      };
    },
  };
}
