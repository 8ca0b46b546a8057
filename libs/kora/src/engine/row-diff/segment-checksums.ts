import type { StatementRunner } from './sql-text';

/** The rows whose 64-bit segment hash starts with `prefix` (its top `bits` bits). */
export interface Segment {
  bits: number;
  prefix: bigint;
}

export interface SegmentChecksum extends Segment {
  rows: bigint;
  /** Sum of the row hashes: order-free and, unlike XOR, blind to no duplicated row. */
  checksum: bigint;
}

/**
 * One side of a diff as the bisection sees it: the checksums of some segments. A remote
 * database can implement it with the same aggregate in its own SQL.
 */
export interface SegmentSide {
  /** Every non-empty segment of `bits` bits, within `parents` (all rows when absent). */
  checksums(bits: number, parents?: readonly Segment[]): Promise<SegmentChecksum[]>;
}

export const segmentExpression = (segmentHash: string, bits: number): string =>
  bits === 0 ? 'CAST(0 AS UBIGINT)' : `(${segmentHash} >> ${64 - bits})`;

/** SQL true for the rows in any of `segments` (which may have different sizes). */
export const segmentFilter = (segmentHash: string, segments: readonly Segment[]): string => {
  if (segments.some((segment) => segment.bits === 0)) return 'TRUE';
  const byBits = new Map<number, bigint[]>();
  for (const { bits, prefix } of segments) byBits.set(bits, [...(byBits.get(bits) ?? []), prefix]);
  const parts = [...byBits].map(
    ([bits, prefixes]) => `${segmentExpression(segmentHash, bits)} IN (${prefixes.join(', ')})`,
  );
  return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
};

/**
 * A DuckDB relation as a segment side. `segmentHash` places a row (the key's hash, or the row
 * hash when there is no key); `rowHash` covers every compared column. The filter on parents
 * runs before the row hash, so a deeper level hashes only the rows it looks at.
 */
export const duckDbSegmentSide = (
  runner: StatementRunner,
  relation: string,
  segmentHash: string,
  rowHash: string,
): SegmentSide => ({
  checksums: async (bits, parents) => {
    const where = parents ? `WHERE ${segmentFilter(segmentHash, parents)}` : '';
    const rows = await runner.rows(
      `SELECT ${segmentExpression(segmentHash, bits)} AS segment, count(*) AS row_count, ` +
        `sum(${rowHash}) AS checksum FROM ${relation} ${where} GROUP BY ALL`,
    );
    return rows.map((row) => ({
      bits,
      prefix: BigInt(row.segment as bigint),
      rows: BigInt(row.row_count as bigint),
      checksum: BigInt(row.checksum as bigint),
    }));
  },
});
