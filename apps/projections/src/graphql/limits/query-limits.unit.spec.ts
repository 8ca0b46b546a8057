import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { complexityLimitRule } from './complexity-limit.rule';
import { depthLimitRule } from './depth-limit.rule';

const schema = buildSchema(`
  type Query { migrations(first: Int, after: String): MigrationConnection! migration(id: ID!): Migration }
  type MigrationConnection { edges: [MigrationEdge!]! totalCount: Int! }
  type MigrationEdge { cursor: String! node: Migration! }
  type Migration { id: ID! status: String! tables: [Table!]! mappings: [Mapping!]! }
  type Table { name: String! rows: Float }
  type Mapping { id: String! migration: Migration }
`);

const options = { maxComplexity: 1000, defaultPageSize: 20, maxPageSize: 100, listSize: 10 };

const errorsOf = (query: string, maxDepth = 8, budget = options.maxComplexity) =>
  validate(schema, parse(query), [
    ...specifiedRules,
    depthLimitRule(maxDepth),
    complexityLimitRule({ ...options, maxComplexity: budget }),
  ]).map((error) => ({ message: error.message, code: error.extensions.code }));

/** The complexity the rule computes, read back from its error against a budget of 0. */
const complexityOf = (query: string): number => {
  const error = errorsOf(query, 100, 0).find((e) => e.code === 'QUERY_TOO_COMPLEX');
  return Number(/complexity (\d+)/.exec(error?.message ?? '')?.[1]);
};

describe('depth limit', () => {
  it('counts nesting through fragments and refuses one level too deep', () => {
    const five = '{ migrations { edges { node { tables { name } } } } }';
    expect(errorsOf(five, 5)).toEqual([]);
    expect(errorsOf(five, 4)).toEqual([
      {
        message: 'Query depth 5 exceeds the limit of 4; ask for less nesting',
        code: 'QUERY_TOO_DEEP',
      },
    ]);
    const viaFragment = `
      query { migration(id: "m") { ...M } }
      fragment M on Migration { mappings { migration { mappings { id } } } }`;
    expect(errorsOf(viaFragment, 4).map((e) => e.code)).toEqual(['QUERY_TOO_DEEP']);
    expect(errorsOf(viaFragment, 5)).toEqual([]);
  });

  it('lets introspection through (its shape is fixed by the schema)', () => {
    const introspection =
      '{ __schema { types { fields { type { ofType { ofType { name } } } } } } }';
    expect(errorsOf(introspection, 2)).toEqual([]);
  });
});

describe('complexity limit', () => {
  it('multiplies what a paginated list selects by its first (20 when absent)', () => {
    // edges 1 + node (1 + id 1 + status 1) = 4 per item; migrations 1 + first x (4 + cursor 1)
    expect(complexityOf('{ migrations(first: 10) { edges { cursor node { id status } } } }')).toBe(
      1 + 10 * (1 + 1 + (1 + 2)),
    );
    expect(complexityOf('{ migrations { edges { node { id } } } }')).toBe(1 + 20 * (1 + 2));
  });

  it('takes a variable first at its declared default, else at the largest page', () => {
    const withDefault = 'query($n: Int = 5) { migrations(first: $n) { edges { node { id } } } }';
    expect(complexityOf(withDefault)).toBe(1 + 5 * 3);
    const open = 'query($n: Int) { migrations(first: $n) { edges { node { id } } } }';
    expect(complexityOf(open)).toBe(1 + 100 * 3);
  });

  it('assumes unpaginated lists hold listSize items, nested lists multiplying', () => {
    const nested = '{ migration(id: "m") { mappings { migration { tables { name } } } } }';
    // migration 1 + (mappings 1 + 10 x (migration 1 + (tables 1 + 10 x name 1)))
    expect(complexityOf(nested)).toBe(1 + (1 + 10 * (1 + (1 + 10 * 1))));
  });

  it('refuses an operation over the budget and passes one under it', () => {
    const wide =
      '{ migrations(first: 100) { edges { node { mappings { migration { tables { name rows } } } } } } }';
    expect(errorsOf(wide).map((e) => e.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errorsOf('{ migrations(first: 100) { edges { node { id status } } } }')).toEqual([]);
  });
});
