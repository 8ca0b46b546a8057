import type { CheckResult, ColumnPair, TablePair } from '../verification-input';
import { firstLine } from '../query-replay/replay-sql';
import type { KsResult, NullCounts } from './column-statistics';

const round = (x: number) => Number(x.toPrecision(6));
const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

const check = (
  id: string,
  pair: TablePair,
  column: ColumnPair | undefined,
  passed: boolean,
  message: string,
  details: Record<string, unknown>,
): CheckResult => ({
  id,
  method: 'statistics',
  table: pair.targetTable,
  ...(column ? { column: column.target } : {}),
  outcome: passed ? 'passed' : 'failed',
  message,
  details,
});

export const rowCountCheck = (pair: TablePair, counts: NullCounts) => {
  const { source, target } = counts.rows;
  return check(
    `statistics:${pair.targetTable}:row-count`,
    pair,
    undefined,
    source === target,
    source === target
      ? `${pair.targetTable}: row count matches (${source})`
      : `${pair.targetTable}: row count differs: source ${source}, target ${target}`,
    { source, target, statement: counts.statement },
  );
};

export const nullRatioCheck = (
  pair: TablePair,
  column: ColumnPair,
  counts: NullCounts,
  max: number,
) => {
  const values = counts.values.get(column)!;
  const source = ratio(counts.rows.source - values.source, counts.rows.source);
  const target = ratio(counts.rows.target - values.target, counts.rows.target);
  const delta = Math.abs(source - target);
  const subject = `${pair.targetTable}.${column.target}`;
  return check(
    `statistics:${subject}:null-ratio`,
    pair,
    column,
    delta <= max,
    delta <= max
      ? `${subject}: null ratio ${round(source)} on both sides (max delta ${max})`
      : `${subject}: null ratio differs by ${round(delta)}: source ${round(source)}, target ${round(target)} (max delta ${max})`,
    { source, target, delta, statement: counts.statement },
  );
};

export const ksCheck = (pair: TablePair, column: ColumnPair, ks: KsResult, max: number) => {
  const subject = `${pair.targetTable}.${column.target}`;
  const passed = ks.statistic <= max;
  return check(
    `statistics:${subject}:ks`,
    pair,
    column,
    passed,
    `${subject}: KS statistic ${round(ks.statistic)} ${passed ? 'within' : 'exceeds'} ${max} ` +
      `(source ${ks.sourceValues} values, target ${ks.targetValues} values)`,
    { ...ks },
  );
};

export const inconclusive = (
  id: string,
  pair: TablePair,
  column: ColumnPair | undefined,
  error: string,
): CheckResult => ({
  id,
  method: 'statistics',
  table: pair.targetTable,
  ...(column ? { column: column.target } : {}),
  outcome: 'inconclusive',
  message: `${pair.targetTable}${column ? `.${column.target}` : ''}: statistics could not run: ${firstLine(error)}`,
  details: { error },
});
