import type { Actor } from '../domain/access/actor.js';
import type { Services } from '../services.js';
import type { Loaders } from './loaders.js';
import type { Language } from './messages.js';

/** What every resolver gets: who is asking, in which language, and the request's loaders. */
export interface GraphQLContext {
  actor: Actor | null;
  lang: Language;
  services: Services;
  loaders: Loaders;
  requestId: string;
  /** The client's address, for rate limits on public look-ups. */
  clientIp: string;
}
