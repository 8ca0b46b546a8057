import type {
  CheckResult,
  MethodResult,
  TablePair,
  VerificationInput,
} from '../verification-input';
import { bisectSegments, defaultBisectionOptions, type BisectionOptions } from './bisect-segments';
import { keyedLeafDiff, type KeyedDiff } from './keyed-leaf-diff';
import { multisetLeafDiff, type MultisetDiff } from './multiset-leaf-diff';
import { keyedChecks, multisetChecks } from './row-diff-checks';
import { duckDbSegmentSide } from './segment-checksums';
import { quoteIdentifier as q, StatementRunner } from './sql-text';
import { exactComparison, toleranceComparison, type ColumnComparison } from './tolerance-sql';

export type RowDiffOptions = BisectionOptions;

const hashOf = (comparisons: ColumnComparison[]) =>
  `hash(${comparisons.map((c) => c.hashed(q(c.column))).join(', ')})`;

/** Columns a side lacks cannot be compared: each is a failed check of its own. */
const missingColumnChecks = (pair: TablePair, absent: string[]): CheckResult[] =>
  absent.map((column) => ({
    id: `row-diff:${pair.targetTable}.${column}`,
    method: 'row-diff',
    table: pair.targetTable,
    column,
    outcome: 'failed',
    message: `${pair.targetTable}.${column}: column missing from the target output`,
  }));

const diffTable = async (
  runner: StatementRunner,
  input: VerificationInput,
  pair: TablePair,
  options: RowDiffOptions,
  index: number,
) => {
  const expectedTypes = await runner.columnTypes(pair.expectedRelation);
  const targetTypes = await runner.columnTypes(pair.targetRelation);
  const names = pair.columns.map((c) => c.target);
  const absent = names.filter((name) => !expectedTypes.has(name) || !targetTypes.has(name));
  const present = names.filter((name) => !absent.includes(name));
  const types = (name: string) => [expectedTypes.get(name)!, targetTypes.get(name)!] as const;
  // A key column the output lacks leaves no key to join on: the rows then compare as a multiset.
  const key = pair.key.every((k) => present.includes(k)) ? pair.key : [];
  const keyComparisons = key.map((k) => exactComparison(k, ...types(k)));
  const values = present
    .filter((name) => !key.includes(name))
    .map((name) => toleranceComparison(name, ...types(name), input.tolerances));
  const rowHash = hashOf([...keyComparisons, ...values]);
  const segmentHash = key.length > 0 ? hashOf(keyComparisons) : rowHash;
  const bisection = await bisectSegments(
    duckDbSegmentSide(runner, pair.expectedRelation, segmentHash, rowHash),
    duckDbSegmentSide(runner, pair.targetRelation, segmentHash, rowHash),
    options,
  );
  const scratch = `kora_row_diff_${index}`;
  const leavesToCompare = bisection.leaves.length > 0;
  const relations = {
    expectedRelation: pair.expectedRelation,
    targetRelation: pair.targetRelation,
  };
  const diff: KeyedDiff | MultisetDiff | undefined = !leavesToCompare
    ? undefined
    : key.length > 0
      ? await keyedLeafDiff(
          runner,
          { ...relations, key: keyComparisons, values, keyHash: segmentHash },
          bisection.leaves,
          input.diffKeyLimit,
          scratch,
        )
      : await multisetLeafDiff(
          runner,
          { ...relations, columns: values, rowHash },
          bisection.leaves,
          input.diffKeyLimit,
          scratch,
        );
  const counts = { sourceRows: bisection.expectedRows, targetRows: bisection.targetRows };
  const rules = Object.fromEntries(values.map((c) => [c.column, c.rule]));
  const checks = [
    ...missingColumnChecks(pair, absent),
    ...(key.length > 0
      ? keyedChecks(pair.targetTable, key, counts, diff as KeyedDiff | undefined, rules)
      : multisetChecks(pair.targetTable, counts, diff as MultisetDiff | undefined)),
  ];
  const evidence = {
    table: pair.targetTable,
    key,
    rows: counts,
    comparisons: rules,
    segments: {
      initialBits: options.initialBits,
      compared: bisection.segmentsCompared,
      mismatched: bisection.segmentsMismatched,
      comparedRowByRow: bisection.leaves.length,
    },
    bisectionDepth: bisection.depth,
    missingColumns: absent,
    differences: checks.filter((c) => c.outcome === 'failed').map((c) => c.details ?? c.message),
  };
  return { checks, evidence };
};

/**
 * Row-level diff of every table: each row of the source after mapping against the output,
 * keyed by primary key (a multiset of rows where there is none), through segment checksums and
 * bisection, with the tolerances of the run.
 */
export const runRowDiff = async (
  input: VerificationInput,
  options: RowDiffOptions = defaultBisectionOptions,
): Promise<MethodResult> => {
  const started = Date.now();
  const runner = new StatementRunner(input.connection);
  const checks: CheckResult[] = [];
  const tables: Record<string, unknown>[] = [];
  for (const [index, pair] of input.tables.entries()) {
    const result = await diffTable(runner, input, pair, options, index);
    checks.push(...result.checks);
    tables.push(result.evidence);
  }
  return {
    method: 'row-diff',
    checks,
    evidence: { tolerances: input.tolerances, diffKeyLimit: input.diffKeyLimit, options, tables },
    queryCount: checks.length,
    statementCount: runner.statements,
    elapsedMs: Date.now() - started,
  };
};
