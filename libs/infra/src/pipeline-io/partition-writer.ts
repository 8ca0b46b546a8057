import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBAppender } from '@duckdb/node-api';
import { SenseiError, type TableSchema } from '@sensei/domain';
import type { ArtifactStore } from '../artifacts/artifact-store.port';
import { appendColumnValue, duckDbTypeOf, stagingTypeOf } from './duckdb-columns';
import {
  openDuckDbSession,
  parquetCopyOptions,
  quoteDuckDbIdentifier as quote,
  quoteDuckDbString,
  type DuckDbSession,
} from './duckdb-session';
import {
  defaultRowsPerPartition,
  type PartitionDescriptor,
  type SourceRow,
} from './partition-descriptor';

export interface WritePartitionsOptions {
  /** Rows per Parquet file (default 100,000). */
  rowsPerPartition?: number;
  /** Where DuckDB writes a file before it goes to the store (default: the OS temp directory). */
  scratchDirectory?: string;
}

const staging = 'sensei_staging_partition';

/**
 * Writes a table's rows, in the order they arrive, as Parquet partitions of `rowsPerPartition`
 * rows (zstd, written by one DuckDB thread: the same rows in the same order give byte-identical
 * files, hence the same hashes). At most one partition's rows are held, inside DuckDB. An empty
 * table still gets one empty partition, so later steps know its columns.
 */
export const writeTablePartitions = async (
  store: ArtifactStore,
  table: TableSchema,
  batches: AsyncIterable<SourceRow[]>,
  options: WritePartitionsOptions = {},
): Promise<PartitionDescriptor[]> => {
  const rowsPerPartition = options.rowsPerPartition ?? defaultRowsPerPartition;
  if (!Number.isInteger(rowsPerPartition) || rowsPerPartition < 1) {
    throw new SenseiError('VALIDATION.FAILED', `rowsPerPartition must be a positive integer`);
  }
  const session = await openDuckDbSession();
  const scratch = await mkdtemp(join(options.scratchDirectory ?? tmpdir(), 'sensei-partition-'));
  const columns = table.columns.map((column) => `${quote(column.name)} ${stagingTypeOf(column)}`);
  const partitions: PartitionDescriptor[] = [];
  let appender: DuckDBAppender | undefined;
  let rowsInPartition = 0;
  let rowsSeen = 0;
  const flush = async () => {
    appender?.closeSync();
    appender = undefined;
    partitions.push(
      await copyPartition(session, store, table, scratch, partitions.length, rowsInPartition),
    );
    rowsInPartition = 0;
  };
  try {
    await session.connection.run(`CREATE TABLE ${staging} (${columns.join(', ')})`);
    for await (const batch of batches) {
      for (const row of batch) {
        appender ??= await session.connection.createAppender(staging);
        appendRow(appender, table, row, rowsSeen);
        rowsSeen += 1;
        rowsInPartition += 1;
        if (rowsInPartition === rowsPerPartition) await flush();
      }
    }
    if (rowsInPartition > 0 || partitions.length === 0) await flush();
    return partitions;
  } finally {
    appender?.closeSync();
    session.close();
    await rm(scratch, { recursive: true, force: true });
  }
};

const appendRow = (appender: DuckDBAppender, table: TableSchema, row: SourceRow, at: number) => {
  for (const column of table.columns) {
    try {
      appendColumnValue(appender, column, row[column.name]);
    } catch (error) {
      appender.clear();
      const cause = error instanceof Error ? error.message : String(error);
      throw new SenseiError(
        'PIPELINE.INVALID_VALUE',
        `table ${table.name}, row ${at + 1}: cannot store ${cause}`,
        { table: table.name, column: column.name, row: at + 1, cause },
      );
    }
  }
  appender.endRow();
};

const copyPartition = async (
  session: DuckDbSession,
  store: ArtifactStore,
  table: TableSchema,
  scratch: string,
  index: number,
  rowCount: number,
): Promise<PartitionDescriptor> => {
  const file = join(scratch, `${index}.parquet`);
  const select = table.columns
    .map((column) =>
      column.type === 'timestamptz'
        ? `CAST(${quote(column.name)} AS ${duckDbTypeOf(column)}) AS ${quote(column.name)}`
        : quote(column.name),
    )
    .join(', ');
  await session.connection.run(
    `COPY (SELECT ${select} FROM ${staging}) TO ${quoteDuckDbString(file)} ${parquetCopyOptions}`,
  );
  await session.connection.run(`DELETE FROM ${staging}`);
  const stored = await store.put({ file });
  await rm(file);
  return { table: table.name, index, rowCount, ...stored };
};
