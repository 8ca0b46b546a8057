import type { CheckResult, TablePair, Tolerances } from '../verification-input';
import { jsonValue } from '../compare-values';
import { compareResultSets } from './compare-result-sets';
import type { UserQuery } from './replay-plan';
import { inconclusiveCheck, resultSetCheck } from './replay-checks';
import { errorMessage } from './replay-sql';
import type { StatementLog } from './statement-log';
import {
  createReplayViews,
  dropReplayViews,
  replaySchemas,
  runUserQueries,
  type UserResult,
} from './user-queries';

/** Rows per side kept in a user check's evidence. */
const sampleRows = 20;

const sample = (result: UserResult) =>
  'rows' in result ? result.rows.slice(0, sampleRows).map((row) => row.map(jsonValue)) : [];

const subjectOf = (query: UserQuery) => `user query ${JSON.stringify(query.query.name)}`;

const userCheck = (
  query: UserQuery,
  onSource: UserResult,
  onTarget: UserResult,
  tolerances: Tolerances,
): CheckResult => {
  const effective = {
    source: { searchPath: replaySchemas.source, sql: query.query.sql },
    target: { searchPath: replaySchemas.target, sql: query.query.sql },
  };
  if ('error' in onSource || 'error' in onTarget) {
    const error =
      'error' in onSource
        ? `on the source: ${onSource.error}`
        : `on the target: ${'error' in onTarget ? onTarget.error : ''}`;
    const check = inconclusiveCheck(query, '*', undefined, subjectOf(query), error);
    return { ...check, details: { ...check.details, name: query.query.name, effective } };
  }
  return resultSetCheck(
    query,
    '*',
    undefined,
    subjectOf(query),
    compareResultSets(onSource.rows, onTarget.rows, tolerances),
    {
      name: query.query.name,
      effective,
      statements: { source: onSource.statement, target: onTarget.statement },
      rowCounts: { source: onSource.rows.length, target: onTarget.rows.length },
      sample: { source: sample(onSource), target: sample(onTarget) },
    },
  );
};

/**
 * Replays the user's queries, written on source names, on the source after mapping and on the
 * target through the replay views; a query that fails on either side is inconclusive.
 */
export const replayUserQueries = async (
  log: StatementLog,
  tables: TablePair[],
  queries: UserQuery[],
  tolerances: Tolerances,
): Promise<{
  checks: CheckResult[];
  views: Record<string, { source: string; target: string }>;
}> => {
  if (queries.length === 0) return { checks: [], views: {} };
  const sql = queries.map((q) => q.query);
  try {
    const views = await createReplayViews(log, tables, sql);
    const source = await runUserQueries(log, replaySchemas.source, sql);
    const target = await runUserQueries(log, replaySchemas.target, sql);
    return {
      checks: queries.map((query, i) => userCheck(query, source[i]!, target[i]!, tolerances)),
      views,
    };
  } catch (error) {
    const checks = queries.map((query) =>
      inconclusiveCheck(query, '*', undefined, subjectOf(query), errorMessage(error)),
    );
    return { checks, views: {} };
  } finally {
    await dropReplayViews(log);
  }
};
