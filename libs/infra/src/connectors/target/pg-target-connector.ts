import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SqlExecutor } from '../../sql/sql-client';
import { describePostgresTarget } from '../../sql/postgres-target';
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

const executorOf = (client: PoolClient): SqlExecutor => ({
  query: async <Row>(sql: string, params: readonly unknown[] = []) => {
    const result = await client.query(sql, params as unknown[]);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  },
});

/**
 * Delivery into PostgreSQL over `pg`, rows streamed with `COPY ... FROM STDIN` (pg-copy-streams).
 * Errors come out as `pg` raised them (with their SQLSTATE) for delivery to classify as
 * transient or permanent.
 */
export class PgTargetConnector implements TargetConnector {
  readonly description: string;
  private readonly pool: Pool;

  constructor(
    connectionString: string,
    options: { max?: number; connectionTimeoutMillis?: number } = {},
  ) {
    this.description = describePostgresTarget(connectionString).description;
    this.pool = new Pool({
      connectionString,
      max: options.max ?? 2,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    });
    // An idle connection dying (server restart) must not kill the process; the next batch retries.
    this.pool.on('error', () => undefined);
  }

  async prepare(): Promise<void> {
    await this.pool.query(createDeliveryLedgerSql);
  }

  deliveredBatches(migrationId: string): Promise<Map<string, LedgerEntry>> {
    return readLedger(
      {
        query: async <Row>(sql: string, params: readonly unknown[] = []) => {
          const result = await this.pool.query(sql, params as unknown[]);
          return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
        },
      },
      migrationId,
    );
  }

  /**
   * Each batch commits with synchronous_commit off: the server does not wait for its WAL flush,
   * which is most of a batch's cost. Atomicity is unchanged (rows and ledger entry together), so
   * a server crash can only lose whole batches, which `sync` and the ledger account for.
   */
  writeBatch(batch: DeliveryBatch): Promise<BatchOutcome> {
    return this.inTransaction(async (tx, client) => {
      await client.query('SET LOCAL synchronous_commit = off');
      return writeBatchInTransaction(
        tx,
        batch,
        async (copySql, csv) => {
          await pipeline(Readable.from([csv]), client.query(copyFrom(copySql)));
        },
        'STDIN',
      );
    });
  }

  /** A transaction with an xid commits synchronously, flushing the WAL of every earlier batch. */
  async sync(): Promise<void> {
    await this.inTransaction(async (tx) => {
      await tx.query('SET LOCAL synchronous_commit = on');
      await tx.query('SELECT txid_current()');
    });
  }

  digestTable(table: string, columns: readonly string[]): Promise<RowsDigest> {
    return this.inTransaction((tx) => digestTableIn(tx, table, columns));
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    return (await this.pool.query<Record<string, unknown>>(sql)).rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async inTransaction<T>(
    work: (tx: SqlExecutor, client: PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A connection dying while checked out emits 'error' here (unhandled it would crash the
    // process); the statement in flight rejects too, and that is what the caller sees.
    const onLost = () => {
      broken = true;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await work(executorOf(client), client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }
}
