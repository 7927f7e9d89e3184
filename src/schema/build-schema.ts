import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { RESOLVERS } from '../features.js';
import { CONNECTION_RESOLVERS } from './relay.js';
import { DateTimeScalar } from './scalars.js';

export async function buildApiSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...RESOLVERS, ...CONNECTION_RESOLVERS] as NonEmptyArray<Function>,
    scalarsMap: [
      { type: Date, scalar: DateTimeScalar },
    ],
    // Input is validated by the domain, which words its errors in the contract's codes.
    validate: false,
  });
}
