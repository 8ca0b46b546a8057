import { formatPattern } from './format-pattern';

export interface ValueCount {
  value: string;
  count: number;
}

export interface ColumnProfile {
  column: string;
  /** Rows looked at. */
  sampled: number;
  nullCount: number;
  /** nullCount / sampled (0 for an empty sample). */
  nullRatio: number;
  distinctCount: number;
  /** Smallest and largest value: numerically for numbers, else by text (code-point order). */
  min?: string | number;
  max?: string | number;
  /** For text: shortest and longest length in characters. */
  minLength?: number;
  maxLength?: number;
  /** Most frequent values, most frequent first (ties by value). */
  topValues: ValueCount[];
  /** Most frequent format patterns of text values (see formatPattern). */
  patterns: ValueCount[];
}

export interface ProfileOptions {
  /** How many top values and patterns to keep (default 5). */
  top?: number;
}

/** Text a profile can show and compare, for any value a source hands out. */
const asText = (value: unknown): string => {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return JSON.stringify(value) ?? String(value);
};

const topOf = (counts: Map<string, number>, top: number): ValueCount[] =>
  [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, top)
    .map(([value, count]) => ({ value, count }));

const increment = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);

/** Profiles one column from its sampled values (nulls and undefined count as null). */
export const profileColumn = (
  column: string,
  values: readonly unknown[],
  options: ProfileOptions = {},
): ColumnProfile => {
  const top = options.top ?? 5;
  const counts = new Map<string, number>();
  const patterns = new Map<string, number>();
  let nullCount = 0;
  let min: string | number | undefined;
  let max: string | number | undefined;
  let minLength: number | undefined;
  let maxLength: number | undefined;
  for (const value of values) {
    if (value === null || value === undefined) {
      nullCount += 1;
      continue;
    }
    const text = asText(value);
    increment(counts, text);
    const comparable = typeof value === 'number' ? value : text;
    if (min === undefined || comparable < min) min = comparable;
    if (max === undefined || comparable > max) max = comparable;
    if (typeof value === 'string') {
      increment(patterns, formatPattern(value));
      const length = [...value].length;
      minLength = Math.min(minLength ?? length, length);
      maxLength = Math.max(maxLength ?? length, length);
    }
  }
  return {
    column,
    sampled: values.length,
    nullCount,
    nullRatio: values.length === 0 ? 0 : nullCount / values.length,
    distinctCount: counts.size,
    ...(min !== undefined ? { min, max } : {}),
    ...(minLength !== undefined ? { minLength, maxLength } : {}),
    topValues: topOf(counts, top),
    patterns: topOf(patterns, top),
  };
};

/** Profiles every column of sampled rows. */
export const profileRows = (
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  options: ProfileOptions = {},
): ColumnProfile[] =>
  columns.map((column) =>
    profileColumn(
      column,
      rows.map((row) => row[column]),
      options,
    ),
  );
