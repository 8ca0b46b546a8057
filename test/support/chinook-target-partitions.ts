import type { DatabaseSchema } from '@sensei/domain';
import type { ArtifactStore } from '../../libs/infra/src/artifacts/artifact-store.port';
import type { PartitionDescriptor } from '../../libs/infra/src/pipeline-io/partition-descriptor';
import { writeTablePartitions } from '../../libs/infra/src/pipeline-io/partition-writer';
import { executeTransformation } from '../../libs/infra/src/pipeline-io/transform-executor';
import { chinookRowBatches } from './chinook-rows';
import { chinookSqliteSchema } from './chinook-schemas';

/** Chinook's tables in an order that satisfies its foreign keys. */
export const chinookTablesInLoadOrder = [
  'Artist',
  'Album',
  'Genre',
  'MediaType',
  'Track',
  'Employee',
  'Customer',
  'Invoice',
  'InvoiceLine',
  'Playlist',
  'PlaylistTrack',
];

/** `InvoiceLine` -> `invoice_line`: the names Chinook_PostgreSql.sql uses. */
export const snakeCase = (name: string): string =>
  name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();

export interface TargetTablePartitions {
  name: string;
  columns: string[];
  partitions: PartitionDescriptor[];
}

/**
 * The real pipeline on the real Chinook SQLite file: partition each table, then rename it to the
 * PostgreSQL script's snake_case with a DuckDB SELECT, giving output partitions ready to deliver
 * into a database created by Chinook_PostgreSql.sql's DDL.
 */
export const chinookTargetPartitions = async (
  store: ArtifactStore,
  rowsPerPartition: number,
  schema?: DatabaseSchema,
): Promise<TargetTablePartitions[]> => {
  const source = schema ?? (await chinookSqliteSchema());
  const result: TargetTablePartitions[] = [];
  for (const name of chinookTablesInLoadOrder) {
    const table = source.tables.find((t) => t.name === name)!;
    const orderBy = table.primaryKey.map((column) => `"${column}"`).join(', ');
    const partitions = await writeTablePartitions(
      store,
      table,
      chinookRowBatches(name, orderBy, 500),
      {
        rowsPerPartition,
      },
    );
    const columns = table.columns.map((column) => snakeCase(column.name));
    const select = table.columns.map((column, i) => `"${column.name}" AS ${columns[i]}`).join(', ');
    const outputs = await executeTransformation(store, {
      targetTable: snakeCase(name),
      sql: `SELECT ${select} FROM "${name}"`,
      sources: { [name]: partitions },
    });
    result.push({ name: snakeCase(name), columns, partitions: outputs });
  }
  return result;
};
