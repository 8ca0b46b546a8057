import { compareForSort, jsonValue, valuesMatch } from '../compare-values';
import type { Tolerances } from '../verification-input';

export interface ResultSetComparison {
  matches: boolean;
  /** Why not, in words, when they differ. */
  difference?: string;
  /** The first pair of rows that differ after canonical sorting (JSON-able). */
  firstDifference?: { row: number; source: unknown[] | null; target: unknown[] | null };
}

const sortCanonically = (rows: readonly unknown[][], tolerances: Tolerances) =>
  [...rows].sort((a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const order = compareForSort(a[i], b[i], tolerances);
      if (order !== 0) return order;
    }
    return 0;
  });

const json = (row: unknown[] | undefined) => (row ? row.map(jsonValue) : null);

/**
 * Two result sets as multisets of rows: both sorted canonically, then compared cell by cell
 * with the tolerances. Row order never matters, even under ORDER BY: a target engine may break
 * ties differently and still hold the same answer.
 */
export const compareResultSets = (
  source: readonly unknown[][],
  target: readonly unknown[][],
  tolerances: Tolerances,
): ResultSetComparison => {
  const width = (rows: readonly unknown[][]) => rows[0]?.length ?? 0;
  if (source.length > 0 && target.length > 0 && width(source) !== width(target))
    return {
      matches: false,
      difference: `column count differs: source ${width(source)}, target ${width(target)}`,
    };
  const sortedSource = sortCanonically(source, tolerances);
  const sortedTarget = sortCanonically(target, tolerances);
  for (let row = 0; row < Math.max(sortedSource.length, sortedTarget.length); row += 1) {
    const a = sortedSource[row];
    const b = sortedTarget[row];
    if (a && b && a.every((cell, i) => valuesMatch(cell, b[i], tolerances))) continue;
    const counts =
      source.length === target.length
        ? `row ${row + 1} of ${source.length} differs`
        : `row count differs: source ${source.length}, target ${target.length}`;
    return {
      matches: false,
      difference: counts,
      firstDifference: { row: row + 1, source: json(a), target: json(b) },
    };
  }
  return { matches: true };
};
