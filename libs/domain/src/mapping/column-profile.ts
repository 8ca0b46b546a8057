/**
 * The part of a column profile the mapper reads. Profiling (ingestion) produces more; any object
 * with these fields will do, keyed by `table.column`.
 */
export interface ColumnProfileLike {
  nullRatio: number;
  distinctCount: number;
  min?: string | number | null;
  max?: string | number | null;
  topValues: { value: string; count: number }[];
  /** Longest text value seen, when the profiler measures it. */
  maxLength?: number;
}

export type ColumnProfiles = Readonly<Record<string, ColumnProfileLike | undefined>>;

export const profileKey = (table: string, column: string): string => `${table}.${column}`;

/** A profile of an empty column says nothing about values. */
export const hasValues = (profile: ColumnProfileLike | undefined): profile is ColumnProfileLike =>
  profile !== undefined && (profile.distinctCount > 0 || profile.topValues.length > 0);
