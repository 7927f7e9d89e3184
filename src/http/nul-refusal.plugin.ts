import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, BREAK, type DocumentNode } from 'graphql';
import type { GraphQLContext } from '../schema/context.js';
import { badUserInput } from '../schema/errors.js';

/**
 * PostgreSQL refuses text holding a NUL character (SQLSTATE 22021, and jsonb refuses \u0000): left to
 * the database, such input would surface as an unexpected error. It is refused here, once for every
 * string argument, input field and JSON value of every operation (literals in the query text and
 * variables alike), as BAD_USER_INPUT with reason NUL_CHARACTER, before any resolver runs.
 */
export function nulRefusalPlugin(): ApolloServerPlugin<GraphQLContext> {
  // Apollo caches parsed documents: each distinct document is walked once.
  const cleanDocuments = new WeakSet<DocumentNode>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, contextValue }) {
          const literalsClean = cleanDocuments.has(document) || !documentHasNul(document);
          if (literalsClean) cleanDocuments.add(document);
          if (literalsClean && !containsNul(request.variables)) return;
          const refusal = badUserInput('BAD_USER_INPUT', contextValue.lang, undefined, { reason: 'NUL_CHARACTER' });
          throw new GraphQLError(refusal.message, {
            extensions: { ...refusal.extensions, http: { status: 400, headers: new HeaderMap() } },
          });
        },
      };
    },
  };
}

/** A NUL in a string anywhere in a value: keys, strings, arrays and objects at any depth. */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\0')) return true;
    } else if (Array.isArray(next)) {
      pending.push(...next);
    } else if (next !== null && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes('\0')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (!node.value.includes('\0')) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}
