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
 * Registers, for every compiled table, the three relations KORA compares: the source snapshot
 * (`kora_source`, source names), the source after mapping (`kora_expected`: the very compiled
 * SQL over the snapshot) and the transformation output under verification (`kora_target`).
 * Partitions are verified against their hashes as they are opened.
 */
export const registerVerificationRelations = async (
  connection: DuckDBConnection,
  artifacts: ArtifactStore,
  compiled: CompiledTransformation,
  target: DatabaseSchema,
  parts: VerifiedTableParts[],
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
      await connection.run(`CREATE OR REPLACE VIEW ${sourceRelation} AS SELECT * FROM ${source}`);
      await connection.run(
        `CREATE OR REPLACE VIEW ${expectedRelation} AS WITH ${SOURCE_RELATION} AS (SELECT * FROM ${sourceRelation}) ${table.sql}`,
      );
      // An empty output has no partition; the expected relation's shape with no rows stands in.
      await connection.run(
        `CREATE OR REPLACE VIEW ${targetRelation} AS ` +
          (output
            ? `SELECT ${outputColumns.map(q).join(', ')} FROM ${output}`
            : `SELECT * FROM ${expectedRelation} LIMIT 0`),
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
      const rowsOf = (partitions: PartitionDescriptor[]) =>
        partitions.reduce((sum, partition) => sum + partition.rowCount, 0);
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
