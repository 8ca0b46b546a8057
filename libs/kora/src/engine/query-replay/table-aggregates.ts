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

/**
 * The aggregates a measure reads and how its value follows from them. A null count is the row
 * count less the non-null count, both already in the scan: taken from them rather than written
 * as a third aggregate expression, it costs DuckDB nothing (per-expression planning was ~15% of
 * Chinook's aggregate statements, measured).
 */
const measureSql = (
  measure: ScalarMeasure,
  alias: string,
  column: ColumnPair | undefined,
  tolerances: Tolerances,
  small: boolean,
): { reads: string[]; value(values: unknown[]): unknown } => {
  const one = (sql: string) => ({ reads: [sql], value: ([v]: unknown[]) => v });
  switch (measure) {
    case 'row-count':
      return one('count(*)');
    case 'count':
      return one(`count(${alias})`);
    case 'null-count':
      return {
        reads: ['count(*)', `count(${alias})`],
        // Counts are never NULL: BIGINTs, as `count(*) - count(c)` in SQL would give.
        value: ([rows, values]) => BigInt(rows as bigint) - BigInt(values as bigint),
      };
    case 'count-distinct':
      return one(countDistinct(column ? toleranceKey(alias, column, tolerances) : alias, small));
    case 'min':
    case 'max':
    case 'sum':
    case 'avg':
      return one(`${measure}(${alias})`);
  }
};

/** One side's select list: each distinct aggregate once, named `<prefix><n>`. */
const selectList = (prefix: string) => {
  const aliases = new Map<string, string>();
  return {
    alias: (sql: string) => {
      let alias = aliases.get(sql);
      if (!alias) aliases.set(sql, (alias = `${prefix}${aliases.size}`));
      return alias;
    },
    sql: () => [...aliases].map(([sql, alias]) => `${sql} AS ${alias}`).join(', '),
    get size() {
      return aliases.size;
    },
  };
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
  const source = selectList('s');
  const target = selectList('t');
  const rowsAlias = source.alias('count(*)');
  const planned = candidates.map(
    (column) =>
      [
        column,
        source.alias(
          measureSql('count-distinct', aliasOf(column), column, tolerances, small).reads[0]!,
        ),
      ] as const,
  );
  const measured = queries.map((q) => {
    const measure = measureSql(q.measure, aliasOf(q.column), q.column, tolerances, small);
    return {
      query: q,
      measure,
      source: measure.reads.map(source.alias),
      target: measure.reads.map(target.alias),
    };
  });
  const sourceScan = `(SELECT ${source.sql()} FROM (${projection(sourceSide(pair), columns, tolerances)})) AS s`;
  const targetScan =
    target.size > 0
      ? `, (SELECT ${target.sql()} FROM (${projection(targetSide(pair), columns, tolerances)})) AS t`
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
      measured.map((m) => [
        m.query.id,
        {
          source: m.measure.value(m.source.map(value)),
          target: m.measure.value(m.target.map(value)),
        },
      ]),
    ),
    sourceRows: Number(value(rowsAlias)),
    sourceDistinct: new Map(planned.map(([column, alias]) => [column, Number(value(alias))])),
    statement,
  };
};
