import type { ColumnPair, TablePair, Tolerances } from '../verification-input';
import type { ScalarMeasure, ScalarQuery } from './replay-plan';
import { projection, sourceSide, targetSide, toleranceKey } from './replay-sql';
import type { StatementLog } from './statement-log';

/**
 * Below this many rows DuckDB's `count(DISTINCT)` costs more in per-aggregate set-up (about
 * 2 ms each, measured) than collecting the values and deduplicating the list; above it the
 * hash aggregate wins (6x at 2M rows). Both are exact and ignore NULLs.
 */
export const smallRelationRows = 10_000;

const countDistinct = (ref: string, small: boolean) =>
  small ? `len(list_distinct(list(${ref})))` : `count(DISTINCT ${ref})`;

const measureSql = (
  measure: ScalarMeasure,
  alias: string,
  column: ColumnPair | undefined,
  tolerances: Tolerances,
  small: boolean,
): string => {
  switch (measure) {
    case 'row-count':
      return 'count(*)';
    case 'count':
      return `count(${alias})`;
    case 'null-count':
      return `count(*) - count(${alias})`;
    case 'count-distinct':
      return countDistinct(column ? toleranceKey(alias, column, tolerances) : alias, small);
    case 'min':
    case 'max':
    case 'sum':
    case 'avg':
      return `${measure}(${alias})`;
  }
};

export interface TableAggregates {
  /** Source and target value per query id. */
  values: Map<string, { source: unknown; target: unknown }>;
  /** Source row count and distinct values per candidate column, to choose group-bys. */
  sourceRows: number;
  sourceDistinct: Map<ColumnPair, number>;
  statement: number;
}

/**
 * Evaluates every scalar query of one table, both sides, in ONE statement: two single-row
 * aggregate scans (source after mapping, target) cross-joined. The source scan also counts the
 * distinct values of the group-by candidates, which decides the group-bys generated next.
 */
export const runTableAggregates = async (
  log: StatementLog,
  pair: TablePair,
  queries: ScalarQuery[],
  candidates: ColumnPair[],
  tolerances: Tolerances,
): Promise<TableAggregates> => {
  const small = (pair.rowHint ?? Infinity) <= smallRelationRows;
  const used = new Set<ColumnPair>(candidates);
  for (const query of queries) if (query.column) used.add(query.column);
  const columns = pair.columns
    .filter((column) => used.has(column))
    .map((column, index) => ({ column, alias: `c${index}` }));
  const aliasOf = (column?: ColumnPair) => columns.find((c) => c.column === column)?.alias ?? '';
  // A kept count-distinct query already counts what the group-by planning needs.
  const distinctQuery = (column: ColumnPair) =>
    queries.findIndex((q) => q.measure === 'count-distinct' && q.column === column);
  const sourceList = [
    'count(*) AS plan_rows',
    ...candidates
      .filter((column) => distinctQuery(column) < 0)
      .map(
        (column) =>
          `${measureSql('count-distinct', aliasOf(column), column, tolerances, small)} AS plan_${aliasOf(column)}`,
      ),
    ...queries.map(
      (q, i) => `${measureSql(q.measure, aliasOf(q.column), q.column, tolerances, small)} AS s${i}`,
    ),
  ];
  const targetList = queries.map(
    (q, i) => `${measureSql(q.measure, aliasOf(q.column), q.column, tolerances, small)} AS t${i}`,
  );
  const sourceScan = `(SELECT ${sourceList.join(', ')} FROM (${projection(sourceSide(pair), columns, tolerances)})) AS s`;
  const targetScan =
    targetList.length > 0
      ? `, (SELECT ${targetList.join(', ')} FROM (${projection(targetSide(pair), columns, tolerances)})) AS t`
      : '';
  const {
    rows,
    columns: names,
    statement,
  } = await log.rows(`SELECT * FROM ${sourceScan}${targetScan}`);
  const row = rows[0] ?? [];
  const value = (name: string) => row[names.indexOf(name)];
  return {
    values: new Map(
      queries.map((q, i) => [q.id, { source: value(`s${i}`), target: value(`t${i}`) }]),
    ),
    sourceRows: Number(value('plan_rows')),
    sourceDistinct: new Map(
      candidates.map((column) => {
        const query = distinctQuery(column);
        return [column, Number(value(query < 0 ? `plan_${aliasOf(column)}` : `s${query}`))];
      }),
    ),
    statement,
  };
};
