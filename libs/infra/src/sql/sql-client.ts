/**
 * The PostgreSQL dialect is shared by PGlite and PostgreSQL, so one SQL implementation (event
 * store, checkpoints, idempotency keys, API keys, read models) serves both through this port.
 */
export interface SqlRows<Row> {
  rows: Row[];
  rowCount: number;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<SqlRows<Row>>;
}

export interface SqlClient extends SqlExecutor {
  /** Runs `work` in one transaction: commit on resolve, rollback on reject. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Short description for logs and /readyz, never containing a password. */
  readonly description: string;
  /**
   * Calls `onNotify` for each NOTIFY on `channel` (pg_notify), so tailing readers wake at once
   * instead of waiting for their next poll. Optional: a client without it is polled.
   * Resolves to a function that stops listening.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
