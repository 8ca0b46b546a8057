import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlExecutor } from '../../sql/sql-client';
import { loadPGlite } from '../../sql/load-pglite';
import {
  createDeliveryLedgerSql,
  digestTableIn,
  readLedger,
  writeBatchInTransaction,
} from './delivery-ledger';
import type {
  BatchOutcome,
  DeliveryBatch,
  LedgerEntry,
  RowsDigest,
  TargetConnector,
} from './target-connector.port';

type Queryable = Pick<PGlite, 'query'> | Transaction;

const executorOf = (db: Queryable): SqlExecutor => ({
  query: async <Row>(sql: string, params: readonly unknown[] = []) => {
    const result = await db.query<Row>(sql, [...params]);
    return { rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) };
  },
});

/**
 * Delivery into embedded PGlite. Rows go in with `COPY ... FROM '/dev/blob'`, PGlite's way of
 * feeding COPY from memory (test/bench/pipeline-io.bench.ts: about 1.8x the rows/s of multi-row INSERTs).
 */
export class PGliteTargetConnector implements TargetConnector {
  private constructor(
    private readonly db: PGlite,
    readonly description: string,
    private readonly owned: boolean,
  ) {}

  /** Opens (creating if missing) a file-backed data directory, or `memory://`. */
  static async open(dataDir: string): Promise<PGliteTargetConnector> {
    const location = /^(memory|idb):\/\//.test(dataDir) ? dataDir : resolve(dataDir);
    if (location === resolve(dataDir)) mkdirSync(location, { recursive: true });
    const db = await loadPGlite().PGlite.create(location);
    return new PGliteTargetConnector(db, `pglite:${location}`, true);
  }

  /** Delivers into a PGlite the caller opened (and will close). */
  static over(db: PGlite, description = 'pglite'): PGliteTargetConnector {
    return new PGliteTargetConnector(db, description, false);
  }

  async prepare(): Promise<void> {
    await this.db.query(createDeliveryLedgerSql);
  }

  deliveredBatches(migrationId: string): Promise<Map<string, LedgerEntry>> {
    return readLedger(executorOf(this.db), migrationId);
  }

  writeBatch(batch: DeliveryBatch): Promise<BatchOutcome> {
    return this.db.transaction((tx) =>
      writeBatchInTransaction(
        executorOf(tx),
        batch,
        async (copySql, csv) => {
          await tx.query(copySql, [], { blob: new Blob([csv]) });
        },
        `'/dev/blob'`,
      ),
    );
  }

  /** PGlite commits synchronously (as far as its file system allows): nothing to wait for. */
  async sync(): Promise<void> {}

  digestTable(table: string, columns: readonly string[]): Promise<RowsDigest> {
    return this.db.transaction((tx) => digestTableIn(executorOf(tx), table, columns));
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.db.query<Record<string, unknown>>(sql)).rows;
  }

  async close(): Promise<void> {
    if (this.owned && !this.db.closed) await this.db.close();
  }
}
