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
  const lowCardinality = new Map<TablePair, ColumnPair[]>();
  // Every table's statement is asked for before any is awaited: indices follow table order.
  const perTable = input.tables.map(async (pair): Promise<CheckResult[]> => {
    const queries = kept.filter((query) => query.pair === pair);
    const candidates = planGroupBys ? pair.columns.filter((column) => column.kind !== 'other') : [];
    if (queries.length === 0 && candidates.length === 0) return [];
    try {
      const result = await runTableAggregates(log, pair, queries, candidates, input.tolerances);
      // A column as distinct as the table itself has no groups worth comparing.
      const low = candidates.filter((column) => {
        const distinct = result.sourceDistinct.get(column) ?? Infinity;
        return distinct <= lowCardinalityLimit && distinct < result.sourceRows;
      });
      if (low.length > 0) lowCardinality.set(pair, low);
      return queries.map((query) =>
        valueCheck(query, result.values.get(query.id)!, input.tolerances, result.statement),
      );
    } catch (error) {
      return queries.map((query) =>
        inconclusiveCheck(
          query,
          pair.targetTable,
          query.column?.target,
          scalarSubject(query),
          errorMessage(error),
        ),
      );
    }
  });
  const checks = (await Promise.all(perTable)).flat();
  // Group-by candidates in table order, however the statements finished.
  const ordered = new Map(
    input.tables.flatMap((pair) => {
      const low = lowCardinality.get(pair);
      return low ? [[pair, low] as const] : [];
    }),
  );
  return { checks, lowCardinality: ordered };
};

export const replayForeignKeys = async (
  log: StatementLog,
  input: VerificationInput,
  kept: ForeignKeyQuery[],
) => {
  const perTable = input.tables.map(async (pair): Promise<CheckResult[]> => {
    const queries = kept.filter((query) => query.join.child === pair);
    const joins = [...new Set(queries.map((query) => query.join))];
    if (joins.length === 0) return [];
    try {
      const { counts, statement } = await runForeignKeyJoins(log, joins);
      return queries.map((query) => {
        const count = counts[joins.indexOf(query.join)]!;
        const values = { source: count.source[query.measure], target: count.target[query.measure] };
        return foreignKeyCheck(query, values, input.tolerances, statement);
      });
    } catch (error) {
      return queries.map((query) =>
        inconclusiveCheck(
          query,
          pair.targetTable,
          undefined,
          `${pair.targetTable}: foreign key ${query.join.name}`,
          errorMessage(error),
        ),
      );
    }
  });
  return (await Promise.all(perTable)).flat();
};

export const replayGroupBys = async (
  log: StatementLog,
  input: VerificationInput,
  chosen: { pair: TablePair; column: ColumnPair }[],
) => {
  const perTable = input.tables.map(async (pair): Promise<CheckResult[]> => {
    const columns = chosen.filter((c) => c.pair === pair).map((c) => c.column);
    if (columns.length === 0) return [];
    const idOf = (column: ColumnPair) => ({
      id: `replay:${pair.targetTable}.${column.target}:group-by`,
    });
    const subjectOf = (column: ColumnPair) =>
      `${pair.targetTable}.${column.target}: group-by counts`;
    try {
      const { source, target, statement } = await runGroupBys(log, pair, columns, input.tolerances);
      return columns.map((column) => {
        const onSource = source.get(column) ?? [];
        const onTarget = target.get(column) ?? [];
        const comparison = compareResultSets(onSource, onTarget, input.tolerances);
        const groups = (rows: unknown[][]) => rows.map((row) => row.map(jsonValue));
        return resultSetCheck(
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
        );
      });
    } catch (error) {
      return columns.map((column) =>
        inconclusiveCheck(
          idOf(column),
          pair.targetTable,
          column.target,
          subjectOf(column),
          errorMessage(error),
        ),
      );
    }
  });
  return (await Promise.all(perTable)).flat();
};
