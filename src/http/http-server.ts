import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { processLoad } from '../net/process-load.js';
import { HttpError, sendGraphQLError, sendJson } from './http-utils.js';

/** A plain HTTP route beside /graphql (health, exports, public pages). */
export interface Route {
  method: 'GET' | 'POST';
  path: RegExp;
  handle(req: IncomingMessage, res: ServerResponse, match: RegExpMatchArray, url: URL): Promise<void>;
}

export interface HttpServerOptions {
  logger: Logger;
  graphql: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;
  routes: Route[];
  corsOrigin: string;
}

const CORS_HEADERS = 'authorization, content-type, accept-language, apollo-require-preflight, x-apollo-operation-name, x-request-id';

/**
 * The server: /graphql through Apollo, then the plain routes, with CORS for portals on other
 * origins (bearer tokens, no cookies) and one log line per request (no query text, no variables:
 * they can hold personal data).
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const { logger } = options;
  const server = createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    // Delivery lanes in this process yield while requests are in flight (see ProcessLoad).
    const done = processLoad.requestStarted();
    res.once('close', done);
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('access-control-allow-origin', options.corsOrigin);
    res.setHeader('x-content-type-options', 'nosniff');
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': CORS_HEADERS,
          'access-control-max-age': '86400',
        });
        res.end();
      } else if (url.pathname === '/graphql') {
        await options.graphql(req, res, url);
      } else {
        // No text a plain route reads (path, query) may hold a NUL: PostgreSQL would refuse it (22021).
        if (/%00/.test(req.url ?? '')) throw new HttpError(400, 'BAD_USER_INPUT', 'the request holds a NUL character');
        const route = options.routes.find((r) => r.method === req.method && r.path.test(url.pathname));
        if (!route) throw new HttpError(404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`);
        await route.handle(req, res, url.pathname.match(route.path)!, url);
      }
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof HttpError) {
        if (url.pathname === '/graphql') sendGraphQLError(res, error.status, error.code, error.message);
        else sendJson(res, error.status, { error: { code: error.code, message: error.message } });
      } else {
        logger.error({ err: error, path: url.pathname }, 'unexpected error handling a request');
        sendJson(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'internal error' } });
      }
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    }
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

/** Stops accepting connections and waits for in-flight requests (closing idle keep-alive sockets). */
export async function drainHttpServer(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(timer);
}
