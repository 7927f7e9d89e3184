import { DOMAIN_ENTITIES } from '../domain/entities.js';

/** Every entity the ORM maps. Connectors and jobs append their entity lists here. */
export const ALL_ENTITIES = [...DOMAIN_ENTITIES];
