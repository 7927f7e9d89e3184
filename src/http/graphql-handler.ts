import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { InvalidTokenError, type TokenVerifier } from '../auth/tokens.js';
import type { Logger } from '../logger.js';
import type { GraphQLContext } from '../schema/context.js';
import { createLoaders } from '../schema/loaders.js';
import { languageOf, messageFor } from '../schema/messages.js';
import { queryLimitsRule } from '../schema/query-limits.js';
import type { Services } from '../services.js';
import { bearerTokenOf, clientIpOf, HttpError, readBody, sendGraphQLError } from './http-utils.js';
import { nulRefusalPlugin } from './nul-refusal.plugin.js';

export interface GraphQLHandlerOptions {
  schema: GraphQLSchema;
  services: Services;
  tokens: TokenVerifier;
  logger: Logger;
  limits: { maxQueryDepth: number; maxQueryCost: number; maxBodyBytes: number; persistedQueryCacheBytes?: number };
  plugins?: ApolloServerPlugin<GraphQLContext>[];
}

/**
 * Expected errors carry a code and pass through. Anything else is a bug or an outage: it is logged
 * (scrubbed) and the client gets a generic INTERNAL_SERVER_ERROR, never a stack or SQL text.
 */
function formatErrorWith(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const ruleCode = validationRuleCode(error);
    if (ruleCode) return { ...formatted, extensions: { ...formatted.extensions, code: ruleCode } };
    if (isUncodedClientError(original)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    const code = formatted.extensions?.code;
    const expected = original instanceof GraphQLError && typeof original.extensions?.code === 'string';
    if (expected || (code && code !== 'INTERNAL_SERVER_ERROR')) {
      const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    return {
      message: messageFor('INTERNAL_SERVER_ERROR', 'vi'),
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * Apollo refuses some requests with a 4xx status but no code (e.g. a persisted query whose text
 * does not match its hash): the client's mistake, not an unexpected error.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; a rule of ours that names its own
 * code (QUERY_TOO_COMPLEX) keeps it.
 */
function validationRuleCode(error: unknown): string | null {
  if (!(error instanceof GraphQLError) || error.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return null;
  const inner = error.originalError;
  const code = inner instanceof GraphQLError ? inner.extensions?.code : undefined;
  return typeof code === 'string' ? code : null;
}

export async function createGraphQLHandler(options: GraphQLHandlerOptions) {
  const { services, tokens, logger, limits } = options;
  const apollo = new ApolloServer<GraphQLContext>({
    schema: options.schema,
    validationRules: [queryLimitsRule({ maxDepth: limits.maxQueryDepth, maxCost: limits.maxQueryCost })],
    includeStacktraceInErrorResponses: false,
    formatError: formatErrorWith(logger),
    introspection: true,
    // Automatic persisted queries: portals send a query's hash instead of its text once the server
    // knows it. The cache is bounded in bytes (least recently used go first), never unbounded.
    persistedQueries: limits.persistedQueryCacheBytes
      ? { cache: new InMemoryLRUCache<string>({ maxSize: limits.persistedQueryCacheBytes }), ttl: null }
      : false,
    // The process owns shutdown (drain HTTP, then jobs, then the database); Apollo must not race it.
    stopOnTerminationSignals: false,
    plugins: [
      nulRefusalPlugin(),
      ...(options.plugins ?? []),
      // Apollo's own landing page (served from a CDN) never; the offline IDE plugin, when given,
      // answers browsers itself (see graphql-ide.routes.ts).
      ApolloServerPluginLandingPageDisabled(),
      // Responses carry personal data and are never cached by HTTP caches; the cache-control
      // plugin would wrap every field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
    ],
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();

  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const lang = languageOf(req.headers['accept-language']);
    let actor = null;
    const token = bearerTokenOf(req);
    if (token !== null) {
      try {
        actor = await tokens.verify(token);
      } catch (error) {
        if (!(error instanceof InvalidTokenError)) throw error;
        sendGraphQLError(res, 401, 'UNAUTHENTICATED', `${messageFor('UNAUTHENTICATED', lang)} (${error.message})`, {
          'www-authenticate': 'Bearer error="invalid_token"',
        });
        return;
      }
    }

    let body: unknown = undefined;
    if (req.method === 'POST') {
      const raw = await readBody(req, limits.maxBodyBytes);
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'request body is not valid JSON');
      }
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 100) ?? randomUUID();
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => ({
        actor,
        lang,
        services,
        loaders: createLoaders(services, actor),
        requestId,
        clientIp: clientIpOf(req),
      }),
    });

    const outHeaders: Record<string, string> = { 'x-request-id': requestId };
    for (const [key, value] of response.headers) outHeaders[key] = value;
    res.writeHead(response.status ?? 200, outHeaders);
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  return { handle, stop: () => apollo.stop() };
}
