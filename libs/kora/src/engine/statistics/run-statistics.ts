import type {
  CheckResult,
  MethodResult,
  TablePair,
  VerificationInput,
} from '../verification-input';
import { errorMessage } from '../query-replay/replay-sql';
import { StatementLog } from '../query-replay/statement-log';
import { countValues, ksStatistics } from './column-statistics';

/** Above this many rows (or unknown), each column's KS statistic is its own statement. */
export const separateKsRows = 100_000;
import { inconclusive, ksCheck, nullRatioCheck, rowCountCheck } from './statistics-checks';

const tableStatistics = async (log: StatementLog, pair: TablePair, input: VerificationInput) => {
  const numeric = pair.columns.filter((column) => column.kind === 'numeric');
  const checks: CheckResult[] = [];
  const evidence: Record<string, unknown> = {};
  try {
    const counts = await countValues(log, pair);
    checks.push(rowCountCheck(pair, counts));
    for (const column of pair.columns)
      checks.push(nullRatioCheck(pair, column, counts, input.maxNullRatioDelta));
    evidence.rows = counts.rows;
  } catch (error) {
    checks.push(
      inconclusive(
        `statistics:${pair.targetTable}:row-count`,
        pair,
        undefined,
        errorMessage(error),
      ),
    );
    for (const column of pair.columns)
      checks.push(
        inconclusive(
          `statistics:${pair.targetTable}.${column.target}:null-ratio`,
          pair,
          column,
          errorMessage(error),
        ),
      );
  }
  // A big table's columns go one statement each: every KS sorts the union of both sides, and
  // fused they were sorted at once (a 2M-row migration peaked at 1 GB in this method).
  const groups =
    (pair.rowHint ?? Infinity) > separateKsRows ? numeric.map((column) => [column]) : [numeric];
  for (const group of numeric.length > 0 ? groups : []) {
    try {
      const results = await ksStatistics(log, pair, group);
      for (const [column, ks] of results)
        checks.push(ksCheck(pair, column, ks, input.maxKsStatistic));
    } catch (error) {
      for (const column of group)
        checks.push(
          inconclusive(
            `statistics:${pair.targetTable}.${column.target}:ks`,
            pair,
            column,
            errorMessage(error),
          ),
        );
    }
  }
  evidence.columns = Object.fromEntries(
    pair.columns.map((column) => [
      column.target,
      Object.fromEntries(
        checks
          .filter((c) => c.column === column.target && c.outcome !== 'inconclusive')
          .map((c) => [c.id.split(':').pop()!, c.details]),
      ),
    ]),
  );
  return { checks, evidence };
};

/**
 * Statistical comparison of the source after mapping and the target: row counts, null ratios
 * per column and, for numeric columns, the two-sample KS statistic, against the thresholds.
 * Two statements per table whatever its size (a third where a column's values differ; one per
 * column on big tables): the work stays in DuckDB.
 */
export const runStatistics = async (input: VerificationInput): Promise<MethodResult> => {
  const started = performance.now();
  const log = new StatementLog(input.connection);
  const checks: CheckResult[] = [];
  const tables: Record<string, unknown> = {};
  for (const pair of input.tables) {
    const result = await tableStatistics(log, pair, input);
    checks.push(...result.checks);
    tables[pair.targetTable] = result.evidence;
  }
  return {
    method: 'statistics',
    checks,
    evidence: {
      thresholds: {
        maxKsStatistic: input.maxKsStatistic,
        maxNullRatioDelta: input.maxNullRatioDelta,
      },
      tables,
      statements: log.statements,
    },
    queryCount: checks.length,
    statementCount: log.count,
    elapsedMs: Math.round(performance.now() - started),
  };
};
