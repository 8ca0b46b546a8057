import { SenseiError } from '@sensei/domain';
import type { ColumnRef, LineageStep } from './lineage-graph.port';

/** Deep enough for any chain of migrations seen in practice; a caller may ask for more. */
export const defaultLineageDepth = 20;
/** Walks are bounded so a cyclic or very dense graph cannot make one query run away. */
export const maxLineageDepth = 100;

export const checkedMaxDepth = (maxDepth: number | undefined): number => {
  if (maxDepth === undefined) return defaultLineageDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > maxLineageDepth) {
    throw new SenseiError(
      'VALIDATION.FAILED',
      `maxDepth must be a whole number from 1 to ${maxLineageDepth}, got ${String(maxDepth)}`,
      { field: 'maxDepth' },
    );
  }
  return maxDepth;
};

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const compareColumns = (a: ColumnRef, b: ColumnRef): number =>
  compareText(a.store, b.store) || compareText(a.table, b.table) || compareText(a.column, b.column);

/**
 * Ordered by depth and then by names (code points, not locale), so every adapter returns the same
 * list for the same graph. Adapters report each edge once, at its smallest depth; nothing is
 * merged here, so an adapter that stored an edge twice shows it twice.
 */
export const orderedSteps = (steps: readonly LineageStep[]): LineageStep[] =>
  [...steps].sort(
    (a, b) =>
      a.depth - b.depth ||
      compareColumns(a.to, b.to) ||
      compareColumns(a.from, b.from) ||
      compareText(a.migrationId, b.migrationId) ||
      compareText(a.mappingId, b.mappingId),
  );

/** The error every adapter raises when its engine cannot be reached; the fix is in the message. */
export const lineageUnavailable = (
  message: string,
  details: Record<string, unknown> = {},
): SenseiError => new SenseiError('LINEAGE.UNAVAILABLE', message, details);

export const isLineageUnavailable = (error: unknown): boolean =>
  error instanceof SenseiError && error.code === 'LINEAGE.UNAVAILABLE';
