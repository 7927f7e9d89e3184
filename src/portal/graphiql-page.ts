import { html, page } from './html.js';
import { assetTable, CSS, inlineAsset, JAVASCRIPT, packageAsset, type AssetLookup } from './static-assets.js';

/**
 * The GraphQL IDE for front-end teams: GraphiQL 3 with React 18, as their UMD builds, served by
 * this server from node_modules. Nothing comes from a CDN, so it works on a center's network with
 * no internet. The assets are read once and kept in memory.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

/** The query shown when the IDE opens: a reminder of how to sign in, and a first request. */
const WELCOME_QUERY = `# motcua GraphQL API. Queries on dossiers need a bearer token: open "Headers" below and add
#   { "Authorization": "Bearer <token>" }
# (npm run token -- --role OFFICER --unit 21025 prints one for local use).
# Procedures, units, the calendar and trackDossier are public.
query Procedures {
  procedures(first: 5, filter: { search: "khai sinh" }) {
    totalCount
    nodes { code name onlineLevel processingDays field { name } }
  }
}
`;

const INIT_SCRIPT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', window.location.href).href });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: ${JSON.stringify(WELCOME_QUERY)},
      defaultEditorToolbarTabs: 'headers',
      shouldPersistHeaders: false,
    }),
  );
})();
`;

/** An asset of the IDE by file name, or null for anything else. */
export const graphiqlAsset: AssetLookup = assetTable({
  'react.production.min.js': packageAsset('react', 'umd/react.production.min.js', JAVASCRIPT),
  'react-dom.production.min.js': packageAsset('react-dom', 'umd/react-dom.production.min.js', JAVASCRIPT),
  'graphiql.min.js': packageAsset('graphiql', 'graphiql.min.js', JAVASCRIPT),
  'graphiql.min.css': packageAsset('graphiql', 'graphiql.min.css', CSS),
  'init.js': inlineAsset(INIT_SCRIPT, JAVASCRIPT),
});

/** Scripts from this server only; GraphiQL styles its editors inline. */
export const GRAPHIQL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";

export function renderGraphiqlPage(): string {
  const asset = (name: string) => `${GRAPHIQL_ASSETS_PATH}/${name}`;
  return page({
    lang: 'en',
    title: 'motcua GraphQL IDE',
    head: html`<link rel="stylesheet" href="${asset('graphiql.min.css')}">`,
    bodyAttributes: html` style="margin:0;height:100vh"`,
    body: html`<div id="graphiql" style="height:100vh">Loading GraphiQL…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('init.js')}"></script>`,
  });
}
