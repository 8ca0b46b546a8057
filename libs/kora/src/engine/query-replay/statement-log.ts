import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Runs SQL on the verification connections and keeps every statement, so a method reports how
 * many it ran and its evidence shows exactly what they were. A statement's index is taken when
 * it is asked for, so statements asked for in a fixed order keep their indices however they
 * are scheduled. Reads spread over the idle connections: on small relations a DuckDB statement
 * waits more than it computes, and two in flight finish in about half the time (measured).
 */
export class StatementLog {
  readonly statements: string[] = [];
  private readonly idle: DuckDBConnection[];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];

  constructor(
    readonly connection: DuckDBConnection,
    readers: readonly DuckDBConnection[] = [],
  ) {
    this.idle = [connection, ...readers];
  }

  /** Runs one read-only statement and returns its rows and its index in the log. */
  async rows(
    sql: string,
  ): Promise<{ rows: DuckDBValue[][]; columns: string[]; statement: number }> {
    const statement = this.record(sql);
    const connection = await this.acquire();
    try {
      const reader = await connection.runAndReadAll(sql);
      return { rows: reader.getRows(), columns: reader.columnNames(), statement };
    } finally {
      this.releaseConnection(connection);
    }
  }

  /** Runs a statement that changes the catalog, on the main connection. */
  async run(sql: string): Promise<void> {
    this.record(sql);
    await this.connection.run(sql);
  }

  /** Notes a statement run by other means (a prepared user query). */
  record(sql: string): number {
    this.statements.push(sql);
    return this.statements.length - 1;
  }

  get count(): number {
    return this.statements.length;
  }

  private acquire(): Promise<DuckDBConnection> {
    const connection = this.idle.pop();
    return connection
      ? Promise.resolve(connection)
      : new Promise((give) => this.waiting.push(give));
  }

  private releaseConnection(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}
