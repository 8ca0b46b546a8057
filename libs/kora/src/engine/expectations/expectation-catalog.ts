/**
 * The expectations KORA evaluates: Great Expectations' names and kwargs, plus one Sensei
 * extension for referential integrity (GE core has none). Only the shape is checked here;
 * whether a column or table exists is known only when the run has its relations.
 */
type ArgKind =
  'table' | 'column' | 'columns' | 'scalar' | 'scalars' | 'regex' | 'count' | 'flag' | 'fraction';

interface ExpectationDefinition {
  required: Record<string, ArgKind>;
  optional: Record<string, ArgKind>;
  /** A rule over the kwargs together; returns the problem. */
  refine?: (kwargs: Record<string, unknown>) => string | undefined;
}

/** Accepted on every expectation by GE and ignored here: they shape GE's output, not the test. */
const presentational = ['result_format', 'include_config', 'catch_exceptions'];

const mostly = { mostly: 'fraction' } as const;

const someBound = (kwargs: Record<string, unknown>) =>
  kwargs.min_value == null && kwargs.max_value == null
    ? 'needs min_value or max_value'
    : typeof kwargs.min_value === 'number' &&
        typeof kwargs.max_value === 'number' &&
        kwargs.min_value > kwargs.max_value
      ? 'min_value is greater than max_value'
      : undefined;

const exactlyOne = (kwargs: Record<string, unknown>, a: string, b: string) =>
  (kwargs[a] === undefined) === (kwargs[b] === undefined) ? `needs either ${a} or ${b}` : undefined;

export const RELATED_TABLE_EXPECTATION = 'expect_column_values_to_be_in_related_table';

export const expectationCatalog: Record<string, ExpectationDefinition> = {
  expect_column_values_to_not_be_null: { required: { column: 'column' }, optional: mostly },
  expect_column_values_to_be_unique: { required: { column: 'column' }, optional: mostly },
  expect_compound_columns_to_be_unique: { required: { column_list: 'columns' }, optional: mostly },
  expect_column_values_to_be_between: {
    required: { column: 'column' },
    optional: {
      min_value: 'scalar',
      max_value: 'scalar',
      strict_min: 'flag',
      strict_max: 'flag',
      ...mostly,
    },
    refine: someBound,
  },
  expect_column_values_to_be_in_set: {
    required: { column: 'column', value_set: 'scalars' },
    optional: mostly,
  },
  expect_column_values_to_match_regex: {
    required: { column: 'column', regex: 'regex' },
    optional: mostly,
  },
  expect_table_row_count_to_equal: { required: { value: 'count' }, optional: {} },
  expect_column_pair_values_to_be_equal: {
    required: { column_A: 'column', column_B: 'column' },
    optional: mostly,
  },
  expect_column_value_lengths_to_be_between: {
    required: { column: 'column' },
    optional: { min_value: 'count', max_value: 'count', ...mostly },
    refine: someBound,
  },
  [RELATED_TABLE_EXPECTATION]: {
    required: { related_table: 'table' },
    optional: {
      column: 'column',
      column_list: 'columns',
      related_column: 'column',
      related_column_list: 'columns',
      ...mostly,
    },
    refine: (kwargs) => {
      const problem =
        exactlyOne(kwargs, 'column', 'column_list') ??
        exactlyOne(kwargs, 'related_column', 'related_column_list');
      if (problem) return problem;
      const own = (kwargs.column_list as unknown[] | undefined)?.length ?? 1;
      const related = (kwargs.related_column_list as unknown[] | undefined)?.length ?? 1;
      return own === related ? undefined : 'needs as many related columns as columns';
    },
  },
};

const isScalar = (value: unknown) =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

/** DuckDB evaluates regexes with RE2: no lookaround, no back-references. */
const regexProblem = (value: unknown) => {
  if (typeof value !== 'string') return 'must be a string';
  if (/\(\?<?[=!]|\\[1-9]/.test(value))
    return 'uses lookaround or a back-reference (RE2 has neither)';
  try {
    new RegExp(value);
    return undefined;
  } catch (error) {
    return `is not a valid regex (${(error as Error).message})`;
  }
};

const argProblem = (kind: ArgKind, value: unknown): string | undefined => {
  const ok = {
    table: () => typeof value === 'string' && value.length > 0,
    column: () => typeof value === 'string' && value.length > 0,
    columns: () =>
      Array.isArray(value) &&
      value.length > 0 &&
      value.every((v) => typeof v === 'string' && v.length > 0),
    scalar: () => isScalar(value),
    scalars: () => Array.isArray(value) && value.every(isScalar),
    count: () => value === null || (Number.isInteger(value) && (value as number) >= 0),
    flag: () => typeof value === 'boolean',
    fraction: () => typeof value === 'number' && value >= 0 && value <= 1,
    regex: () => regexProblem(value) === undefined,
  }[kind];
  if (ok()) return undefined;
  if (kind === 'regex') return regexProblem(value);
  return {
    table: 'must be a table name',
    column: 'must be a column name',
    columns: 'must be a non-empty list of column names',
    scalar: 'must be a number, string, boolean or null',
    scalars: 'must be a list of numbers, strings, booleans or nulls',
    count: 'must be a non-negative integer',
    flag: 'must be true or false',
    fraction: 'must be a number from 0 to 1',
  }[kind];
};

/** What is wrong with one expectation, or nothing. */
export const expectationProblems = (expectation: unknown): string[] => {
  if (typeof expectation !== 'object' || expectation === null)
    return ['must be an object with expectation_type and kwargs'];
  const { expectation_type: declared, kwargs } = expectation as Record<string, unknown>;
  const type = typeof declared === 'string' ? declared : JSON.stringify(declared);
  const definition = typeof declared === 'string' ? expectationCatalog[declared] : undefined;
  if (!definition)
    return [
      `unknown expectation_type ${JSON.stringify(declared)} (supported: ${Object.keys(expectationCatalog).join(', ')})`,
    ];
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs))
    return [`${type}: kwargs must be an object`];
  const args = kwargs as Record<string, unknown>;
  const problems: string[] = [];
  for (const name of Object.keys(definition.required)) {
    if (args[name] === undefined) problems.push(`${type}: kwargs.${name} is required`);
  }
  for (const [name, value] of Object.entries(args)) {
    const kind = definition.required[name] ?? definition.optional[name];
    if (!kind) {
      if (!presentational.includes(name)) problems.push(`${type}: unknown kwargs.${name}`);
      continue;
    }
    const problem = argProblem(kind, value);
    if (problem) problems.push(`${type}: kwargs.${name} ${problem}`);
  }
  const refined = problems.length === 0 ? definition.refine?.(args) : undefined;
  return refined ? [...problems, `${type}: ${refined}`] : problems;
};
