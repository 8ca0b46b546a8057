import {
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Introspection (GraphiQL, codegen) is exempt from the limits: its shape is fixed by the schema. */
export const isIntrospection = (fieldName: string): boolean => fieldName.startsWith('__');

export const fragmentsOf = (context: ValidationContext): Map<string, FragmentDefinitionNode> =>
  new Map(
    context
      .getDocument()
      .definitions.filter(
        (definition): definition is FragmentDefinitionNode =>
          definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );

/**
 * The selections of a set with fragment spreads and inline fragments flattened into it, each
 * fragment entered once per path (a cycle is reported by graphql's own NoFragmentCycles rule).
 */
export const selectionsOf = function* (
  set: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  entered: ReadonlySet<string> = new Set(),
): Generator<{ field: FieldNode; typeCondition?: string }> {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      yield { field: selection };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      for (const inner of selectionsOf(selection.selectionSet, fragments, entered)) {
        yield {
          ...inner,
          typeCondition: inner.typeCondition ?? selection.typeCondition?.name.value,
        };
      }
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || entered.has(name)) continue;
      for (const inner of selectionsOf(
        fragment.selectionSet,
        fragments,
        new Set([...entered, name]),
      )) {
        yield { ...inner, typeCondition: inner.typeCondition ?? fragment.typeCondition.name.value };
      }
    }
  }
};
