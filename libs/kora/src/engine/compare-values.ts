import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
} from '@duckdb/node-api';
import type { Tolerances } from './verification-input';

/** DuckDB's value classes all write themselves: decimal digits, timestamps as DuckDB does. */
const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null
    ? (value as { toString(): string }).toString()
    : String(value);

/** A DuckDB value read as exact digits: `digits / 10^scale`. */
interface ExactNumber {
  digits: bigint;
  scale: number;
}

const exactNumberOf = (value: unknown): ExactNumber | undefined => {
  if (typeof value === 'bigint') return { digits: value, scale: 0 };
  if (value instanceof DuckDBDecimalValue) return { digits: value.value, scale: value.scale };
  return undefined;
};

/** Microseconds since the epoch for every DuckDB date and timestamp flavour. */
export const instantMicrosOf = (value: unknown): bigint | undefined => {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    return value.micros;
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis * 1000n;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1_000_000n;
  if (value instanceof DuckDBTimestampNanosecondsValue) return value.nanos / 1000n;
  if (value instanceof DuckDBDateValue) return BigInt(value.days) * 86_400_000_000n;
  return undefined;
};

const isNumeric = (value: unknown) =>
  typeof value === 'number' || exactNumberOf(value) !== undefined;

/**
 * |a - b| for two numeric values. Two exact values (BIGINT, HUGEINT, DECIMAL) subtract in
 * bigint arithmetic at a common scale, so sums beyond 2^53 lose nothing before the tolerance
 * test; a DOUBLE on either side makes the difference a double.
 */
const numericDistance = (a: unknown, b: unknown): number => {
  const exactA = exactNumberOf(a);
  const exactB = exactNumberOf(b);
  if (exactA && exactB) {
    const scale = Math.max(exactA.scale, exactB.scale);
    const diff =
      exactA.digits * 10n ** BigInt(scale - exactA.scale) -
      exactB.digits * 10n ** BigInt(scale - exactB.scale);
    return Math.abs(Number(diff)) / 10 ** scale;
  }
  const x = Number(textOf(a));
  const y = Number(textOf(b));
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
  if (x === y) return 0;
  return Math.abs(x - y);
};

export const normalizeString = (text: string): string => text.trim().toLowerCase().normalize('NFC');

/** Whether two values read from DuckDB are the same within the tolerances; null equals only null. */
export const valuesMatch = (a: unknown, b: unknown, tolerances: Tolerances): boolean => {
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === (b ?? null);
  if (isNumeric(a) && isNumeric(b)) return numericDistance(a, b) <= tolerances.numericEpsilon;
  const instantA = instantMicrosOf(a);
  const instantB = instantMicrosOf(b);
  if (instantA !== undefined && instantB !== undefined) {
    const diff = instantA > instantB ? instantA - instantB : instantB - instantA;
    return Number(diff) <= tolerances.timestampToleranceMs * 1000;
  }
  if (typeof a === 'string' && typeof b === 'string')
    return tolerances.stringMode === 'normalized'
      ? normalizeString(a) === normalizeString(b)
      : a === b;
  return displayValue(a) === displayValue(b);
};

/** A value as a certificate reader should see it: SQL NULL, strings quoted so a trailing space shows. */
export const displayValue = (value: unknown): string => {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return JSON.stringify(value);
  return textOf(value);
};

/**
 * A JSON-able form for evidence: exact numbers and timestamps as DuckDB writes them, integers
 * that fit a double as numbers.
 */
export const jsonValue = (value: unknown): unknown => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  return textOf(value);
};

/** Orders values of one column for canonical row sorting: nulls first, numbers by value. */
export const compareForSort = (a: unknown, b: unknown, tolerances: Tolerances): number => {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (isNumeric(a) && isNumeric(b)) {
    const x = Number(textOf(a));
    const y = Number(textOf(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const instantA = instantMicrosOf(a);
  const instantB = instantMicrosOf(b);
  if (instantA !== undefined && instantB !== undefined)
    return instantA < instantB ? -1 : instantA > instantB ? 1 : 0;
  const textA =
    typeof a === 'string' && tolerances.stringMode === 'normalized'
      ? normalizeString(a)
      : displayValue(a);
  const textB =
    typeof b === 'string' && tolerances.stringMode === 'normalized'
      ? normalizeString(b)
      : displayValue(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
};
