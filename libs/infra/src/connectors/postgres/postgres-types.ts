import type { ColumnSchema, LogicalType } from '@sensei/domain';

/** PostgreSQL base type names (`pg_type.typname`) -> engine-neutral logical types. */
const logicalByTypeName: Record<string, LogicalType> = {
  bool: 'boolean',
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  oid: 'bigint',
  numeric: 'decimal',
  money: 'decimal',
  float4: 'real',
  float8: 'double',
  text: 'text',
  varchar: 'text',
  bpchar: 'text',
  char: 'text',
  name: 'text',
  citext: 'text',
  xml: 'text',
  inet: 'text',
  cidr: 'text',
  macaddr: 'text',
  date: 'date',
  time: 'time',
  timetz: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  interval: 'interval',
  bytea: 'bytes',
  json: 'json',
  jsonb: 'json',
  uuid: 'uuid',
};

export interface PostgresColumnType {
  /** Base type name after resolving domains. */
  typeName: string;
  /** `pg_type.typtype`: `b` base, `e` enum, `d` domain... */
  typeKind: string;
  typmod: number;
}

export const postgresLogicalType = ({ typeName, typeKind }: PostgresColumnType): LogicalType =>
  typeKind === 'e' ? 'text' : (logicalByTypeName[typeName] ?? 'unknown');

/** Length, precision and scale are packed into `atttypmod` (offset by the 4-byte header). */
export const postgresTypeModifiers = (
  column: PostgresColumnType,
): Pick<ColumnSchema, 'maxLength' | 'precision' | 'scale'> => {
  if (column.typmod < 4) return {};
  const packed = column.typmod - 4;
  if (['varchar', 'bpchar'].includes(column.typeName)) return { maxLength: packed };
  if (column.typeName === 'numeric')
    return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff };
  return {};
};
