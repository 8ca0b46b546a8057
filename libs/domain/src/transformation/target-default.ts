import type { ColumnSchema } from '../catalog/catalog';
import { quoteString } from './duckdb-sql';

/**
 * The target default as a DuckDB literal when it is a constant (`0`, `'active'::character
 * varying`, `true`). Anything else (`now()`, `nextval(...)`) is left to the target database on
 * delivery: evaluating it here would make the output depend on when it ran.
 */
export const constantDefault = (column: ColumnSchema): string | undefined => {
  const raw = column.defaultExpression?.trim();
  if (raw === undefined) return undefined;
  const bare = raw.replace(/^\((.*)\)$/s, '$1').replace(/::[a-z ]+(\(\d+(,\s*\d+)?\))?$/i, '');
  if (/^-?\d+(\.\d+)?$/.test(bare)) return bare;
  if (/^(true|false|null)$/i.test(bare)) return bare.toUpperCase();
  const quoted = /^'((?:[^']|'')*)'$/s.exec(bare);
  return quoted ? quoteString((quoted[1] ?? '').replace(/''/g, "'")) : undefined;
};
