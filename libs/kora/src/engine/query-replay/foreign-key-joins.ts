import type { ForeignKeyJoin } from './replay-plan';
import { sourceSide, targetSide, type ReplaySide } from './replay-sql';
import type { StatementLog } from './statement-log';

export interface JoinCounts {
  joined: unknown;
  orphans: unknown;
}

/**
 * Child rows that find their parent (`joined`: the inner join's row count) and child rows with
 * a complete key that find none (`orphans`), on one side. Both sides read key columns through
 * the same ColumnPairs, so the source side joins the mapped source tables.
 */
const joinScan = (
  join: ForeignKeyJoin,
  sideOf: (pair: ForeignKeyJoin['child']) => ReplaySide,
  prefix: string,
) => {
  const child = sideOf(join.child);
  const parent = sideOf(join.parent);
  const childKeys = join.columns.map(({ child: c }, i) => `${child.column(c)} AS k${i}`);
  const parentKeys = join.columns.map(({ parent: c }, i) => `${parent.column(c)} AS k${i}`);
  const on = join.columns.map((_, i) => `c.k${i} = p.k${i}`).join(' AND ');
  const complete = join.columns.map((_, i) => `c.k${i} IS NOT NULL`).join(' AND ');
  return (
    `(SELECT count(p.hit) AS ${prefix}_joined, ` +
    `count(*) FILTER (WHERE ${complete} AND p.hit IS NULL) AS ${prefix}_orphans ` +
    `FROM (SELECT ${childKeys.join(', ')} FROM ${child.relation}) AS c ` +
    `LEFT JOIN (SELECT true AS hit, ${parentKeys.join(', ')} FROM ${parent.relation}) AS p ON ${on}) AS ${prefix}`
  );
};

/** Every foreign key of one child table, both sides, in ONE statement of single-row scans. */
export const runForeignKeyJoins = async (
  log: StatementLog,
  joins: ForeignKeyJoin[],
): Promise<{ statement: number; counts: { source: JoinCounts; target: JoinCounts }[] }> => {
  const scans = joins.flatMap((join, i) => [
    joinScan(join, sourceSide, `s${i}`),
    joinScan(join, targetSide, `t${i}`),
  ]);
  const { rows, columns, statement } = await log.rows(`SELECT * FROM ${scans.join(', ')}`);
  const row = rows[0] ?? [];
  const value = (name: string) => row[columns.indexOf(name)];
  return {
    statement,
    counts: joins.map((_, i) => ({
      source: { joined: value(`s${i}_joined`), orphans: value(`s${i}_orphans`) },
      target: { joined: value(`t${i}_joined`), orphans: value(`t${i}_orphans`) },
    })),
  };
};
