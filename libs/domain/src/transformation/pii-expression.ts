import type { ColumnSchema } from '../catalog/catalog';
import { SenseiError } from '../shared/sensei-error';
import type { PiiAction } from '../ingestion/pii-policy';
import { castTo, quoteString } from './duckdb-sql';

const sha256HexLength = 64;

const invalid = (message: string, target: string) =>
  new SenseiError('VALIDATION.FAILED', message, { field: 'piiPolicy', target });

/**
 * DuckDB renderings of the PII actions (policy types live in ingestion): `mask` keeps the value's
 * shape (length, punctuation) but turns every letter into `x` and every digit into `9`; `hash`
 * is the SHA-256 hex digest, so equal inputs stay equal and joins and distinct counts survive.
 * Wraps `value` (a DuckDB expression) in the action's function; `drop` is the caller's.
 */
export const protectedValue = (
  value: string,
  action: Exclude<PiiAction, 'drop'>,
  target: ColumnSchema,
  targetName: string,
): string => {
  if (action === 'keep') return value;
  if (target.type !== 'text') {
    throw invalid(
      `cannot ${action} into ${targetName}: it is ${target.type}, not text`,
      targetName,
    );
  }
  const text = castTo(value, 'VARCHAR');
  if (action === 'mask') {
    const letters = `regexp_replace(${text}, ${quoteString('\\p{L}')}, 'x', 'g')`;
    return `regexp_replace(${letters}, ${quoteString('\\p{N}')}, '9', 'g')`;
  }
  if (target.maxLength !== undefined && target.maxLength < sha256HexLength) {
    throw invalid(
      `cannot hash into ${targetName}: a SHA-256 hex digest needs 64 characters, it holds ${target.maxLength}`,
      targetName,
    );
  }
  return `sha256(${text})`;
};
