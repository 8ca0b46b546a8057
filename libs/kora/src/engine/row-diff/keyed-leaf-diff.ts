import type { Segment } from './segment-checksums';
import { segmentFilter } from './segment-checksums';
import { quoteIdentifier as q, type StatementRunner } from './sql-text';
import type { ColumnComparison } from './tolerance-sql';

/** What the row-by-row comparison of a keyed table needs: both relations and their columns. */
export interface KeyedPlan {
  expectedRelation: string;
  targetRelation: string;
  /** Exact comparisons of the key columns. */
  key: ColumnComparison[];
  /** Tolerance comparisons of the other columns. */
  values: ColumnComparison[];
  /** SQL over one side's columns placing a row in its segment. */
  keyHash: string;
}

export type KeyProblem = 'missing' | 'extra' | 'duplicated' | 'differs';

export interface KeyedDiffRow {
  key: Record<string, unknown>;
  problem: KeyProblem;
  /** Rows with this key on each side. */
  sourceRows: number;
  targetRows: number;
}

export interface ColumnDiff {
  column: string;
  rows: number;
  /** Rows where the target holds NULL and the source a value. */
  nullsInTarget: number;
  samples: { key: Record<string, unknown>; source: unknown; target: unknown }[];
}

export interface KeyedDiff {
  counts: Record<KeyProblem, number>;
  /** First keys of each problem. */
  keys: KeyedDiffRow[];
  columns: ColumnDiff[];
  /** Keys whose rows differ with no single column to blame (a key repeated on both sides). */
  unattributed: number;
}

const anyDiffers = (plan: KeyedPlan, alias = '') =>
  plan.values.map((_, i) => `${alias}d${i}`).join(' OR ') || 'FALSE';

/**
 * Joins both sides on the key within the leaf segments and keeps each key that is not fine:
 * missing, extra, present a different number of times, or with a column beyond tolerance.
 */
const diffTableSql = (plan: KeyedPlan, leaves: readonly Segment[], table: string) => {
  const keys = plan.key.map((_, j) => `k${j}`).join(', ');
  const values = plan.values.map((_, i) => i);
  const side = (relation: string) =>
    `SELECT ${[
      ...plan.key.map((k, j) => `${k.hashed(q(k.column))} AS k${j}`),
      ...plan.values.map((c, i) => `${q(c.column)} AS v${i}`),
      `count(*) OVER (PARTITION BY ${keys}) AS n`,
      'row_number() OVER () AS r',
    ].join(', ')} FROM ${relation} WHERE ${segmentFilter(plan.keyHash, leaves)}`;
  // Every pairing of a key's rows across the sides, with which columns differ in it.
  const pairs = `SELECT ${[
    ...plan.key.map((_, j) => `coalesce(e.k${j}, t.k${j}) AS k${j}`),
    'e.n AS ne, t.n AS nt, e.r AS er, t.r AS tr',
    ...values.map((i) => `NOT ${plan.values[i]!.equal(`e.v${i}`, `t.v${i}`)} AS d${i}`),
    ...values.map((i) => `e.v${i} AS e${i}, t.v${i} AS t${i}`),
  ].join(', ')} FROM e FULL JOIN t ON ${plan.key
    .map((_, j) => `e.k${j} IS NOT DISTINCT FROM t.k${j}`)
    .join(' AND ')}`;
  const problem =
    "CASE WHEN max(ne) IS NULL THEN 'extra' WHEN max(nt) IS NULL THEN 'missing' " +
    "WHEN max(ne) <> max(nt) THEN 'duplicated' ELSE 'differs' END AS problem";
  // A key is fine when both sides have it equally often and each row has an equal partner.
  const notFine = [
    'max(ne) IS NULL OR max(nt) IS NULL OR max(ne) <> max(nt)',
    `count(DISTINCT er) FILTER (WHERE NOT (${anyDiffers(plan, 'p.')})) < max(ne)`,
    `count(DISTINCT tr) FILTER (WHERE NOT (${anyDiffers(plan, 'p.')})) < max(nt)`,
  ].join(' OR ');
  const perKey = [
    keys,
    'max(ne) AS ne, max(nt) AS nt',
    problem,
    ...values.map(
      (i) => `bool_and(d${i}) AS d${i}, any_value(e${i}) AS e${i}, any_value(t${i}) AS t${i}`,
    ),
  ].join(', ');
  return (
    `CREATE OR REPLACE TEMP TABLE ${table} AS WITH e AS (${side(plan.expectedRelation)}), ` +
    `t AS (${side(plan.targetRelation)}), pairs AS (${pairs}) ` +
    `SELECT ${perKey} FROM pairs p GROUP BY ${keys} HAVING ${notFine}`
  );
};

/** Compares the rows of the leaf segments on the key with the tolerance predicates. */
export const keyedLeafDiff = async (
  runner: StatementRunner,
  plan: KeyedPlan,
  leaves: readonly Segment[],
  keyLimit: number,
  table: string,
): Promise<KeyedDiff> => {
  const keys = plan.key.map((_, j) => `k${j}`).join(', ');
  const keyOf = (row: Record<string, unknown>) =>
    Object.fromEntries(plan.key.map((k, j) => [k.column, row[`k${j}`]]));
  await runner.run(diffTableSql(plan, leaves, table));
  try {
    const [summary = {}] = await runner.rows(
      `SELECT ${['missing', 'extra', 'duplicated', 'differs'].map((p) => `count(*) FILTER (WHERE problem = '${p}') AS ${p}`).join(', ')}` +
        plan.values
          .map(
            (_, i) =>
              `, count(*) FILTER (WHERE problem = 'differs' AND d${i}) AS c${i}` +
              `, count(*) FILTER (WHERE problem = 'differs' AND d${i} AND t${i} IS NULL) AS z${i}`,
          )
          .join('') +
        `, count(*) FILTER (WHERE problem = 'differs' AND NOT (${anyDiffers(plan)})) AS unattributed` +
        ` FROM ${table}`,
    );
    const keyRows = await runner.rows(
      `SELECT * FROM (SELECT ${keys}, problem, ne, nt, row_number() OVER (PARTITION BY problem ORDER BY ${keys}) AS rn ` +
        `FROM ${table}) WHERE rn <= ${keyLimit} ORDER BY problem, ${keys}`,
    );
    const columns: ColumnDiff[] = [];
    for (const [i, comparison] of plan.values.entries()) {
      const rows = Number(summary[`c${i}`] ?? 0);
      if (rows === 0) continue;
      const samples = await runner.rows(
        `SELECT ${keys}, e${i} AS source, t${i} AS target FROM ${table} ` +
          `WHERE problem = 'differs' AND d${i} ORDER BY ${keys} LIMIT ${keyLimit}`,
      );
      columns.push({
        column: comparison.column,
        rows,
        nullsInTarget: Number(summary[`z${i}`] ?? 0),
        samples: samples.map((row) => ({
          key: keyOf(row),
          source: row.source,
          target: row.target,
        })),
      });
    }
    return {
      counts: {
        missing: Number(summary.missing ?? 0),
        extra: Number(summary.extra ?? 0),
        duplicated: Number(summary.duplicated ?? 0),
        differs: Number(summary.differs ?? 0),
      },
      keys: keyRows.map((row) => ({
        key: keyOf(row),
        problem: row.problem as KeyProblem,
        sourceRows: Number(row.ne ?? 0),
        targetRows: Number(row.nt ?? 0),
      })),
      columns,
      unattributed: Number(summary.unattributed ?? 0),
    };
  } finally {
    await runner.run(`DROP TABLE IF EXISTS ${table}`);
  }
};
