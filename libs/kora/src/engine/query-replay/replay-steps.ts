import { jsonValue } from '../compare-values';
import type { CheckResult, ColumnPair, TablePair, VerificationInput } from '../verification-input';
import { compareResultSets } from './compare-result-sets';
import { runForeignKeyJoins } from './foreign-key-joins';
import { runGroupBys } from './group-bys';
import type { ForeignKeyQuery, ScalarQuery } from './replay-plan';
import {
  foreignKeyCheck,
  inconclusiveCheck,
  resultSetCheck,
  scalarSubject,
  valueCheck,
} from './replay-checks';
import { errorMessage } from './replay-sql';
import type { StatementLog } from './statement-log';
import { runTableAggregates } from './table-aggregates';

/** A column with at most this many distinct source values gets a value -> count group-by. */
export const lowCardinalityLimit = 25;

/**
 * Row counts and per-column aggregates, one statement per table. With room left for group-bys
 * the source scan also counts distinct values of every candidate column to choose them.
 */
export const replayScalars = async (
  log: StatementLog,
  input: VerificationInput,
  kept: ScalarQuery[],
  planGroupBys: boolean,
) => {
  const checks: CheckResult[] = [];
  const lowCardinality = new Map<TablePair, ColumnPair[]>();
  for (const pair of input.tables) {
    const queries = kept.filter((query) => query.pair === pair);
    const candidates = planGroupBys ? pair.columns.filter((column) => column.kind !== 'other') : [];
    if (queries.length === 0 && candidates.length === 0) continue;
    try {
      const result = await runTableAggregates(log, pair, queries, candidates, input.tolerances);
      for (const query of queries)
        checks.push(
          valueCheck(query, result.values.get(query.id)!, input.tolerances, result.statement),
        );
      // A column as distinct as the table itself has no groups worth comparing.
      const low = candidates.filter((column) => {
        const distinct = result.sourceDistinct.get(column) ?? Infinity;
        return distinct <= lowCardinalityLimit && distinct < result.sourceRows;
      });
      if (low.length > 0) lowCardinality.set(pair, low);
    } catch (error) {
      for (const query of queries)
        checks.push(
          inconclusiveCheck(
            query,
            pair.targetTable,
            query.column?.target,
            scalarSubject(query),
            errorMessage(error),
          ),
        );
    }
  }
  return { checks, lowCardinality };
};

export const replayForeignKeys = async (
  log: StatementLog,
  input: VerificationInput,
  kept: ForeignKeyQuery[],
) => {
  const checks: CheckResult[] = [];
  for (const pair of input.tables) {
    const queries = kept.filter((query) => query.join.child === pair);
    const joins = [...new Set(queries.map((query) => query.join))];
    if (joins.length === 0) continue;
    try {
      const { counts, statement } = await runForeignKeyJoins(log, joins);
      for (const query of queries) {
        const count = counts[joins.indexOf(query.join)]!;
        const values = { source: count.source[query.measure], target: count.target[query.measure] };
        checks.push(foreignKeyCheck(query, values, input.tolerances, statement));
      }
    } catch (error) {
      for (const query of queries)
        checks.push(
          inconclusiveCheck(
            query,
            pair.targetTable,
            undefined,
            `${pair.targetTable}: foreign key ${query.join.name}`,
            errorMessage(error),
          ),
        );
    }
  }
  return checks;
};

export const replayGroupBys = async (
  log: StatementLog,
  input: VerificationInput,
  chosen: { pair: TablePair; column: ColumnPair }[],
) => {
  const checks: CheckResult[] = [];
  for (const pair of input.tables) {
    const columns = chosen.filter((c) => c.pair === pair).map((c) => c.column);
    if (columns.length === 0) continue;
    const idOf = (column: ColumnPair) => ({
      id: `replay:${pair.targetTable}.${column.target}:group-by`,
    });
    const subjectOf = (column: ColumnPair) =>
      `${pair.targetTable}.${column.target}: group-by counts`;
    try {
      const { source, target, statement } = await runGroupBys(log, pair, columns, input.tolerances);
      for (const column of columns) {
        const onSource = source.get(column) ?? [];
        const onTarget = target.get(column) ?? [];
        const comparison = compareResultSets(onSource, onTarget, input.tolerances);
        const groups = (rows: unknown[][]) => rows.map((row) => row.map(jsonValue));
        checks.push(
          resultSetCheck(
            idOf(column),
            pair.targetTable,
            column.target,
            subjectOf(column),
            comparison,
            {
              query: 'group-by',
              statement,
              groups: { source: groups(onSource), target: groups(onTarget) },
            },
          ),
        );
      }
    } catch (error) {
      for (const column of columns)
        checks.push(
          inconclusiveCheck(
            idOf(column),
            pair.targetTable,
            column.target,
            subjectOf(column),
            errorMessage(error),
          ),
        );
    }
  }
  return checks;
};
