import {
  type FragmentDefinitionNode,
  GraphQLError,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { fragmentsOf, isIntrospection, selectionsOf } from './query-shape';

const depthOf = (
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): number => {
  let deepest = 0;
  for (const { field } of selectionsOf(set, fragments)) {
    if (isIntrospection(field.name.value)) continue;
    const depth = 1 + (field.selectionSet ? depthOf(field.selectionSet, fragments) : 0);
    deepest = Math.max(deepest, depth);
  }
  return deepest;
};

/**
 * Refuses an operation whose fields nest deeper than `maxDepth` (`{ a { b } }` is 2), before
 * anything runs: the answer is a validation error (HTTP 400) with code QUERY_TOO_DEEP.
 */
export const depthLimitRule =
  (maxDepth: number): ValidationRule =>
  (context) => {
    const fragments = fragmentsOf(context);
    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet, fragments);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(
              `Query depth ${depth} exceeds the limit of ${maxDepth}; ask for less nesting`,
              { nodes: [operation], extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth } },
            ),
          );
        }
      },
    };
  };
