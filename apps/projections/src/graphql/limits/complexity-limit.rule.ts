import {
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  GraphQLError,
  type GraphQLNamedType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationTypeNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fragmentsOf, isIntrospection, selectionsOf } from './query-shape';

export interface ComplexityOptions {
  maxComplexity: number;
  /** `first` when a paginated field is asked without it. */
  defaultPageSize: number;
  /** `first` when it is a variable: validation runs once per query text, before variables. */
  maxPageSize: number;
  /** Assumed length of a list that takes no `first` (tables, mappings, findings...). */
  listSize: number;
}

/**
 * How many items a field may return: its `first` for a paginated field, an assumed length for
 * any other list, 1 otherwise. `edges` of a connection already counted by its `first`.
 */
const multiplierOf = (
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  parent: GraphQLNamedType,
  operation: OperationDefinitionNode,
  options: ComplexityOptions,
): number => {
  if (field.args.some((arg) => arg.name === 'first')) {
    const first = node.arguments?.find((arg) => arg.name.value === 'first')?.value;
    if (!first) return options.defaultPageSize;
    if (first.kind === Kind.INT) return Number(first.value);
    if (first.kind === Kind.VARIABLE) {
      const declared = operation.variableDefinitions?.find(
        (definition) => definition.variable.name.value === first.name.value,
      )?.defaultValue;
      return declared?.kind === Kind.INT
        ? Math.max(Number(declared.value), 1)
        : options.maxPageSize;
    }
    return options.maxPageSize;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  return parent.name.endsWith('Connection') && field.name === 'edges' ? 1 : options.listSize;
};

const costOf = (
  set: SelectionSetNode,
  type: GraphQLNamedType | undefined,
  context: ValidationContext,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  operation: OperationDefinitionNode,
  options: ComplexityOptions,
): number => {
  let cost = 0;
  for (const { field: node, typeCondition } of selectionsOf(set, fragments)) {
    if (isIntrospection(node.name.value)) continue;
    const parent = typeCondition ? context.getSchema().getType(typeCondition) : type;
    if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) continue;
    const field = parent.getFields()[node.name.value];
    if (!field) continue; // FieldsOnCorrectType reports it
    if (!node.selectionSet) {
      cost += 1;
      continue;
    }
    const child = costOf(
      node.selectionSet,
      getNamedType(field.type),
      context,
      fragments,
      operation,
      options,
    );
    cost += 1 + multiplierOf(node, field, parent, operation, options) * child;
  }
  return cost;
};

/**
 * Refuses an operation whose estimated cost exceeds a budget: each field costs 1, and a field
 * returning many items multiplies the cost of what is selected under it by how many it may
 * return (`first`, or an assumed list length). The answer is a validation error (HTTP 400)
 * with code QUERY_TOO_COMPLEX, before anything runs.
 */
export const complexityLimitRule =
  (options: ComplexityOptions): ValidationRule =>
  (context) => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(operation) {
        const root =
          operation.operation === OperationTypeNode.QUERY
            ? context.getSchema().getQueryType()
            : operation.operation === OperationTypeNode.MUTATION
              ? context.getSchema().getMutationType()
              : context.getSchema().getSubscriptionType();
        const complexity = costOf(
          operation.selectionSet,
          root ?? undefined,
          context,
          fragments,
          operation,
          options,
        );
        if (complexity > options.maxComplexity) {
          context.reportError(
            new GraphQLError(
              `Query complexity ${complexity} exceeds the budget of ${options.maxComplexity}; ask for fewer items (first) or fewer nested lists`,
              {
                nodes: [operation],
                extensions: {
                  code: 'QUERY_TOO_COMPLEX',
                  complexity,
                  maxComplexity: options.maxComplexity,
                },
              },
            ),
          );
        }
      },
    };
  };
