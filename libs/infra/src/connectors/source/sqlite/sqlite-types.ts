import type { ColumnSchema, LogicalType } from '@sensei/domain';

/**
 * SQLite declares types freely (`NVARCHAR(40)`, `DATETIME`, none at all); this follows its
 * affinity rules (https://sqlite.org/datatype3.html §3.1) and then refines by well-known names,
 * so a `DATETIME` column is a timestamp, not merely NUMERIC affinity.
 */
const byName: [RegExp, LogicalType][] = [
  [/^BOOL/, 'boolean'],
  [/^BIGINT|^INT8|^UNSIGNED BIG INT/, 'bigint'],
  [/^SMALLINT|^TINYINT|^INT2/, 'smallint'],
  [/INT/, 'integer'],
  [/^DATETIME|^TIMESTAMP/, 'timestamp'],
  [/^DATE/, 'date'],
  [/^TIME/, 'time'],
  [/^JSON/, 'json'],
  [/^UUID/, 'uuid'],
  [/CHAR|CLOB|TEXT/, 'text'],
  [/BLOB/, 'bytes'],
  [/^FLOAT|^REAL|^DOUBLE|FLOA|DOUB/, 'double'],
  [/^NUMERIC|^DECIMAL/, 'decimal'],
];

export const sqliteColumnType = (
  declared: string,
): Pick<ColumnSchema, 'type' | 'maxLength' | 'precision' | 'scale'> => {
  const upper = declared.trim().toUpperCase();
  if (upper === '') return { type: 'unknown' };
  const type = byName.find(([pattern]) => pattern.test(upper))?.[1] ?? 'decimal';
  const size = /\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)/.exec(upper);
  if (type === 'text' && size?.[1]) return { type, maxLength: Number(size[1]) };
  if (type === 'decimal' && size?.[1]) {
    return { type, precision: Number(size[1]), scale: Number(size[2] ?? 0) };
  }
  return { type };
};
