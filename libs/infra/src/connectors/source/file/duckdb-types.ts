import type { ColumnSchema, LogicalType } from '@sensei/domain';

const byName: Record<string, LogicalType> = {
  BOOLEAN: 'boolean',
  TINYINT: 'smallint',
  SMALLINT: 'smallint',
  UTINYINT: 'smallint',
  INTEGER: 'integer',
  USMALLINT: 'integer',
  BIGINT: 'bigint',
  UINTEGER: 'bigint',
  HUGEINT: 'decimal',
  UBIGINT: 'decimal',
  UHUGEINT: 'decimal',
  FLOAT: 'real',
  DOUBLE: 'double',
  VARCHAR: 'text',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  TIMESTAMP_S: 'timestamp',
  TIMESTAMP_MS: 'timestamp',
  TIMESTAMP_NS: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  INTERVAL: 'interval',
  BLOB: 'bytes',
  JSON: 'json',
  UUID: 'uuid',
};

export const duckdbColumnType = (
  columnType: string,
): Pick<ColumnSchema, 'type' | 'precision' | 'scale'> => {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(columnType);
  if (decimal) return { type: 'decimal', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  return { type: byName[columnType] ?? 'unknown' };
};

/**
 * Types DuckDB's JS conversion would hand out as bigint, lossy number or Date: read them as
 * VARCHAR and let source-values spell them in the port's convention.
 */
const readAsText = new Set<LogicalType>([
  'bigint',
  'decimal',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'json',
  'uuid',
  'unknown',
]);

export const duckdbSelectExpression = (quotedName: string, type: LogicalType): string =>
  readAsText.has(type) ? `CAST(${quotedName} AS VARCHAR) AS ${quotedName}` : quotedName;
