import type { DatabaseSchema, TableSchema } from '../catalog/catalog';
import type { LineageEdge } from '../migration/checkpoints';
import type { ColumnMapping } from '../migration/mapping';
import { SenseiError } from '../shared/sensei-error';
import { projectColumn, type ProjectedColumn } from './column-projection';
import { quoteIdentifier } from './duckdb-sql';
import type { PiiPolicy } from '../ingestion/pii-policy';

/**
 * The relation the compiled SELECT reads: the executor binds it to one partition's Parquet
 * file(s), e.g. `CREATE TEMP VIEW source_rows AS SELECT * FROM read_parquet([...])`, or by
 * prefixing `WITH source_rows AS (SELECT * FROM read_parquet([...]))`. Keeping file paths out of
 * the SQL keeps its hash the same wherever the partitions are stored.
 */
export const SOURCE_RELATION = 'source_rows';

export interface CompiledTable {
  targetTable: string;
  /** The one source table it reads (joins are not compiled: a target table has one source). */
  sourceTable: string;
  sql: string;
  columns: ProjectedColumn[];
  /** Target columns left out of the SELECT so the target database fills them (identity, now()). */
  omittedColumns: { column: string; reason: string }[];
  lineage: LineageEdge[];
  /** Output columns the rows are sorted by: the primary key, or every column when there is none. */
  orderBy: string[];
}

const fail = (message: string, details: Record<string, unknown>) =>
  new SenseiError('VALIDATION.FAILED', message, { field: 'mappings', ...details });

const sourceTableOf = (target: TableSchema, mappings: readonly ColumnMapping[]): string => {
  const sources = [...new Set(mappings.map((m) => m.sourceTable))].sort();
  if (sources.length !== 1) {
    throw fail(
      sources.length === 0
        ? `no approved mapping targets ${target.name}`
        : `${target.name} is fed by ${sources.join(', ')}: one target table must come from one source table`,
      { targetTable: target.name, sources },
    );
  }
  return sources[0] as string;
};

const mappingsByColumn = (target: TableSchema, mappings: readonly ColumnMapping[]) => {
  const byColumn = new Map<string, ColumnMapping>();
  for (const mapping of mappings) {
    if (!target.columns.some((c) => c.name === mapping.targetColumn)) {
      throw fail(
        `mapping ${mapping.mappingId} fills ${target.name}.${mapping.targetColumn}, which the target does not have`,
        { mappingId: mapping.mappingId },
      );
    }
    const taken = byColumn.get(mapping.targetColumn);
    if (taken) {
      throw fail(
        `${target.name}.${mapping.targetColumn} is filled by both ${taken.mappingId} and ${mapping.mappingId}`,
        { mappingId: mapping.mappingId },
      );
    }
    byColumn.set(mapping.targetColumn, mapping);
  }
  return byColumn;
};

const render = (
  columns: readonly ProjectedColumn[],
  relation: string,
  orderBy: readonly string[],
) =>
  [
    'SELECT * FROM (',
    '  SELECT',
    columns.map((c) => `    ${c.expression} AS ${quoteIdentifier(c.name)}`).join(',\n'),
    `  FROM ${relation}`,
    ') AS target_rows',
    `ORDER BY ${orderBy.map((name) => `${quoteIdentifier(name)} ASC NULLS LAST`).join(', ')}`,
  ].join('\n');

/** One target table's deterministic DuckDB SELECT over its source partition. */
export const compileTable = (
  target: TableSchema,
  mappings: readonly ColumnMapping[],
  source: DatabaseSchema,
  policy?: PiiPolicy,
  relation: string = SOURCE_RELATION,
): CompiledTable => {
  const sourceTable = sourceTableOf(target, mappings);
  const sourceSchema = source.tables.find((t) => t.name === sourceTable);
  const byColumn = mappingsByColumn(target, mappings);
  const projections = [...target.columns]
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((column) =>
      projectColumn(target, column, byColumn.get(column.name), sourceSchema, policy),
    );
  const columns = projections.flatMap((p) => (p.kind === 'column' ? [p.column] : []));
  const names = columns.map((c) => c.name);
  const orderBy =
    target.primaryKey.length > 0 && target.primaryKey.every((k) => names.includes(k))
      ? target.primaryKey
      : names;
  return {
    targetTable: target.name,
    sourceTable,
    sql: render(columns, relation, orderBy),
    columns,
    omittedColumns: projections.flatMap((p) =>
      p.kind === 'omitted' ? [{ column: p.column, reason: p.reason }] : [],
    ),
    lineage: projections.flatMap((p) => (p.kind === 'column' && p.lineage ? [p.lineage] : [])),
    orderBy: [...orderBy],
  };
};
