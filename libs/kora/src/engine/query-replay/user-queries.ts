import { StatementType, type DuckDBValue } from '@duckdb/node-api';
import type { VerificationQuery } from '@sensei/domain';
import type { TablePair } from '../verification-input';
import { errorMessage, quoteIdentifier as q } from './replay-sql';
import type { StatementLog } from './statement-log';

/** Schemas holding one view per source table, named like it, with source column names. */
export const replaySchemas = {
  source: 'kora_replay_source',
  target: 'kora_replay_target',
} as const;

/** User results larger than this are not compared in memory: the check is inconclusive. */
export const userResultRowLimit = 100_000;

/**
 * The mapping as views: on the source side each mapped column is its mapping expression over
 * the source snapshot, on the target side the target column, both under the SOURCE name. A
 * query written on source names then runs unchanged on either side (view substitution).
 */
export const createReplayViews = async (
  log: StatementLog,
  tables: TablePair[],
  queries: VerificationQuery[],
) => {
  // A table whose name appears nowhere in the SQL cannot be read by it: no view for it.
  const text = queries.map((query) => query.sql.toLowerCase()).join('\n');
  const views: Record<string, { source: string; target: string }> = {};
  for (const pair of tables) {
    // `public.customer` is read as `customer`: the replay schema stands in for the source's.
    const name = pair.sourceTable.split('.').pop() ?? pair.sourceTable;
    // One source table mapped to two target tables: the first mapping names the view.
    if (views[name] || !text.includes(name.toLowerCase())) continue;
    const mapped = pair.columns.filter(
      (column, i) =>
        column.source !== undefined &&
        pair.columns.findIndex((other) => other.source === column.source) === i,
    );
    if (mapped.length === 0) continue;
    const sourceList = mapped.map((c) => `(${c.expression}) AS ${q(c.source!)}`);
    const targetList = mapped.map((c) => `${q(c.target)} AS ${q(c.source!)}`);
    views[name] = {
      source: `CREATE OR REPLACE VIEW ${replaySchemas.source}.${q(name)} AS SELECT ${sourceList.join(', ')} FROM ${pair.sourceRelation}`,
      target: `CREATE OR REPLACE VIEW ${replaySchemas.target}.${q(name)} AS SELECT ${targetList.join(', ')} FROM ${pair.targetRelation}`,
    };
  }
  for (const schema of Object.values(replaySchemas))
    await log.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  for (const view of Object.values(views)) {
    await log.run(view.source);
    await log.run(view.target);
  }
  return views;
};

export const dropReplayViews = async (log: StatementLog) => {
  for (const schema of Object.values(replaySchemas))
    await log.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
};

export type UserResult = { rows: DuckDBValue[][]; statement: number } | { error: string };

/**
 * Runs each user query, unchanged, with one replay schema as the search path. Only a single
 * SELECT is accepted: a replayed query must read, never change, what it verifies.
 */
export const runUserQueries = async (
  log: StatementLog,
  schema: string,
  queries: VerificationQuery[],
): Promise<UserResult[]> => {
  const results: UserResult[] = [];
  await log.run(`SET search_path = '${schema}'`);
  try {
    for (const query of queries) results.push(await runOne(log, query.sql));
  } finally {
    await log.run('RESET search_path');
  }
  return results;
};

const runOne = async (log: StatementLog, sql: string): Promise<UserResult> => {
  try {
    const extracted = await log.connection.extractStatements(sql);
    if (extracted.count !== 1)
      return { error: `a replay query must be one statement, found ${extracted.count}` };
    const prepared = await extracted.prepare(0);
    try {
      if (prepared.statementType !== StatementType.SELECT)
        return { error: 'a replay query must be a SELECT' };
      const statement = log.record(sql);
      const reader = await prepared.streamAndReadUntil(userResultRowLimit + 1);
      if (reader.currentRowCount > userResultRowLimit)
        return { error: `result has more than ${userResultRowLimit} rows` };
      return { rows: reader.getRows(), statement };
    } finally {
      prepared.destroySync();
    }
  } catch (error) {
    return { error: errorMessage(error) };
  }
};
