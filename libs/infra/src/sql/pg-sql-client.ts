import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { SqlClient, SqlExecutor, SqlRows } from './sql-client';
import { describePostgresTarget, type PostgresTarget } from './postgres-target';
import { rethrowPostgresError } from './postgres-unavailable';
import { PgNotificationListener } from './pg-notification-listener';

export interface PgSqlClientOptions {
  /** Pool size (default 10). */
  max?: number;
  /** Fail a connection attempt after this long instead of hanging (default 5000 ms). */
  connectionTimeoutMillis?: number;
  /** Extra `pg.Pool` settings; the connection string always wins. */
  pool?: PoolConfig;
}

/** `SqlClient` over a `pg.Pool`: the production PostgreSQL adapter. */
export class PgSqlClient implements SqlClient {
  readonly description: string;
  private readonly target: PostgresTarget;
  private readonly pool: Pool;
  private readonly listener: PgNotificationListener;

  constructor(connectionString: string, options: PgSqlClientOptions = {}) {
    this.target = describePostgresTarget(connectionString);
    this.description = this.target.description;
    this.pool = new Pool({
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
      ...options.pool,
      connectionString,
    });
    // An idle client dying (server restart) is reported here; without a handler it kills the
    // process. The next query gets a fresh connection or a clear UNAVAILABLE error.
    this.pool.on('error', () => undefined);
    this.listener = new PgNotificationListener(connectionString, this.target, {
      connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5000,
    });
  }

  async query<Row = Record<string, unknown>>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<SqlRows<Row>> {
    try {
      const result = await this.pool.query(sql, params as unknown[]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    } catch (error) {
      return rethrowPostgresError(error, this.target);
    }
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool
      .connect()
      .catch((error) => rethrowPostgresError(error, this.target));
    let broken = false;
    // A connection that dies while checked out emits 'error' on the client (unhandled, it would
    // crash the process); the query in flight rejects as well, and that is what we report.
    const onLost = () => {
      broken = true;
    };
    client.on('error', onLost);
    try {
      await client.query('BEGIN');
      const result = await work(this.executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      return rethrowPostgresError(error, this.target);
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.listener.listen(channel, onNotify);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.pool.end();
  }

  private executor(client: PoolClient): SqlExecutor {
    return {
      query: async <Row>(sql: string, params: readonly unknown[] = []) => {
        const result = await client.query(sql, params as unknown[]);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      },
    };
  }
}
