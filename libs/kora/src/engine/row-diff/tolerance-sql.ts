import type { Tolerances } from '../verification-input';

type TypeFamily = 'integer' | 'decimal' | 'float' | 'timestamp' | 'date' | 'string' | 'other';

export const typeFamily = (duckdbType: string): TypeFamily => {
  const type = duckdbType.toUpperCase();
  if (/^(HUGEINT|UHUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT)$/.test(type)) return 'integer';
  if (/^(DECIMAL|NUMERIC)/.test(type)) return 'decimal';
  if (/^(DOUBLE|FLOAT|REAL)/.test(type)) return 'float';
  if (type.startsWith('TIMESTAMP')) return 'timestamp';
  if (type === 'DATE') return 'date';
  if (type === 'VARCHAR' || type.startsWith('VARCHAR(')) return 'string';
  return 'other';
};

const scaleOf = (duckdbType: string) => Number(/,\s*(\d+)\)/.exec(duckdbType)?.[1] ?? 0);

/**
 * How one column compares across the two sides. `hashed` feeds the segment checksums: values
 * equal within the tolerances usually hash alike, and values that differ beyond them never do
 * (a same bucket implies a distance below the tolerance). Buckets only pre-filter: rows whose
 * hashes differ are compared again with `equal`, the exact tolerance predicate, so values on
 * either side of a bucket boundary still pass.
 */
export interface ColumnComparison {
  column: string;
  /** e.g. `numeric ±0.0001`, for the evidence. */
  rule: string;
  hashed: (ref: string) => string;
  /** True when equal within the tolerances; NULL equals only NULL; never NULL itself. */
  equal: (expected: string, target: string) => string;
}

const sameOrCast = (expectedType: string, targetType: string, castTo: string) => (ref: string) =>
  expectedType === targetType ? ref : `CAST(${ref} AS ${castTo})`;

/** Keys and columns without a tolerance: exact, across differing types by a common type. */
export const exactComparison = (
  column: string,
  expectedType: string,
  targetType: string,
): ColumnComparison => {
  const numeric = (type: string) => ['integer', 'decimal'].includes(typeFamily(type));
  const common =
    numeric(expectedType) && numeric(targetType)
      ? `DECIMAL(38, ${Math.max(scaleOf(expectedType), scaleOf(targetType))})`
      : 'VARCHAR';
  const canonical = sameOrCast(expectedType, targetType, common);
  return {
    column,
    rule: 'exact',
    hashed: canonical,
    equal: (a, b) => `(${canonical(a)} IS NOT DISTINCT FROM ${canonical(b)})`,
  };
};

const numericComparison = (
  column: string,
  expectedType: string,
  targetType: string,
  eps: number,
): ColumnComparison => {
  const withinEps = (a: string, b: string, cast: string) =>
    `coalesce(${a} IS NOT DISTINCT FROM ${b} OR abs(CAST(${a} AS ${cast}) - CAST(${b} AS ${cast})) <= CAST(${eps} AS DOUBLE), false)`;
  const rule = `numeric ±${eps}`;
  if (typeFamily(expectedType) === 'float' || typeFamily(targetType) === 'float') {
    // `+ 0.0` folds -0.0 into 0.0, which DuckDB hashes differently.
    const bucket = eps > 0 ? (x: string) => `round(${x} / ${eps})` : (x: string) => x;
    return {
      column,
      rule,
      hashed: (ref) => `(${bucket(`CAST(${ref} AS DOUBLE)`)} + 0.0)`,
      equal: (a, b) => withinEps(a, b, 'DOUBLE'),
    };
  }
  // Integers and decimals hash exactly: a double bucket would merge distinct large values, and
  // exact hashing only sends more rows to the tolerance predicate, never fewer.
  const exact = exactComparison(column, expectedType, targetType);
  const wide = `DECIMAL(38, ${Math.max(scaleOf(expectedType), scaleOf(targetType))})`;
  return { column, rule, hashed: exact.hashed, equal: (a, b) => withinEps(a, b, wide) };
};

const timestampComparison = (column: string, toleranceMs: number): ColumnComparison => {
  const toleranceUs = Math.round(toleranceMs * 1000);
  return {
    column,
    rule: `timestamp ±${toleranceMs} ms`,
    // Floor, not `//` (which truncates towards zero and would make the bucket at 0 twice as wide).
    hashed: (ref) =>
      toleranceUs > 0 ? `floor(epoch_us(${ref}) / ${toleranceUs})` : `epoch_us(${ref})`,
    equal: (a, b) =>
      `coalesce(epoch_us(${a}) IS NOT DISTINCT FROM epoch_us(${b}) OR abs(epoch_us(${a}) - epoch_us(${b})) <= ${toleranceUs}, false)`,
  };
};

const whitespace = ["' '", "E'\\t'", "E'\\n'", "E'\\r'"];

/**
 * Trim (spaces, tabs, line breaks), case fold, Unicode NFC. Guarded so that the common case
 * pays for neither: trim only when an end is whitespace, NFC only when a character is not ASCII
 * (byte length differs from character length); unguarded it is three times slower.
 */
export const normalizedText = (ref: string): string => {
  const text = `CAST(${ref} AS VARCHAR)`;
  const endsInSpace = whitespace.map((c) => `suffix(${text}, ${c})`).join(' OR ');
  const trimmed = `CASE WHEN ord(${text}) <= 32 OR ${endsInSpace} THEN trim(${text}, E' \\t\\r\\n') ELSE ${text} END`;
  const folded = `lower(${trimmed})`;
  return `CASE WHEN strlen(${folded}) = length(${folded}) THEN ${folded} ELSE nfc_normalize(${folded}) END`;
};

/** The comparison for one column from the DuckDB types it has on each side. */
export const toleranceComparison = (
  column: string,
  expectedType: string,
  targetType: string,
  tolerances: Tolerances,
): ColumnComparison => {
  const families = new Set([typeFamily(expectedType), typeFamily(targetType)]);
  const only = (...allowed: TypeFamily[]) => [...families].every((f) => allowed.includes(f));
  if (only('integer', 'decimal', 'float'))
    return numericComparison(column, expectedType, targetType, tolerances.numericEpsilon);
  if (families.has('timestamp') && only('timestamp', 'date'))
    return timestampComparison(column, tolerances.timestampToleranceMs);
  if (only('string') && tolerances.stringMode === 'normalized')
    return {
      column,
      rule: 'text normalized (trim, case fold, NFC)',
      hashed: normalizedText,
      equal: (a, b) => `(${normalizedText(a)} IS NOT DISTINCT FROM ${normalizedText(b)})`,
    };
  return exactComparison(column, expectedType, targetType);
};
