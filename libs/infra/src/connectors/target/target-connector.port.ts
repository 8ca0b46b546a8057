/**
 * A target database as delivery sees it. Values travel in PostgreSQL's text form (what `psql`
 * prints: `t`/`f`, `0.99`, `2021-01-01 00:00:00`, `\x00ff`), null as SQL NULL.
 */
export type TextValue = string | null;

export interface DeliveryBatch {
  migrationId: string;
  /** Idempotency key: `<table>/<partition hash>/<batch number>`; written once per migration. */
  batchKey: string;
  /** Target table as the catalog spells it; a dotted name is schema-qualified. */
  table: string;
  columns: readonly string[];
  rowCount: number;
  /**
   * The rows as CSV for `COPY ... (FORMAT csv)`, UTF-8 bytes: every value quoted, NULL an empty
   * field. Bytes, not a string, so that DuckDB's output reaches the socket without being decoded
   * and encoded again on the way.
   */
  csv: Uint8Array;
  /** `digestText` of the rows (see delivery-checksum.ts), kept in the ledger. */
  checksum: string;
}

export interface LedgerEntry {
  batchKey: string;
  table: string;
  rowCount: number;
  checksum: string;
}

/** Order-independent digest of a set of rows (see delivery-checksum.ts). */
export interface RowsDigest {
  rowCount: number;
  /** Sum of the rows' 64-bit digests, modulo 2^64. */
  digestSum: bigint;
}

export type BatchOutcome = 'written' | 'already-delivered';

export interface TargetConnector {
  /** Where it writes, for logs and receipts; never contains a password. */
  readonly description: string;
  /** Creates the delivery ledger table when missing. */
  prepare(): Promise<void>;
  /** Batches already recorded for the migration, by batch key. */
  deliveredBatches(migrationId: string): Promise<Map<string, LedgerEntry>>;
  /**
   * Writes the rows and the ledger entry in one transaction. A batch whose key is already in
   * the ledger writes nothing and answers `already-delivered`.
   */
  writeBatch(batch: DeliveryBatch): Promise<BatchOutcome>;
  /** Recomputes the delivery digest of a table from what the target holds. */
  digestTable(table: string, columns: readonly string[]): Promise<RowsDigest>;
  /**
   * Makes every batch written so far durable. Batches may commit without waiting for the disk
   * (their rows and ledger entry still commit together, so a lost batch is simply delivered
   * again); delivery is confirmed only after this resolves.
   */
  sync(): Promise<void>;
  /** Runs one statement (post-delivery checks) and returns its rows. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
