import type { TableSchema, VerificationQuery } from '@sensei/domain';
import type { ColumnPair, TablePair, VerificationInput } from '../verification-input';

export type ScalarMeasure =
  'row-count' | 'count' | 'null-count' | 'count-distinct' | 'min' | 'max' | 'sum' | 'avg';

export interface ScalarQuery {
  type: 'scalar';
  id: string;
  pair: TablePair;
  column?: ColumnPair;
  measure: ScalarMeasure;
}

export interface UserQuery {
  type: 'user';
  id: string;
  query: VerificationQuery;
}

/** A target foreign key with both tables verified and every key column mapped. */
export interface ForeignKeyJoin {
  name: string;
  child: TablePair;
  parent: TablePair;
  columns: { child: ColumnPair; parent: ColumnPair }[];
}

export interface ForeignKeyQuery {
  type: 'foreign-key';
  id: string;
  join: ForeignKeyJoin;
  measure: 'joined' | 'orphans';
}

/** Planned, in priority order: what the cap keeps first comes first. */
export interface ReplayPlan {
  rowCounts: ScalarQuery[];
  user: UserQuery[];
  aggregates: ScalarQuery[];
  foreignKeys: ForeignKeyQuery[];
}

const measuresOf = (column: ColumnPair): ScalarMeasure[] => {
  const measures: ScalarMeasure[] = ['count', 'null-count', 'count-distinct'];
  // DuckDB orders most types, but `other` (blobs, lists, intervals) has no order a reader trusts.
  if (column.kind !== 'other') measures.push('min', 'max');
  if (column.kind === 'numeric') measures.push('sum', 'avg');
  return measures;
};

const unqualified = (name: string) => name.split('.').pop() ?? name;

const foreignKeyJoins = (pair: TablePair, tables: TablePair[], schema: TableSchema[]) => {
  const table = schema.find((t) => unqualified(t.name) === unqualified(pair.targetTable));
  const joins: ForeignKeyJoin[] = [];
  for (const [index, key] of (table?.foreignKeys ?? []).entries()) {
    const parent = tables.find(
      (t) => unqualified(t.targetTable) === unqualified(key.referencedTable),
    );
    if (!parent) continue;
    const columns = key.columns.map((name, i) => ({
      child: pair.columns.find((c) => c.target === name),
      parent: parent.columns.find((c) => c.target === key.referencedColumns[i]),
    }));
    if (columns.some((c) => !c.child || !c.parent)) continue;
    joins.push({
      name: key.name ?? `${pair.targetTable}_fk${index + 1}`,
      child: pair,
      parent,
      columns: columns as ForeignKeyJoin['columns'],
    });
  }
  return joins;
};

/** Every generated and user query except group-bys, which wait for the source's cardinalities. */
export const planReplay = (input: VerificationInput): ReplayPlan => {
  const userIds = new Set<string>();
  const user = input.userQueries.map((query): UserQuery => {
    let id = `replay:user:${query.name}`;
    for (let n = 2; userIds.has(id); n += 1) id = `replay:user:${query.name}#${n}`;
    userIds.add(id);
    return { type: 'user', id, query };
  });
  return {
    rowCounts: input.tables.map((pair) => ({
      type: 'scalar',
      id: `replay:${pair.targetTable}:row-count`,
      pair,
      measure: 'row-count',
    })),
    user,
    aggregates: input.tables.flatMap((pair) =>
      pair.columns.flatMap((column) =>
        measuresOf(column).map((measure): ScalarQuery => ({
          type: 'scalar',
          id: `replay:${pair.targetTable}.${column.target}:${measure}`,
          pair,
          column,
          measure,
        })),
      ),
    ),
    foreignKeys: input.tables.flatMap((pair) =>
      foreignKeyJoins(pair, input.tables, input.targetSchema).flatMap((join) =>
        (['joined', 'orphans'] as const).map((measure): ForeignKeyQuery => ({
          type: 'foreign-key',
          id: `replay:${pair.targetTable}:fk:${join.name}:${measure}`,
          join,
          measure,
        })),
      ),
    ),
  };
};

/** Keeps the first `max` queries in priority order; group-bys get what is left. */
export const capPlan = (plan: ReplayPlan, max: number) => {
  let left = Math.max(0, Math.floor(max));
  const take = <T>(queries: T[]) => {
    const kept = queries.slice(0, left);
    left -= kept.length;
    return kept;
  };
  const kept: ReplayPlan = {
    rowCounts: take(plan.rowCounts),
    user: take(plan.user),
    aggregates: take(plan.aggregates),
    foreignKeys: take(plan.foreignKeys),
  };
  return { kept, groupByBudget: left };
};
