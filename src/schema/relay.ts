import { Kind, type GraphQLResolveInfo } from 'graphql';
import { Field, FieldResolver, Int, ObjectType, Resolver, Root, type ClassType } from 'type-graphql';
import { DomainError } from '../domain/errors.js';
import type { Page, PageRequest } from '../domain/paging.js';

/**
 * Relay plumbing: opaque global ids (`base64url("Type:id")`), opaque cursors, and the connection
 * types every list uses (first 1..100, default 20; edges, nodes, pageInfo, totalCount).
 */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Malformed input (ids, cursors, page sizes): code BAD_USER_INPUT, the precise problem in `reason`. */
function badInput(reason: string, field: string[], params: Record<string, string | number> = {}): DomainError {
  return new DomainError('BAD_USER_INPUT', field, { reason, ...params });
}

export function toGlobalId(type: string, id: number | string): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}

/** Decodes a global id of the expected type(s); INVALID_ID otherwise. */
export function fromGlobalId(globalId: string, field: string[]): { type: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0 || Buffer.from(decoded).toString('base64url') !== globalId) throw badInput('INVALID_ID', field);
  return { type: decoded.slice(0, separator), id: decoded.slice(separator + 1) };
}

/** The numeric database id inside a global id of the given type. */
export function numericIdOf(globalId: string, type: string, field: string[]): number {
  const decoded = fromGlobalId(globalId, field);
  const id = Number(decoded.id);
  if (decoded.type !== type || !Number.isSafeInteger(id) || id <= 0) throw badInput('INVALID_ID', field);
  return id;
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<K>(cursor: string, isKey: (value: unknown) => value is K): K {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isKey(value)) return value;
  } catch {
    // fall through: a malformed cursor is bad input
  }
  throw badInput('INVALID_CURSOR', ['after']);
}

/** Checks `first` and decodes `after` into a keyset page request. */
export function pageRequest<K>(
  args: { first?: number | null; after?: string | null },
  isKey: (value: unknown) => value is K,
): PageRequest<K> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('INVALID_PAGE_SIZE', ['first'], { max: MAX_PAGE_SIZE });
  }
  return { first, after: args.after ? decodeCursor(args.after, isKey) : null };
}

export const isString = (v: unknown): v is string => typeof v === 'string';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface ConnectionValue<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counts the whole list; called only when `totalCount` is selected. */
  count: () => Promise<number>;
}

/**
 * Whether the query asks for this connection's `totalCount` directly (not through a fragment: then
 * the count is left to be run when its resolver asks), so that the count may start with the page.
 */
export function selectsTotalCount(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'totalCount'),
  );
}

/** Builds the connection value of a page; `cursorOf` gives each item's keyset cursor key. */
export function connectionOf<T>(page: Page<T>, cursorOf: (item: T) => unknown, hadAfter: boolean): ConnectionValue<T> {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    nodes: page.items,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: hadAfter,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    count: page.totalCount,
  };
}

/** The resolvers of every connection type declared (they resolve `totalCount` lazily). */
export const CONNECTION_RESOLVERS: Function[] = [];

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [nodeType], { description: 'Shortcut for edges { node }' })
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  @Resolver(() => Connection)
  class ConnectionResolver {
    @FieldResolver(() => Int)
    totalCount(@Root() connection: ConnectionValue<T>): Promise<number> {
      return connection.count();
    }
  }
  CONNECTION_RESOLVERS.push(ConnectionResolver);
  return Connection;
}
