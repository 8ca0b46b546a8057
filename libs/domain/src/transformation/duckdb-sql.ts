import type { ColumnSchema } from '../catalog/catalog';

/** DuckDB's DECIMAL holds at most 38 digits. */
const maxDecimalPrecision = 38;

/**
 * The DuckDB (and so Parquet) type a column's values are stored and cast as, for partitions and
 * transformed output alike. Text length is not part of it (DuckDB ignores VARCHAR(n)); lengths
 * are checked at compile time instead. Where DuckDB has no exact equivalent the value stays
 * text, never approximated: unbounded or over-wide decimals, `interval` (PostgreSQL and DuckDB
 * spell intervals differently), `json`, `unknown`; the target parses the exact text on delivery.
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
    case 'bytes':
      return 'BLOB';
    case 'uuid':
      return 'UUID';
    case 'text':
    case 'interval':
    case 'json':
    case 'unknown':
      return 'VARCHAR';
  }
};

export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteString = (value: string): string => `'${value.replace(/'/g, "''")}'`;

export const castTo = (expression: string, duckdbType: string): string =>
  `CAST(${expression} AS ${duckdbType})`;
