import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteString } from '@sensei/domain';
import { displayValue } from '../compare-values';

/** SQL quoting is the transformation compiler's own (DuckDB dialect); values print as replay's. */
export { quoteIdentifier, quoteString } from '@sensei/domain';
export { displayValue, jsonValue } from '../compare-values';

/** A JSON scalar from a config as a DuckDB literal; anything else is refused by validation. */
export const sqlLiteral = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return quoteString(value);
  throw new Error(`not a scalar: ${JSON.stringify(value)}`);
};

/** `a=1, b="x"`: how a key is named in messages. */
export const displayKey = (columns: readonly string[], row: Record<string, unknown>): string =>
  columns.map((column) => `${column}=${displayValue(row[column])}`).join(', ');

/** Counts the statements a method runs, for `MethodResult.statementCount`. */
export class StatementRunner {
  statements = 0;

  constructor(readonly connection: DuckDBConnection) {}

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    this.statements += 1;
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjects();
  }

  async run(sql: string): Promise<void> {
    this.statements += 1;
    await this.connection.run(sql);
  }

  /** Column name -> DuckDB type of a relation, in its order. */
  async columnTypes(relation: string): Promise<Map<string, string>> {
    const rows = await this.rows(`DESCRIBE SELECT * FROM ${relation}`);
    return new Map(rows.map((row) => [String(row.column_name), String(row.column_type)]));
  }
}
