import type { PositionNumbering } from './event-store.contract.types';

export const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(to - from + 1, 0) }, (_, i) => from + i);

/** Index of the first position out of order (-1 if none): not 1..N, or not increasing. */
export const firstMisnumbered = (
  positions: readonly number[],
  numbering: PositionNumbering,
): number =>
  positions.findIndex((position, index) =>
    numbering === 'gapless'
      ? position !== index + 1
      : index > 0 && position <= positions[index - 1]!,
  );

/** Positions of a fresh log, in the order read: 1..N, or at least strictly increasing. */
export const expectNumbered = (
  positions: readonly number[],
  numbering: PositionNumbering,
): void => {
  if (numbering === 'gapless') expect(positions).toEqual(range(1, positions.length));
  else expect(firstMisnumbered(positions, numbering)).toBe(-1);
};
