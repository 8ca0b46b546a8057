import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

/**
 * Runs SQL on the verification connection one statement at a time and keeps every statement,
 * so a method reports how many it ran and its evidence shows exactly what they were.
 */
export class StatementLog {
  readonly statements: string[] = [];

  constructor(readonly connection: DuckDBConnection) {}

  /** Runs one statement and returns its rows and its index in the log. */
  async rows(
    sql: string,
  ): Promise<{ rows: DuckDBValue[][]; columns: string[]; statement: number }> {
    const statement = this.record(sql);
    const reader = await this.connection.runAndReadAll(sql);
    return { rows: reader.getRows(), columns: reader.columnNames(), statement };
  }

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
}
