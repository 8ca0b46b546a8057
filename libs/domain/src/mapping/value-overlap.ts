import { hasValues, type ColumnProfileLike } from './column-profile';

/** `1.50` and `1.5` are the same value; text compares exactly. */
const canonicalValue = (value: string): string => {
  const asNumber = Number(value);
  return value.trim() !== '' && Number.isFinite(asNumber) ? String(asNumber) : value;
};

const topValueJaccard = (a: ColumnProfileLike, b: ColumnProfileLike): number | undefined => {
  if (a.topValues.length === 0 || b.topValues.length === 0) return undefined;
  const left = new Set(a.topValues.map((v) => canonicalValue(v.value)));
  const right = new Set(b.topValues.map((v) => canonicalValue(v.value)));
  const shared = [...left].filter((v) => right.has(v)).length;
  return shared / new Set([...left, ...right]).size;
};

const numericRangeOverlap = (a: ColumnProfileLike, b: ColumnProfileLike): number | undefined => {
  const [aMin, aMax, bMin, bMax] = [a.min, a.max, b.min, b.max].map((v) =>
    v === null || v === undefined || v === '' ? NaN : Number(v),
  ) as [number, number, number, number];
  if (![aMin, aMax, bMin, bMax].every(Number.isFinite)) return undefined;
  const union = Math.max(aMax, bMax) - Math.min(aMin, bMin);
  if (union === 0) return 1;
  return Math.max(0, Math.min(aMax, bMax) - Math.max(aMin, bMin)) / union;
};

/**
 * How alike two columns' profiled values are, in [0, 1]; undefined when either side has no values
 * (an empty target says nothing, so the evidence is left out rather than counted against).
 */
export const valueOverlap = (
  source: ColumnProfileLike | undefined,
  target: ColumnProfileLike | undefined,
): number | undefined => {
  if (!hasValues(source) || !hasValues(target)) return undefined;
  const parts = [
    topValueJaccard(source, target),
    numericRangeOverlap(source, target),
    1 - Math.abs(source.nullRatio - target.nullRatio),
  ].filter((part): part is number => part !== undefined);
  return parts.reduce((sum, part) => sum + part, 0) / parts.length;
};
