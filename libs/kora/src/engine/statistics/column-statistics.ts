import type { ColumnPair, TablePair } from '../verification-input';
import { sourceSide, targetSide, type ReplaySide } from '../query-replay/replay-sql';
import type { StatementLog } from '../query-replay/statement-log';

export interface NullCounts {
  rows: { source: number; target: number };
  /** Non-null values per column on each side. */
  values: Map<ColumnPair, { source: number; target: number }>;
  statement: number;
}

const countScan = (side: ReplaySide, columns: ColumnPair[], prefix: string) =>
  `(SELECT count(*) AS ${prefix}_rows${columns
    .map((column, i) => `, count(${side.column(column)}) AS ${prefix}_${i}`)
    .join('')} FROM ${side.relation}) AS ${prefix}`;

/** Rows and non-null values per column, both sides, in ONE statement. */
export const countValues = async (log: StatementLog, pair: TablePair): Promise<NullCounts> => {
  const { columns } = pair;
  const {
    rows,
    columns: names,
    statement,
  } = await log.rows(
    `SELECT * FROM ${countScan(sourceSide(pair), columns, 's')}, ${countScan(targetSide(pair), columns, 't')}`,
  );
  const row = rows[0] ?? [];
  const value = (name: string) => Number(row[names.indexOf(name)]);
  return {
    rows: { source: value('s_rows'), target: value('t_rows') },
    values: new Map(
      columns.map((column, i) => [column, { source: value(`s_${i}`), target: value(`t_${i}`) }]),
    ),
    statement,
  };
};

export interface KsResult {
  statistic: number;
  sourceValues: number;
  targetValues: number;
  /**
   * Every distinct value occurs as often on both sides: the two empirical CDFs are the same
   * function, so the statistic is exactly 0 without comparing them point by point.
   */
  sameValueCounts: boolean;
  statement: number;
}

/** Both sides' non-null values of one column, each row flagged with its side. */
const sidedValues = (pair: TablePair, column: ColumnPair) => {
  const source = sourceSide(pair);
  const target = targetSide(pair);
  return (
    `SELECT v, sum(s) AS s, sum(t) AS t FROM (` +
    `SELECT ${source.column(column)} AS v, 1 AS s, 0 AS t FROM ${source.relation} ` +
    `UNION ALL SELECT ${target.column(column)}, 0, 1 FROM ${target.relation}` +
    `) WHERE v IS NOT NULL GROUP BY v`
  );
};

/** Per distinct value its count on each side (a hash aggregate, no sort): how many differ. */
const valueCountsBranch = (pair: TablePair, column: ColumnPair, index: number) =>
  `SELECT ${index} AS col, coalesce(sum(s), 0) AS ns, coalesce(sum(t), 0) AS nt, ` +
  `count(*) FILTER (WHERE s <> t) AS differing FROM (${sidedValues(pair, column)})`;

/**
 * The exact two-sample Kolmogorov–Smirnov statistic of one column: the largest gap between the
 * two empirical CDFs, evaluated after each distinct value (ties grouped first) over the union
 * of both sides' non-null values, in the column's own type. No side has values: 0; one side
 * only: 1.
 */
const ksBranch = (pair: TablePair, column: ColumnPair, index: number) => {
  const cumulative =
    `SELECT sum(s) OVER w AS cs, sum(t) OVER w AS ct, sum(s) OVER () AS ns, sum(t) OVER () AS nt ` +
    `FROM (${sidedValues(pair, column)}) WINDOW w AS (ORDER BY v ROWS UNBOUNDED PRECEDING)`;
  return (
    `SELECT ${index} AS col, coalesce(max(ns), 0) AS ns, coalesce(max(nt), 0) AS nt, ` +
    `CASE WHEN coalesce(max(ns), 0) = 0 AND coalesce(max(nt), 0) = 0 THEN 0 ` +
    `WHEN coalesce(max(ns), 0) = 0 OR coalesce(max(nt), 0) = 0 THEN 1 ` +
    `ELSE max(abs(cs / ns - ct / nt)) END AS ks FROM (${cumulative})`
  );
};

/**
 * KS for every listed column of one table: ONE statement counts each distinct value on both
 * sides; only columns where some count differs take a second statement that sorts the values
 * and compares the CDFs. An untouched migration's columns all stop at the first, which costs
 * about half of the sort (1.0 s against 0.48 s for 2M unique values a side, measured).
 */
export const ksStatistics = async (log: StatementLog, pair: TablePair, columns: ColumnPair[]) => {
  const results = new Map<ColumnPair, KsResult>();
  const counted = await log.rows(
    columns.map((column, i) => valueCountsBranch(pair, column, i)).join(' UNION ALL '),
  );
  const differing: number[] = [];
  for (const [index, ns, nt, differs] of counted.rows) {
    const column = columns[Number(index)];
    if (!column) continue;
    if (Number(differs) > 0) differing.push(Number(index));
    else
      results.set(column, {
        statistic: 0,
        sourceValues: Number(ns),
        targetValues: Number(nt),
        sameValueCounts: true,
        statement: counted.statement,
      });
  }
  if (differing.length === 0) return results;
  const compared = await log.rows(
    differing.map((i) => ksBranch(pair, columns[i]!, i)).join(' UNION ALL '),
  );
  for (const [index, ns, nt, ks] of compared.rows) {
    const column = columns[Number(index)];
    if (column)
      results.set(column, {
        statistic: Number(ks),
        sourceValues: Number(ns),
        targetValues: Number(nt),
        sameValueCounts: false,
        statement: compared.statement,
      });
  }
  return results;
};
