import type { ColumnSchema } from '../catalog/catalog';

/** DuckDB's DECIMAL holds at most 38 digits. */
const maxDecimalPrecision = 38;

/**
 * The DuckDB type a target column's values are cast to. Text length is not part of it (DuckDB
 * ignores VARCHAR(n)); lengths are checked at compile time instead. Unbounded or over-wide
 * decimals and JSON stay VARCHAR so no digit is rounded and no extension is needed; the target
 * database parses the exact text on delivery.
 */
export const duckdbTypeOf = (
  column: Pick<ColumnSchema, 'type' | 'precision' | 'scale'>,
): string => {
  switch (column.type) {
    case 'boolean':
      return 'BOOLEAN';
    case 'smallint':
      return 'SMALLINT';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'decimal':
      return column.precision !== undefined && column.precision <= maxDecimalPrecision
        ? `DECIMAL(${column.precision},${column.scale ?? 0})`
        : 'VARCHAR';
    case 'real':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'interval':
      return 'INTERVAL';
    case 'bytes':
      return 'BLOB';
    case 'uuid':
      return 'UUID';
    case 'text':
    case 'json':
    case 'unknown':
      return 'VARCHAR';
  }
};

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export const castTo = (expression: string, duckdbType: string): string =>
  `CAST(${expression} AS ${duckdbType})`;
