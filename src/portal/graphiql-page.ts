import { readFileSync } from 'node:fs';
import { html, page } from './html.js';
import { packageFile } from './package-files.js';

/**
 * The GraphQL IDE for front-end teams: GraphiQL 3 with React 18, as their UMD builds, served by
 * this server from node_modules. Nothing comes from a CDN, so it works on a center's network with
 * no internet. The assets are read once and kept in memory.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets';

interface Asset {
  contentType: string;
  load(): Buffer;
}

const fromPackage = (packageName: string, file: string, contentType: string): Asset => ({
  contentType,
  load: () => readFileSync(packageFile(packageName, file)),
});

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

const ASSETS: Readonly<Record<string, Asset>> = {
  'react.production.min.js': fromPackage('react', 'umd/react.production.min.js', 'text/javascript; charset=utf-8'),
  'react-dom.production.min.js': fromPackage('react-dom', 'umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'),
  'graphiql.min.js': fromPackage('graphiql', 'graphiql.min.js', 'text/javascript; charset=utf-8'),
  'graphiql.min.css': fromPackage('graphiql', 'graphiql.min.css', 'text/css; charset=utf-8'),
  'init.js': { contentType: 'text/javascript; charset=utf-8', load: () => Buffer.from(INIT_SCRIPT) },
};

const loaded = new Map<string, Buffer>();

/** An asset of the IDE by file name, or null for anything else (no path is ever taken from the URL). */
export function graphiqlAsset(name: string): { body: Buffer; contentType: string } | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name]! : null;
  if (!asset) return null;
  let body = loaded.get(name);
  if (!body) {
    body = asset.load();
    loaded.set(name, body);
  }
  return { body, contentType: asset.contentType };
}

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
