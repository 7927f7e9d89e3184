import { Field, ID, InterfaceType } from 'type-graphql';

/** Marks an object with its GraphQL type name, for values resolved through the Node interface. */
export const TYPENAME = '__typename';

export function withTypename<T extends object>(value: T, typename: string): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value, { [TYPENAME]: typename });
}

@InterfaceType({
  description: 'An object with an opaque global id; Query.node(id) resolves any of them.',
  resolveType: (value: Record<string, unknown>) => value[TYPENAME] as string,
})
export abstract class Node {
  @Field(() => ID)
  id!: string;
}
