import { quoteIdentifier } from '@sensei/domain';
import type { ColumnPair, TablePair, Tolerances } from '../verification-input';

/** The transformation compiler's DuckDB quoting, under the name replay's modules import. */
export { quoteIdentifier };

/** One side of a comparison: a relation and how a target column reads on it. */
export interface ReplaySide {
  name: 'source' | 'target';
  relation: string;
  /** SQL giving the column's value on this side. */
  column(column: ColumnPair): string;
}

/** The source after mapping: each column is its mapping expression over the source snapshot. */
export const sourceSide = (pair: TablePair): ReplaySide => ({
  name: 'source',
  relation: pair.sourceRelation,
  column: (column) => `(${column.expression})`,
});

export const targetSide = (pair: TablePair): ReplaySide => ({
  name: 'target',
  relation: pair.targetRelation,
  column: (column) => quoteIdentifier(column.target),
});

/**
 * In `normalized` string mode aggregates run over trimmed, case-folded NFC text, so that
 * `'Oslo '` and `'Oslo'` count as one value in count distinct, min, max and group-bys alike.
 */
export const comparedColumn = (
  side: ReplaySide,
  column: ColumnPair,
  tolerances: Tolerances,
): string => {
  const sql = side.column(column);
  return column.kind === 'string' && tolerances.stringMode === 'normalized'
    ? `nfc_normalize(lower(trim(${sql})))`
    : sql;
};

/** `SELECT <col> AS c<i>, ... FROM <relation>` for the listed columns of a table. */
export const projection = (
  side: ReplaySide,
  columns: readonly { column: ColumnPair; alias: string }[],
  tolerances: Tolerances,
): string => {
  const list = columns.map(
    ({ column, alias }) => `${comparedColumn(side, column, tolerances)} AS ${alias}`,
  );
  return `SELECT ${list.length > 0 ? list.join(', ') : '1 AS c'} FROM ${side.relation}`;
};

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** DuckDB's first line names the error; the lines after it point into the SQL. */
export const firstLine = (message: string): string =>
  (message.split('\n')[0] ?? '').replace(/^Error: /, '').trim();

const integerType = /^(U?HUGEINT|U?BIGINT|U?INTEGER|U?SMALLINT|U?TINYINT)$/i;

/**
 * A value snapped to the tolerance grid, for count distinct and group-by keys: a target value
 * moved by less than half the tolerance (timestamps: later by less than the whole tolerance)
 * from a source value on the grid (a decimal with no more
 * places than the epsilon, a whole second) counts and groups with it instead of making a new
 * distinct value. Integers (a tolerance below 1 merges none), strings (normalized already) and
 * dates keep their own values.
 */
export const toleranceKey = (ref: string, column: ColumnPair, tolerances: Tolerances): string => {
  const eps = tolerances.numericEpsilon;
  if (column.kind === 'numeric' && eps > 0 && !(integerType.test(column.duckdbType) && eps < 1)) {
    const digits = -Math.log10(eps);
    // A power-of-ten epsilon rounds to digits, so that 1.980001 groups as 1.98, not 1.9800000000000002.
    return Number.isInteger(digits) && digits >= 0
      ? `round(CAST(${ref} AS DOUBLE), ${digits})`
      : `(round(CAST(${ref} AS DOUBLE) / ${eps}) * ${eps})`;
  }
  const micros = Math.round(tolerances.timestampToleranceMs * 1000);
  if (column.kind === 'timestamp' && micros > 0)
    // floor, not round: a whole-second source value moved later by up to the tolerance (0.5 s
    // of 1 s included) stays in its cell. A move across a cell line can still change the count:
    // a false FAILED that a human resolves from the row diff, never a hidden difference.
    return `make_timestamp(CAST(floor(epoch_us(${ref}) / ${micros}) * ${micros} AS BIGINT))`;
  return ref;
};
