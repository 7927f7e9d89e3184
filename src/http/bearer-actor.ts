import type { IncomingMessage } from 'node:http';
import { InvalidTokenError, type TokenVerifier } from '../auth/tokens.js';
import type { Actor } from '../domain/access/actor.js';
import { DomainError } from '../domain/errors.js';
import { bearerTokenOf } from './http-utils.js';

/**
 * Who sends a plain HTTP request (exports, documents): the actor of its bearer token, the same
 * tokens as the GraphQL API. No token, or one that does not verify, is UNAUTHENTICATED.
 */
export async function bearerActorOf(req: IncomingMessage, tokens: TokenVerifier): Promise<Actor> {
  const token = bearerTokenOf(req);
  if (!token) throw new DomainError('UNAUTHENTICATED');
  try {
    return await tokens.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new DomainError('UNAUTHENTICATED');
    throw error;
  }
}
