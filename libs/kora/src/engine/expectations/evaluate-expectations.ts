import { quoteIdentifier as q, type StatementRunner } from '../row-diff/sql-text';
import type { CompiledExpectation } from './expectation-sql';

/** What evaluating one expectation on its table found. */
export interface ExpectationCounts {
  compiled: CompiledExpectation;
  elementCount: number;
  missingCount: number;
  unexpectedCount: number;
  /** First unexpected rows: the key columns and the expectation's columns. */
  samples: Record<string, unknown>[];
  /** Why it could not be evaluated (a type the expectation cannot apply to, ...). */
  error?: string;
}

const isMissing = (c: CompiledExpectation) => `coalesce((${c.missing}), false)`;
const isUnexpected = (c: CompiledExpectation) =>
  `NOT ${isMissing(c)} AND coalesce((${c.unexpected}), false)`;

const aggregates = (compiled: CompiledExpectation[]) =>
  `count(*) AS n` +
  compiled
    .map(
      (c, i) =>
        `, count(*) FILTER (WHERE ${isMissing(c)}) AS m${i}, count(*) FILTER (WHERE ${isUnexpected(c)}) AS u${i}`,
    )
    .join('');

/**
 * Evaluates a table's expectations in one pass (one aggregate with a filter each). If that
 * statement fails, each expectation runs alone so that only the one at fault is left undecided.
 */
export const evaluateExpectations = async (
  runner: StatementRunner,
  relation: string,
  key: string[],
  compiled: CompiledExpectation[],
  sampleLimit: number,
): Promise<ExpectationCounts[]> => {
  const counted = async (group: CompiledExpectation[]) => {
    const [row = {}] = await runner.rows(`SELECT ${aggregates(group)} FROM ${relation}`);
    return group.map((c, i) => ({
      compiled: c,
      elementCount: Number(row.n ?? 0),
      missingCount: Number(row[`m${i}`] ?? 0),
      unexpectedCount: Number(row[`u${i}`] ?? 0),
      samples: [] as Record<string, unknown>[],
    }));
  };
  let results: ExpectationCounts[];
  try {
    results = await counted(compiled);
  } catch {
    results = [];
    for (const c of compiled) {
      const [alone] = await counted([c]).catch((error: Error) => [
        {
          compiled: c,
          elementCount: 0,
          missingCount: 0,
          unexpectedCount: 0,
          samples: [],
          error: error.message,
        },
      ]);
      results.push(alone!);
    }
  }
  for (const result of results.filter((r) => r.unexpectedCount > 0)) {
    const columns = [...new Set([...key, ...result.compiled.columns])].map(q);
    result.samples = await runner.rows(
      `SELECT ${columns.join(', ') || '*'} FROM ${relation} WHERE ${isUnexpected(result.compiled)} ` +
        `ORDER BY ${columns.join(', ') || 'ALL'} LIMIT ${sampleLimit}`,
    );
  }
  return results;
};
