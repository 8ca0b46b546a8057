import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const isoOf = (value: unknown): string | undefined => {
  if (typeof (value as Date | null)?.toISOString === 'function')
    return (value as Date).toISOString();
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
};

const parsed = (value: unknown): string => {
  const iso = isoOf(value);
  if (iso === undefined)
    throw new GraphQLError(`DateTime expects an ISO-8601 time, got ${String(value)}`);
  return iso;
};

/**
 * ISO-8601 times. Read models hand out ISO strings already; inputs are normalised to UTC ISO
 * strings, so resolvers never see a Date (PGlite's Dates come from another realm under Jest).
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, such as 2026-01-31T09:54:33.000Z.',
  // Read models hand out canonical ISO strings already: passed through as they are.
  serialize: (value) => (typeof value === 'string' ? value : parsed(value)),
  parseValue: (value) => parsed(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime literals are strings');
    return parsed(ast.value);
  },
});
