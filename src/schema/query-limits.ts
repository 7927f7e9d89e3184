import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './relay.js';

/**
 * Query depth and cost limits (GitHub/Shopify style). Cost: every field costs 1, and the fields
 * under a connection count `first` times (the default page size when absent, the maximum when
 * `first` is a variable); under a plain list, `LIST_ESTIMATE` times. Introspection is exempt.
 */
const LIST_ESTIMATE = 10;

/** `nodes` and `edges` of a connection hold the page `first` already counted: not a second multiplier. */
function isPageOfConnection(parent: GraphQLCompositeType, field: string): boolean {
  return parent.name.endsWith('Connection') && (field === 'nodes' || field === 'edges');
}

interface Measure {
  depth: number;
  cost: number;
}

function firstArgument(args: readonly { name: { value: string }; value: { kind: string; value?: unknown } }[] | undefined): number | null {
  const arg = args?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Math.max(1, Number(arg.value.value));
  return MAX_PAGE_SIZE;
}

function measure(
  schema: GraphQLSchema,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  visited: Set<string>,
): Measure {
  let depth = 0;
  let cost = 0;
  for (const selection of selectionSet.selections) {
    let inner: Measure = { depth: 0, cost: 0 };
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith('__')) continue;
      const fieldDef = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!fieldDef) continue;
      const named = getNamedType(fieldDef.type);
      let childCost = 0;
      let childDepth = 0;
      if (selection.selectionSet && (isObjectType(named) || isInterfaceType(named) || 'getTypes' in named)) {
        const child = measure(schema, named as GraphQLCompositeType, selection.selectionSet, fragments, visited);
        const multiplier = named.name.endsWith('Connection')
          ? (firstArgument(selection.arguments as never) ?? DEFAULT_PAGE_SIZE)
          : isListType(getNullableType(fieldDef.type)) && !isPageOfConnection(parent, name)
            ? LIST_ESTIMATE
            : 1;
        childCost = child.cost * multiplier;
        childDepth = child.depth;
      }
      inner = { depth: 1 + childDepth, cost: 1 + childCost };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const typeName = selection.typeCondition?.name.value;
      const type = typeName ? (schema.getType(typeName) as GraphQLCompositeType) : parent;
      inner = measure(schema, type ?? parent, selection.selectionSet, fragments, visited);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visited.has(fragment.name.value)) continue;
      const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType;
      inner = measure(schema, type ?? parent, fragment.selectionSet, fragments, new Set([...visited, fragment.name.value]));
    }
    depth = Math.max(depth, inner.depth);
    cost += inner.cost;
  }
  return { depth, cost };
}

export function queryLimitsRule(limits: { maxDepth: number; maxCost: number }): ValidationRule {
  return (context: ValidationContext) => ({
    Document(document) {
      const schema = context.getSchema();
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const root =
          def.operation === 'query' ? schema.getQueryType() : def.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        if (!root) continue;
        const { depth, cost } = measure(schema, root, def.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth || cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(
              `Query too complex: depth ${depth} (max ${limits.maxDepth}), cost ${cost} (max ${limits.maxCost})`,
              { nodes: [def], extensions: { code: 'QUERY_TOO_COMPLEX', depth, cost, maxDepth: limits.maxDepth, maxCost: limits.maxCost } },
            ),
          );
        }
      }
    },
  });
}
