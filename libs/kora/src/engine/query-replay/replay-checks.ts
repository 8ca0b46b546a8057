import { displayValue, jsonValue, valuesMatch } from '../compare-values';
import type { CheckResult, ColumnPair, Tolerances } from '../verification-input';
import type { ResultSetComparison } from './compare-result-sets';
import { firstLine } from './replay-sql';
import type { ForeignKeyQuery, ScalarMeasure, ScalarQuery } from './replay-plan';

const labels: Record<ScalarMeasure, string> = {
  'row-count': 'row count',
  count: 'count',
  'null-count': 'null count',
  'count-distinct': 'count distinct',
  min: 'min',
  max: 'max',
  sum: 'sum',
  avg: 'avg',
};

const toleranceNote = (column: ColumnPair | undefined, tolerances: Tolerances) => {
  if (column?.kind === 'numeric') return ` (tolerance ${tolerances.numericEpsilon})`;
  if (column?.kind === 'timestamp' || column?.kind === 'date')
    return ` (tolerance ${tolerances.timestampToleranceMs} ms)`;
  if (column?.kind === 'string') return ` (string mode ${tolerances.stringMode})`;
  return '';
};

const isCount = (measure: ScalarMeasure) =>
  ['row-count', 'count', 'null-count', 'count-distinct'].includes(measure);

const subjectOf = (query: ScalarQuery) =>
  query.column ? `${query.pair.targetTable}.${query.column.target}` : query.pair.targetTable;

const base = (query: { id: string }, table: string, column?: string) => ({
  id: query.id,
  method: 'query-replay' as const,
  table,
  ...(column !== undefined ? { column } : {}),
});

/** One value on each side, compared with the tolerances. */
export const valueCheck = (
  query: ScalarQuery,
  values: { source: unknown; target: unknown },
  tolerances: Tolerances,
  statement: number,
): CheckResult => {
  const label = labels[query.measure];
  const subject = subjectOf(query);
  const passed = valuesMatch(values.source, values.target, tolerances);
  const note = isCount(query.measure) ? '' : toleranceNote(query.column, tolerances);
  return {
    ...base(query, query.pair.targetTable, query.column?.target),
    outcome: passed ? 'passed' : 'failed',
    message: passed
      ? `${subject}: ${label} matches (${displayValue(values.source)})`
      : `${subject}: ${label} differs: source ${displayValue(values.source)}, target ${displayValue(values.target)}${note}`,
    details: {
      query: query.measure,
      source: jsonValue(values.source),
      target: jsonValue(values.target),
      statement,
    },
  };
};

export const foreignKeyCheck = (
  query: ForeignKeyQuery,
  values: { source: unknown; target: unknown },
  tolerances: Tolerances,
  statement: number,
): CheckResult => {
  const { join } = query;
  const childColumns = join.columns.map((c) => c.child.target).join(', ');
  const parentColumns = join.columns.map((c) => c.parent.target).join(', ');
  const subject = `${join.child.targetTable}.${childColumns} -> ${join.parent.targetTable}.${parentColumns}`;
  const label = query.measure === 'joined' ? 'joined rows' : 'orphan rows';
  const passed = valuesMatch(values.source, values.target, tolerances);
  return {
    ...base(query, join.child.targetTable, childColumns),
    outcome: passed ? 'passed' : 'failed',
    message: passed
      ? `${subject}: ${label} match (${displayValue(values.source)})`
      : `${subject}: ${label} differ: source ${displayValue(values.source)}, target ${displayValue(values.target)}`,
    details: {
      query: `foreign-key ${query.measure}`,
      foreignKey: join.name,
      source: jsonValue(values.source),
      target: jsonValue(values.target),
      statement,
    },
  };
};

/** A check that could not be evaluated: it proves nothing, so it cannot pass. */
export const inconclusiveCheck = (
  query: { id: string },
  table: string,
  column: string | undefined,
  subject: string,
  error: string,
): CheckResult => ({
  ...base(query, table, column),
  outcome: 'inconclusive',
  message: `${subject} could not run: ${firstLine(error)}`,
  details: { error },
});

export const resultSetCheck = (
  query: { id: string },
  table: string,
  column: string | undefined,
  subject: string,
  comparison: ResultSetComparison,
  details: Record<string, unknown>,
): CheckResult => ({
  ...base(query, table, column),
  outcome: comparison.matches ? 'passed' : 'failed',
  message: comparison.matches
    ? `${subject}: results match`
    : `${subject}: results differ: ${comparison.difference}` +
      (comparison.firstDifference
        ? `; first difference: source ${JSON.stringify(comparison.firstDifference.source)}, target ${JSON.stringify(comparison.firstDifference.target)}`
        : ''),
  details: {
    ...details,
    ...(comparison.firstDifference ? { firstDifference: comparison.firstDifference } : {}),
  },
});

export const scalarSubject = (query: ScalarQuery) =>
  `${subjectOf(query)}: ${labels[query.measure]}`;
