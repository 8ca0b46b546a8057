import { SenseiError } from '@sensei/domain';
import type { SqlExecutor } from '../../sql/sql-client';
import {
  digestFromSql,
  quotePostgresColumns,
  quotePostgresTable,
  tableDigestSql,
} from './delivery-checksum';
import type {
  BatchOutcome,
  DeliveryBatch,
  LedgerEntry,
  RowsDigest,
  TextValue,
} from './target-connector.port';

/** Shared by the PostgreSQL and PGlite targets: same dialect, same ledger. */
export const deliveryLedgerTable = 'sensei_delivery_ledger';

export const createDeliveryLedgerSql = `CREATE TABLE IF NOT EXISTS ${deliveryLedgerTable} (
  migration_id text NOT NULL,
  batch_key text NOT NULL,
  table_name text NOT NULL,
  row_count integer NOT NULL,
  checksum text NOT NULL,
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (migration_id, batch_key)
)`;

export const readLedger = async (
  sql: SqlExecutor,
  migrationId: string,
): Promise<Map<string, LedgerEntry>> => {
  const { rows } = await sql.query<{
    batch_key: string;
    table_name: string;
    row_count: number;
    checksum: string;
  }>(
    `SELECT batch_key, table_name, row_count, checksum FROM ${deliveryLedgerTable} WHERE migration_id = $1`,
    [migrationId],
  );
  return new Map(
    rows.map((row) => [
      row.batch_key,
      {
        batchKey: row.batch_key,
        table: row.table_name,
        rowCount: Number(row.row_count),
        checksum: row.checksum,
      },
    ]),
  );
};

/** A batch key found in the ledger with other rows than now: the partition changed under its name. */
export const ledgerMismatch = (batch: DeliveryBatch, recorded: string): SenseiError =>
  new SenseiError(
    'DELIVERY.LEDGER_MISMATCH',
    `batch ${batch.batchKey} of ${batch.table} was delivered with checksum ${recorded}, now it has ${batch.checksum}: refusing to deliver different rows under the same key`,
    { table: batch.table, batchKey: batch.batchKey, recorded, now: batch.checksum },
  );

/**
 * The transaction body of one batch. The ledger row goes in first: a concurrent writer of the
 * same key waits on it and then finds it taken, so the rows are never written twice.
 */
export const writeBatchInTransaction = async (
  tx: SqlExecutor,
  batch: DeliveryBatch,
  copyRows: (copySql: string, csv: Uint8Array) => Promise<void>,
  copySource: 'STDIN' | `'/dev/blob'`,
): Promise<BatchOutcome> => {
  await tx.query(`SET LOCAL TimeZone = 'UTC'`);
  const claimed = await tx.query(
    `INSERT INTO ${deliveryLedgerTable} (migration_id, batch_key, table_name, row_count, checksum)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING batch_key`,
    [batch.migrationId, batch.batchKey, batch.table, batch.rowCount, batch.checksum],
  );
  if (claimed.rows.length === 0) {
    const recorded = (await readLedger(tx, batch.migrationId)).get(batch.batchKey);
    if (recorded && recorded.checksum !== batch.checksum)
      throw ledgerMismatch(batch, recorded.checksum);
    return 'already-delivered';
  }
  if (batch.rowCount > 0) {
    const copySql = `COPY ${quotePostgresTable(batch.table)} (${quotePostgresColumns(batch.columns)}) FROM ${copySource} WITH (FORMAT csv)`;
    await copyRows(copySql, batch.csv);
  }
  return 'written';
};

export const digestTableIn = async (
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
): Promise<RowsDigest> => {
  await tx.query(`SET LOCAL TimeZone = 'UTC'`);
  const { rows } = await tx.query<{ row_count: string; digest_sum: string }>(
    tableDigestSql(table, columns),
  );
  return digestFromSql(rows[0] ?? { row_count: 0, digest_sum: 0 });
};

/**
 * CSV for COPY: NULL is an unquoted empty field, every value is quoted, so '' stays ''. Delivery
 * has DuckDB write the same text (`readCsvBatches`); this is the reference spelling.
 */
export const toCsv = (rows: readonly (readonly TextValue[])[]): string => {
  let csv = '';
  for (const row of rows) {
    csv += row.map((value) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`)).join(',');
    csv += '\n';
  }
  return csv;
};
