import type { ColumnSchema, LogicalType } from '../catalog/catalog';
import type { ColumnProfileLike } from './column-profile';
import { hasValues } from './column-profile';

/**
 * lossless: same type and bounds. widening: every source value fits (int -> bigint, date ->
 * timestamp, anything -> unbounded text). lossy: some values may not fit or lose precision.
 * incompatible: no meaningful conversion (boolean -> date).
 */
export type TypeCompatibility = 'lossless' | 'widening' | 'lossy' | 'incompatible';

export interface TypeEvidence {
  compatibility: TypeCompatibility;
  reason: string;
}

const integerDigits: Partial<Record<LogicalType, number>> = {
  smallint: 5,
  integer: 10,
  bigint: 19,
};
const integerRange: Partial<Record<LogicalType, number>> = {
  smallint: 32767,
  integer: 2147483647,
  bigint: Number.MAX_SAFE_INTEGER,
};
const isInteger = (t: LogicalType) => t in integerDigits;
const isFloat = (t: LogicalType) => t === 'real' || t === 'double';
const isTemporal = (t: LogicalType) => t === 'date' || t === 'timestamp' || t === 'timestamptz';

/** Widening pairs between different logical types, beyond integer and decimal sizing. */
const wideningPairs = new Set([
  'real>double',
  'boolean>smallint',
  'boolean>integer',
  'boolean>bigint',
  'date>timestamp',
  'date>timestamptz',
  'timestamp>timestamptz',
  'smallint>real',
  'smallint>double',
  'integer>double',
]);

const verdict = (compatibility: TypeCompatibility, reason: string): TypeEvidence => ({
  compatibility,
  reason,
});

/** Declared types may say "might overflow" where the profiled values say "never did". */
const profiledWithin = (limit: number | undefined, profile?: ColumnProfileLike): boolean => {
  if (limit === undefined || !hasValues(profile)) return false;
  const bounds = [Number(profile.min), Number(profile.max)];
  return bounds.every((v) => Number.isFinite(v) && Number.isInteger(v) && Math.abs(v) <= limit);
};

const textLength = (s: ColumnSchema, t: ColumnSchema, profile?: ColumnProfileLike) => {
  if (t.maxLength === undefined)
    return verdict(s.maxLength === undefined ? 'lossless' : 'widening', 'text into unbounded text');
  if (s.maxLength !== undefined && s.maxLength <= t.maxLength) {
    return verdict(
      s.maxLength === t.maxLength ? 'lossless' : 'widening',
      `text(${s.maxLength}) into text(${t.maxLength})`,
    );
  }
  if (profile?.maxLength !== undefined && profile.maxLength <= t.maxLength) {
    return verdict(
      'widening',
      `longest profiled value (${profile.maxLength}) fits text(${t.maxLength})`,
    );
  }
  return verdict('lossy', `text(${s.maxLength ?? 'unbounded'}) may not fit text(${t.maxLength})`);
};

const decimalFit = (s: ColumnSchema, t: ColumnSchema) => {
  const [sp, ss, tp, ts] = [s.precision ?? 38, s.scale ?? 0, t.precision ?? 38, t.scale ?? 0];
  if (sp === tp && ss === ts) return verdict('lossless', `decimal(${sp},${ss}) into the same`);
  if (tp - ts >= sp - ss && ts >= ss)
    return verdict('widening', `decimal(${sp},${ss}) into decimal(${tp},${ts})`);
  return verdict('lossy', `decimal(${sp},${ss}) may not fit decimal(${tp},${ts})`);
};

/** How safely the source column's values convert to the target column's type. */
export const typeCompatibility = (
  s: ColumnSchema,
  t: ColumnSchema,
  sourceProfile?: ColumnProfileLike,
): TypeEvidence => {
  const [from, to] = [s.type, t.type];
  if (from === 'unknown' || to === 'unknown')
    return verdict('lossy', `${from} -> ${to}: type unknown`);
  if (to === 'text' && from !== 'bytes')
    return from === 'text'
      ? textLength(s, t, sourceProfile)
      : verdict(t.maxLength === undefined ? 'widening' : 'lossy', `${from} rendered as text`);
  if (from === 'decimal' && to === 'decimal') return decimalFit(s, t);
  if (from === to) return verdict('lossless', `both ${from}`);
  if (isInteger(from) && isInteger(to)) {
    if ((integerDigits[from] ?? 0) <= (integerDigits[to] ?? 0))
      return verdict('widening', `${from} into ${to}`);
    return profiledWithin(integerRange[to], sourceProfile)
      ? verdict('widening', `${from} into ${to}: profiled min/max fit`)
      : verdict('lossy', `${from} may overflow ${to}`);
  }
  if (isInteger(from) && to === 'decimal') {
    const room = (t.precision ?? 38) - (t.scale ?? 0);
    return room >= (integerDigits[from] ?? 19) || profiledWithin(10 ** room - 1, sourceProfile)
      ? verdict('widening', `${from} into decimal`)
      : verdict('lossy', `${from} may overflow decimal(${t.precision},${t.scale})`);
  }
  if (wideningPairs.has(`${from}>${to}`)) return verdict('widening', `${from} into ${to}`);
  const numeric = (x: LogicalType) => isInteger(x) || isFloat(x) || x === 'decimal';
  if (numeric(from) && numeric(to))
    return verdict('lossy', `${from} into ${to} may lose precision`);
  if (isTemporal(from) && isTemporal(to))
    return verdict('lossy', `${from} into ${to} drops part of the value`);
  if (from === 'text') return verdict('lossy', `text parsed as ${to}; unparsable values fail`);
  if (isInteger(from) && to === 'boolean') return verdict('lossy', `${from} read as boolean`);
  return verdict('incompatible', `${from} has no meaningful conversion to ${to}`);
};
