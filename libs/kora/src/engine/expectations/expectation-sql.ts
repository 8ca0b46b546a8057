import type { ExpectationConfig } from '@sensei/domain';
import { quoteIdentifier as q, quoteString, sqlLiteral } from '../row-diff/sql-text';
import { typeFamily } from '../row-diff/tolerance-sql';
import { RELATED_TABLE_EXPECTATION } from './expectation-catalog';

/** One expectation as SQL over its table, in Great Expectations' terms. */
export interface CompiledExpectation {
  config: ExpectationConfig;
  /** Columns it is about, in the order a reader names them. */
  columns: string[];
  /** A row-count expectation: `expected` against the table's row count. */
  rowCount?: number;
  /** Rows GE leaves out of the test (missing values); `FALSE` when none. */
  missing: string;
  /** True for a non-missing row that breaks the expectation. */
  unexpected: string;
  /** What is expected, for messages, e.g. `in invoice(invoice_id)`. */
  summary: string;
}

export interface ExpectationContext {
  relation: string;
  /** DuckDB type of each column of the relation. */
  types: Map<string, string>;
  /** The relation of another verified table, by target table name. */
  relationOf: (table: string) => string | undefined;
}

const anyNull = (columns: string[]) => columns.map((c) => `${q(c)} IS NULL`).join(' OR ');
/** One column, or several as a struct so that `IN` compares them together. */
const tuple = (columns: string[]) =>
  columns.length === 1
    ? q(columns[0]!)
    : `{${columns.map((c, i) => `'c${i}': ${q(c)}`).join(', ')}}`;

/** Rows whose value (or combination) occurs more than once; nulls are distinct, as in SQL. */
const repeated = (columns: string[], relation: string) =>
  `${tuple(columns)} IN (SELECT ${tuple(columns)} FROM ${relation} WHERE NOT (${anyNull(columns)}) ` +
  `GROUP BY ALL HAVING count(*) > 1)`;

const shown = (value: unknown, none: string) =>
  value == null ? none : typeof value === 'string' ? value : JSON.stringify(value);

const bounds = (value: string, kwargs: Record<string, unknown>, literal = sqlLiteral) => {
  const parts: string[] = [];
  if (kwargs.min_value != null)
    parts.push(`${value} ${kwargs.strict_min ? '>' : '>='} ${literal(kwargs.min_value)}`);
  if (kwargs.max_value != null)
    parts.push(`${value} ${kwargs.strict_max ? '<' : '<='} ${literal(kwargs.max_value)}`);
  return {
    test: `NOT (${parts.join(' AND ')})`,
    text: `${shown(kwargs.min_value, '-∞')}..${shown(kwargs.max_value, '∞')}`,
  };
};

/** Columns the expectation names; a missing one makes it fail before any SQL runs. */
export const namedColumns = (config: ExpectationConfig): string[] => {
  const k = config.kwargs;
  if (typeof k.column_A === 'string' && typeof k.column_B === 'string')
    return [k.column_A, k.column_B];
  if (Array.isArray(k.column_list)) return k.column_list as string[];
  return typeof k.column === 'string' ? [k.column] : [];
};

/** Compiles one validated expectation; a related table that is not verified gives a reason. */
export const compileExpectation = (
  config: ExpectationConfig,
  context: ExpectationContext,
): CompiledExpectation | { unresolved: string } => {
  const k = config.kwargs;
  const columns = namedColumns(config);
  const [first = ''] = columns;
  const column = q(first);
  const base = { config, columns, missing: `${column} IS NULL` };
  // Literals for a text column compare as text, so `[1, 2]` does not cast the column to numbers.
  const literal = (value: unknown) =>
    typeFamily(context.types.get(first) ?? '') === 'string' && value !== null
      ? quoteString(typeof value === 'string' ? value : JSON.stringify(value))
      : sqlLiteral(value);
  switch (config.expectation_type) {
    case 'expect_column_values_to_not_be_null':
      return { ...base, missing: 'FALSE', unexpected: `${column} IS NULL`, summary: 'not null' };
    case 'expect_column_values_to_be_unique':
    case 'expect_compound_columns_to_be_unique':
      return {
        ...base,
        missing: anyNull(columns),
        unexpected: repeated(columns, context.relation),
        summary: 'unique',
      };
    case 'expect_column_values_to_be_between': {
      const { test, text } = bounds(column, k, literal);
      return { ...base, unexpected: test, summary: `between ${text}` };
    }
    case 'expect_column_value_lengths_to_be_between': {
      const { test, text } = bounds(`length(CAST(${column} AS VARCHAR))`, k);
      return { ...base, unexpected: test, summary: `length between ${text}` };
    }
    case 'expect_column_values_to_be_in_set': {
      const set = k.value_set as unknown[];
      return {
        ...base,
        unexpected: set.length ? `${column} NOT IN (${set.map(literal).join(', ')})` : 'TRUE',
        summary: `in ${JSON.stringify(set)}`,
      };
    }
    case 'expect_column_values_to_match_regex':
      return {
        ...base,
        unexpected: `NOT regexp_matches(CAST(${column} AS VARCHAR), ${quoteString(String(k.regex))})`,
        summary: `matching /${String(k.regex)}/`,
      };
    case 'expect_column_pair_values_to_be_equal':
      return {
        ...base,
        missing: `${q(columns[0]!)} IS NULL AND ${q(columns[1]!)} IS NULL`,
        unexpected: `${q(columns[0]!)} IS DISTINCT FROM ${q(columns[1]!)}`,
        summary: `equal to ${columns[1]}`,
      };
    case 'expect_table_row_count_to_equal':
      return {
        ...base,
        columns: [],
        rowCount: Number(k.value),
        missing: 'FALSE',
        unexpected: 'FALSE',
        summary: `${Number(k.value).toLocaleString('en-US')} rows`,
      };
    case RELATED_TABLE_EXPECTATION: {
      const related = String(k.related_table);
      const relatedRelation = context.relationOf(related);
      if (!relatedRelation)
        return { unresolved: `related table ${related} is not among the verified tables` };
      const relatedColumns = (k.related_column_list as string[] | undefined) ?? [
        String(k.related_column),
      ];
      return {
        ...base,
        // A foreign key with a null column is not checked (SQL's MATCH SIMPLE).
        missing: anyNull(columns),
        unexpected: `${tuple(columns)} NOT IN (SELECT ${tuple(relatedColumns)} FROM ${relatedRelation} WHERE NOT (${anyNull(relatedColumns)}))`,
        summary: `in ${related}(${relatedColumns.join(', ')})`,
      };
    }
    default:
      return { unresolved: `unsupported expectation_type ${config.expectation_type}` };
  }
};
