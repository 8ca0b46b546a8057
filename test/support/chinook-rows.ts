import type { Database } from 'sql.js';
import { openChinookSqlite } from './chinook-schemas';

/**
 * Real Chinook rows, straight from the SQLite fixture through sql.js, in primary-key order and in
 * batches, as a source connector would hand them out (values as SQLite stores them).
 */
export async function* chinookRowBatches(
  table: string,
  orderBy: string,
  batchRows: number,
  database?: Database,
): AsyncIterable<Record<string, unknown>[]> {
  const db = database ?? (await openChinookSqlite());
  const statement = db.prepare(`SELECT * FROM "${table}" ORDER BY ${orderBy}`);
  try {
    let batch: Record<string, unknown>[] = [];
    while (statement.step()) {
      batch.push(statement.getAsObject());
      if (batch.length === batchRows) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    statement.free();
    if (!database) db.close();
  }
}
