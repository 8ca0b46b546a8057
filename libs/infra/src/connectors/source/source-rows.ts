import type { ColumnSchema, DatabaseSchema, TableSchema } from '@sensei/domain';
import type { Row } from './source-connector.port';
import { unknownTableError } from './source-errors';
import { toSourceValue } from './source-values';

/** A driver row (column name -> driver value) in the port's value convention. */
export const toSourceRow = (
  columns: readonly ColumnSchema[],
  raw: Record<string, unknown>,
): Row => {
  const row: Row = {};
  for (const column of columns) row[column.name] = toSourceValue(column.type, raw[column.name]);
  return row;
};

export const requireTable = (schema: DatabaseSchema, name: string): TableSchema => {
  const table = schema.tables.find((candidate) => candidate.name === name);
  if (!table)
    throw unknownTableError(
      name,
      schema.tables.map((candidate) => candidate.name),
    );
  return table;
};

export const assertBatchRows = (batchRows: number): void => {
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`batchRows must be a positive integer, got ${batchRows}`);
  }
};

/** Regroups rows arriving in any chunking into batches of exactly `batchRows` (the last smaller). */
export async function* rebatch<T>(
  chunks: AsyncIterable<T[]>,
  batchRows: number,
): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const chunk of chunks) {
    for (const item of chunk) {
      batch.push(item);
      if (batch.length === batchRows) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
