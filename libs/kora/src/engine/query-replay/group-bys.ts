import type { ColumnPair, TablePair, Tolerances } from '../verification-input';
import { projection, sourceSide, targetSide, toleranceKey, type ReplaySide } from './replay-sql';
import type { StatementLog } from './statement-log';

/** `[value, count]` per group, per column, per side. */
export interface GroupByRows {
  source: Map<ColumnPair, unknown[][]>;
  target: Map<ColumnPair, unknown[][]>;
  statement: number;
}

/**
 * value -> count for several columns of one side in one scan, through GROUPING SETS. Column
 * names carry the side (`s_c0`, `t_c0`) so that both sides share ONE statement by UNION ALL BY
 * NAME without forcing a source type and a target type into one column.
 */
const groupSide = (
  side: ReplaySide,
  prefix: string,
  columns: ColumnPair[],
  tolerances: Tolerances,
) => {
  const aliased = columns.map((column, index) => ({ column, alias: `c${index}` }));
  const select = aliased.map(
    ({ alias }) => `${alias} AS ${prefix}_${alias}, grouping(${alias}) AS ${prefix}_g_${alias}`,
  );
  const sets = aliased.map(({ alias }) => `(${alias})`).join(', ');
  const keys = aliased.map(
    ({ column, alias }) => `${toleranceKey(alias, column, tolerances)} AS ${alias}`,
  );
  return (
    `SELECT '${prefix}' AS side, ${select.join(', ')}, count(*) AS n ` +
    `FROM (SELECT ${keys.join(', ')} FROM (${projection(side, aliased, tolerances)})) ` +
    `GROUP BY GROUPING SETS (${sets})`
  );
};

export const runGroupBys = async (
  log: StatementLog,
  pair: TablePair,
  columns: ColumnPair[],
  tolerances: Tolerances,
): Promise<GroupByRows> => {
  const {
    rows,
    columns: names,
    statement,
  } = await log.rows(
    `${groupSide(sourceSide(pair), 's', columns, tolerances)} UNION ALL BY NAME ` +
      groupSide(targetSide(pair), 't', columns, tolerances),
  );
  const at = (name: string) => names.indexOf(name);
  const result: GroupByRows = { source: new Map(), target: new Map(), statement };
  for (const column of columns) {
    result.source.set(column, []);
    result.target.set(column, []);
  }
  for (const row of rows) {
    const prefix = String(row[at('side')]);
    const groups = prefix === 's' ? result.source : result.target;
    // The one column whose grouping flag is 0 is the one this row groups by.
    const index = columns.findIndex((_, i) => Number(row[at(`${prefix}_g_c${i}`)]) === 0);
    if (index < 0) continue;
    groups.get(columns[index]!)?.push([row[at(`${prefix}_c${index}`)], row[at('n')]]);
  }
  return result;
};
