import type { DuckDBConnection } from '@duckdb/node-api';

/** SQL text helpers for KORA's DuckDB statements (KORA may not import infra's). */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

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

/** DuckDB's value classes (decimals, timestamps, lists) print themselves as DuckDB writes them. */
interface PrintedByDuckDb {
  toString(): string;
}
const printed = (value: unknown) => (value as PrintedByDuckDb).toString();

/** A value read from DuckDB as a reader should see it; strings quoted so a trailing space shows. */
export const displayValue = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return JSON.stringify(value);
  return printed(value);
};

/** A value read from DuckDB in a JSON-able form for evidence documents. */
export const jsonValue = (value: unknown): unknown => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return printed(value);
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
