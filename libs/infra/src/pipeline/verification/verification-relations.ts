import type { DuckDBConnection } from '@duckdb/node-api';
import { SOURCE_RELATION, type CompiledTransformation, type DatabaseSchema } from '@sensei/domain';
import type { ColumnPair, TablePair, ValueKind } from '@sensei/kora';
import type { ArtifactStore, LocalArtifactFile } from '../../artifacts/artifact-store.port';
import { quoteDuckDbIdentifier as q, quoteDuckDbString } from '../../pipeline-io/duckdb-session';
import type { PartitionDescriptor } from '../../pipeline-io/partition-descriptor';

/** DuckDB schemas KORA's relations live in, so evidence SQL reads `kora_target."invoice"`. */
export const koraSchemas = {
  source: 'kora_source',
  expected: 'kora_expected',
  target: 'kora_target',
} as const;

export interface VerifiedTableParts {
  targetTable: string;
  sourceTable: string;
  sourcePartitions: PartitionDescriptor[];
  targetPartitions: PartitionDescriptor[];
}

export const valueKindOf = (duckdbType: string): ValueKind => {
  const type = duckdbType.toUpperCase();
  if (
    /^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|HUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT)/.test(
      type,
    )
  )
    return 'numeric';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'DATE') return 'date';
  if (type === 'VARCHAR' || type.startsWith('VARCHAR(')) return 'string';
  if (type === 'BOOLEAN') return 'boolean';
  return 'other';
};

const parquetOf = (files: LocalArtifactFile[]) =>
  files.length === 0
    ? undefined
    : `read_parquet([${files.map((f) => quoteDuckDbString(f.path)).join(', ')}])`;

/**
 * Source plus output rows, over all tables, that are loaded into DuckDB tables rather than
 * read through views. KORA runs dozens of statements per table; on small relations each one
 * spent most of its time decoding Parquet and re-running the transformation SQL (Chinook
 * replay: ~3,000 queries/s through views, ~4,600 on loaded tables, for ~80 ms of loading).
 * Bigger checkpoints stay views, so memory does not grow with the data.
 */
export const loadedRowsBudget = 200_000;

/**
 * `CREATE TABLE ... AS` when `load`, else a view. A relation whose SQL fails to load (a cast
 * the data does not allow) becomes a view, so that the failure reaches every check that reads
 * it, as it would without loading.
 */
export const defineVerificationRelation = async (
  connection: DuckDBConnection,
  name: string,
  sql: string,
  load: boolean,
): Promise<'table' | 'view'> => {
  if (load) {
    try {
      await connection.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
      return 'table';
    } catch {
      // Falls through to the view.
    }
  }
  await connection.run(`CREATE OR REPLACE VIEW ${name} AS ${sql}`);
  return 'view';
};

/**
 * Registers, for every compiled table, the three relations KORA compares: the source snapshot
 * (`kora_source`, source names), the source after mapping (`kora_expected`: the very compiled
 * SQL over the snapshot) and the transformation output under verification (`kora_target`),
 * as DuckDB tables within `loadedRowsBudget`, as views beyond it.
 * Partitions are verified against their hashes as they are opened.
 */
export const registerVerificationRelations = async (
  connection: DuckDBConnection,
  artifacts: ArtifactStore,
  compiled: CompiledTransformation,
  target: DatabaseSchema,
  parts: VerifiedTableParts[],
  loadRows = loadedRowsBudget,
): Promise<{ pairs: TablePair[]; release(): Promise<void> }> => {
  const opened: LocalArtifactFile[] = [];
  const open = async (partitions: PartitionDescriptor[]) => {
    const files: LocalArtifactFile[] = [];
    for (const partition of partitions) files.push(await artifacts.localFile(partition.hash));
    opened.push(...files);
    return files;
  };
  for (const schema of Object.values(koraSchemas)) {
    await connection.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }
  const pairs: TablePair[] = [];
  let loadBudget = loadRows;
  try {
    for (const table of compiled.tables) {
      const part = parts.find((p) => p.targetTable === table.targetTable);
      if (!part) continue;
      const sourceRelation = `${koraSchemas.source}.${q(table.sourceTable)}`;
      const expectedRelation = `${koraSchemas.expected}.${q(table.targetTable)}`;
      const targetRelation = `${koraSchemas.target}.${q(table.targetTable)}`;
      // The partition writer gives even an empty table one partition, so a source has a file.
      const source = parquetOf(await open(part.sourcePartitions));
      if (!source) throw new Error(`source table ${table.sourceTable} has no partition`);
      const output = parquetOf(await open(part.targetPartitions));
      const outputColumns = table.columns.map((c) => c.name);
      const rowsOf = (partitions: PartitionDescriptor[]) =>
        partitions.reduce((sum, partition) => sum + partition.rowCount, 0);
      const rows = rowsOf(part.sourcePartitions) + rowsOf(part.targetPartitions);
      const loaded = rows <= loadBudget;
      if (loaded) loadBudget -= rows;
      const define = (name: string, sql: string) =>
        defineVerificationRelation(connection, name, sql, loaded);
      await define(sourceRelation, `SELECT * FROM ${source}`);
      await define(
        expectedRelation,
        `WITH ${SOURCE_RELATION} AS (SELECT * FROM ${sourceRelation}) ${table.sql}`,
      );
      // An empty output has no partition; the expected relation's shape with no rows stands in.
      await define(
        targetRelation,
        output
          ? `SELECT ${outputColumns.map(q).join(', ')} FROM ${output}`
          : `SELECT * FROM ${expectedRelation} LIMIT 0`,
      );
      const sourceOf = new Map(
        table.lineage.map((edge) => [edge.target.split('.').pop(), edge.source.split('.').pop()]),
      );
      const columns: ColumnPair[] = table.columns.map((column) => ({
        target: column.name,
        source: column.origin === 'mapped' ? sourceOf.get(column.name) : undefined,
        expression: column.expression,
        duckdbType: column.duckdbType,
        kind: valueKindOf(column.duckdbType),
      }));
      const targetTable = target.tables.find((t) => t.name === table.targetTable);
      pairs.push({
        sourceTable: table.sourceTable,
        targetTable: table.targetTable,
        sourceRelation,
        expectedRelation,
        targetRelation,
        key: (targetTable?.primaryKey ?? []).filter((k) => outputColumns.includes(k)),
        columns,
        rowHint: Math.max(rowsOf(part.sourcePartitions), rowsOf(part.targetPartitions)),
      });
    }
  } catch (error) {
    await Promise.all(opened.map((file) => file.release()));
    throw error;
  }
  return { pairs, release: async () => void (await Promise.all(opened.map((f) => f.release()))) };
};
