import type { MethodResult, VerificationInput } from '../verification-input';
import { capPlan, planReplay } from './replay-plan';
import {
  lowCardinalityLimit,
  replayForeignKeys,
  replayGroupBys,
  replayScalars,
} from './replay-steps';
import { StatementLog } from './statement-log';
import { replayUserQueries } from './user-query-checks';

export { lowCardinalityLimit } from './replay-steps';

/**
 * Above this many rows in all (or with sizes unknown) statements run one at a time: they are
 * CPU-bound and DuckDB's threads already share them, so two at once would only double the
 * memory of their hash tables. Below it statements wait more than they compute.
 */
export const concurrentReplayRows = 1_000_000;

const concurrent = (input: VerificationInput) =>
  input.tables.reduce((rows, pair) => rows + (pair.rowHint ?? Infinity), 0) <= concurrentReplayRows;

/**
 * Behavioural equivalence by query replay: every query generated from the schema and mapping,
 * and every user query, evaluated on the source after mapping and on the target, compared with
 * the tolerances. Many logical queries share one SQL statement (one scan per table side).
 */
export const runQueryReplay = async (input: VerificationInput): Promise<MethodResult> => {
  const started = performance.now();
  const log = new StatementLog(input.connection, concurrent(input) ? input.readers : []);
  const plan = planReplay(input);
  const { kept, groupByBudget } = capPlan(plan, input.maxQueries);
  // User queries change the main connection's search path: they run alone, first.
  const user = await replayUserQueries(log, input.tables, kept.user, input.tolerances);
  const [scalars, foreignKeys] = await Promise.all([
    replayScalars(log, input, [...kept.rowCounts, ...kept.aggregates], groupByBudget > 0),
    replayForeignKeys(log, input, kept.foreignKeys),
  ]);
  const groupByCandidates = [...scalars.lowCardinality].flatMap(([pair, columns]) =>
    columns.map((column) => ({ pair, column })),
  );
  const groupBys = await replayGroupBys(log, input, groupByCandidates.slice(0, groupByBudget));
  const rowCountIds = new Set(kept.rowCounts.map((query) => query.id));
  const checks = [
    ...scalars.checks.filter((check) => rowCountIds.has(check.id)),
    ...user.checks,
    ...scalars.checks.filter((check) => !rowCountIds.has(check.id)),
    ...foreignKeys,
    ...groupBys,
  ];
  const generated = {
    rowCount: plan.rowCounts.length,
    user: plan.user.length,
    aggregate: plan.aggregates.length,
    foreignKey: plan.foreignKeys.length,
    groupBy: groupByCandidates.length,
  };
  const total = Object.values(generated).reduce((sum, n) => sum + n, 0);
  return {
    method: 'query-replay',
    checks,
    evidence: {
      tolerances: input.tolerances,
      lowCardinalityLimit,
      queries: {
        generated,
        // With no room left by the cap, group-bys are not even planned: `total` is a floor.
        groupBysPlanned: groupByBudget > 0,
        total,
        run: checks.length,
        droppedByCap: total - checks.length,
        maxQueries: input.maxQueries,
      },
      userQueryViews: user.views,
      statements: log.statements,
    },
    queryCount: checks.length,
    statementCount: log.count,
    elapsedMs: Math.round(performance.now() - started),
  };
};
