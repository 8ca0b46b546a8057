import type { Segment, SegmentChecksum, SegmentSide } from './segment-checksums';

export interface BisectionOptions {
  /** The first level cuts the hash space into 2^initialBits segments. */
  initialBits: number;
  /** Each deeper level splits a mismatching segment into 2^splitBits. */
  splitBits: number;
  /** A mismatching segment this small (rows on the larger side) is compared row by row. */
  leafRows: number;
}

export const defaultBisectionOptions: BisectionOptions = {
  initialBits: 8,
  splitBits: 5,
  leafRows: 4096,
};

export interface BisectionResult {
  /** Mismatching segments small enough (or not splittable) to compare row by row. */
  leaves: Segment[];
  expectedRows: number;
  targetRows: number;
  segmentsCompared: number;
  segmentsMismatched: number;
  /** Levels below the first one that were needed. */
  depth: number;
}

const keyOf = (segment: Segment) => `${segment.bits}:${segment.prefix}`;

const mismatches = (expected: SegmentChecksum[], target: SegmentChecksum[]) => {
  const other = new Map(target.map((segment) => [keyOf(segment), segment]));
  const found: { segment: Segment; rows: bigint }[] = [];
  for (const segment of expected) {
    const twin = other.get(keyOf(segment));
    other.delete(keyOf(segment));
    if (twin?.rows === segment.rows && twin.checksum === segment.checksum) continue;
    found.push({ segment, rows: segment.rows > (twin?.rows ?? 0n) ? segment.rows : twin!.rows });
  }
  for (const segment of other.values()) found.push({ segment, rows: segment.rows });
  const compared = expected.length + other.size;
  return { found, compared };
};

const total = (segments: SegmentChecksum[]) =>
  Number(segments.reduce((sum, segment) => sum + segment.rows, 0n));

/**
 * Segment checksums, then bisection, as cross-database diff tools do: equal segments are done
 * after one pass per side; only mismatching segments are split and checksummed again, until they
 * are small enough to compare row by row. Identical data costs one hashing pass per side.
 */
export const bisectSegments = async (
  expected: SegmentSide,
  target: SegmentSide,
  options: BisectionOptions,
): Promise<BisectionResult> => {
  const leaves: Segment[] = [];
  let bits = Math.min(64, options.initialBits);
  let parents: Segment[] | undefined;
  const result = { expectedRows: 0, targetRows: 0, segmentsCompared: 0, segmentsMismatched: 0 };
  for (let depth = 0; ; depth += 1) {
    const expectedSums = await expected.checksums(bits, parents);
    const targetSums = await target.checksums(bits, parents);
    if (depth === 0) {
      result.expectedRows = total(expectedSums);
      result.targetRows = total(targetSums);
    }
    const { found, compared } = mismatches(expectedSums, targetSums);
    result.segmentsCompared += compared;
    result.segmentsMismatched += found.length;
    const splittable = (rows: bigint) => rows > BigInt(options.leafRows) && bits < 64;
    const large = found.filter(({ rows }) => splittable(rows));
    leaves.push(...found.filter(({ rows }) => !splittable(rows)).map((entry) => entry.segment));
    const largeRows = Number(large.reduce((sum, { rows }) => sum + rows, 0n));
    // When most rows differ, deeper levels would rescan to find the same rows: join them now.
    const mostlyDifferent = largeRows * 2 > Math.max(result.expectedRows, result.targetRows);
    if (large.length === 0 || mostlyDifferent) {
      leaves.push(...large.map((entry) => entry.segment));
      return { ...result, leaves, depth };
    }
    parents = large.map((entry) => entry.segment);
    bits = Math.min(64, bits + options.splitBits);
  }
};
