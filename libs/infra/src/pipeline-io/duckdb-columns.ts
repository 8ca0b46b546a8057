import type { DuckDBAppender } from '@duckdb/node-api';
import { type ColumnSchema, duckdbTypeOf } from '@sensei/domain';

/** One rule for stored partitions and transformed output: the domain's. */
export const duckDbTypeOf = (column: ColumnSchema): string => duckdbTypeOf(column);

/**
 * The type of the column in the staging table the appender fills. timestamptz is staged as text
 * and cast in SQL, because the appender's own text-to-timestamptz conversion drops the offset
 * (`10:00+02` became `10:00+00` in DuckDB 1.5.5) while SQL's cast honours it.
 */
export const stagingTypeOf = (column: ColumnSchema): string =>
  column.type === 'timestamptz' ? 'VARCHAR' : duckDbTypeOf(column);

/** Raised for a value that cannot be stored exactly as its column's type. */
export class InvalidColumnValue extends Error {}

const invalid = (column: ColumnSchema, value: unknown, why: string): never => {
  const shown = typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
  throw new InvalidColumnValue(`${column.name} (${column.type}): ${shown ?? String(value)} ${why}`);
};

const utcIso = (date: Date) => date.toISOString();

const asInteger = (column: ColumnSchema, value: unknown): number => {
  const number = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number))
    invalid(column, value, 'is not an integer');
  return number as number;
};

const asBoolean = (column: ColumnSchema, value: unknown): boolean => {
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['t', 'true', '1', 'y', 'yes', 'on'].includes(text)) return true;
  if (['f', 'false', '0', 'n', 'no', 'off'].includes(text)) return false;
  return invalid(column, value, 'is not a boolean');
};

const asDecimalText = (column: ColumnSchema, value: unknown): string => {
  const text = typeof value === 'string' ? value.trim() : String(value);
  const plain = /^[+-]?(\d+\.?\d*|\.\d+)$/.exec(text);
  if (!plain && !/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text))
    invalid(column, value, 'is not a number');
  // DuckDB rounds extra fraction digits away; refuse instead of silently changing the value.
  const fraction = plain ? (text.split('.')[1] ?? '').replace(/0+$/, '') : '';
  if (column.scale !== undefined && fraction.length > column.scale) {
    invalid(column, value, `has more than ${column.scale} decimal places`);
  }
  return text;
};

const asBytes = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) return value;
  const text = String(value);
  // Postgres' text form of bytea is `\x` + hex.
  return text.startsWith('\\x') ? Buffer.from(text.slice(2), 'hex') : Buffer.from(text, 'utf8');
};

const asText = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) return utcIso(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return JSON.stringify(value);
};

/**
 * Appends one value of `column` (null and undefined are SQL NULL). Accepted: number, string,
 * bigint, boolean, Date, Buffer/Uint8Array, and plain objects for json. A Date for a date or a
 * timestamp without time zone is read in UTC; connectors that need another zone pass text.
 */
export const appendColumnValue = (
  appender: DuckDBAppender,
  column: ColumnSchema,
  value: unknown,
): void => {
  if (value === null || value === undefined) return appender.appendNull();
  if (duckDbTypeOf(column) === 'VARCHAR') {
    return appender.appendVarchar(
      column.type === 'decimal' ? asDecimalText(column, value) : asText(value),
    );
  }
  switch (column.type) {
    case 'boolean':
      return appender.appendBoolean(asBoolean(column, value));
    case 'smallint':
      return appender.appendSmallInt(asInteger(column, value));
    case 'integer':
      return appender.appendInteger(asInteger(column, value));
    case 'bigint':
      return appender.appendBigInt(typeof value === 'bigint' ? value : BigInt(asText(value)));
    case 'decimal':
      return appender.appendVarchar(asDecimalText(column, value));
    case 'real':
    case 'double': {
      const number = typeof value === 'number' ? value : Number(asText(value));
      if (Number.isNaN(number) && !/^nan$/i.test(asText(value)))
        invalid(column, value, 'is not a number');
      return column.type === 'real' ? appender.appendFloat(number) : appender.appendDouble(number);
    }
    case 'bytes':
      return appender.appendBlob(asBytes(value));
    case 'date':
      return appender.appendVarchar(
        value instanceof Date ? utcIso(value).slice(0, 10) : asText(value),
      );
    case 'timestamp':
      return appender.appendVarchar(
        value instanceof Date ? utcIso(value).replace('T', ' ').replace('Z', '') : asText(value),
      );
    default:
      return appender.appendVarchar(asText(value));
  }
};
