import { tokenize, unqualified } from './name-tokens';

export type NameMatchKind = 'exact' | 'table-prefixed' | 'abbreviation' | 'partial' | 'none';

export interface NameEvidence {
  score: number;
  kind: NameMatchKind;
}

/**
 * Scores per kind of match. Only a literal match (case, separators and plurals aside) may carry a
 * mapping past the review threshold on its own; an expanded abbreviation or a partial overlap is
 * a guess a human should confirm.
 */
const scoreOf: Record<Exclude<NameMatchKind, 'partial' | 'none'>, number> = {
  exact: 1,
  'table-prefixed': 0.93,
  abbreviation: 0.85,
};
const partialCeiling = 0.8;

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((word, i) => word === b[i]);

const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
};

/** 1 for equal words, the edit-distance ratio for near-equal ones (typos, `colour`/`color`). */
const wordSimilarity = (a: string, b: string): number => {
  if (a === b) return 1;
  const ratio = 1 - editDistance(a, b) / Math.max(a.length, b.length);
  return ratio >= 0.75 ? ratio : 0;
};

/** Dice coefficient over words, each word counted at its best match on the other side. */
const wordOverlap = (a: readonly string[], b: readonly string[]): number => {
  if (a.length === 0 || b.length === 0) return 0;
  const best = (word: string, others: readonly string[]) =>
    Math.max(...others.map((other) => wordSimilarity(word, other)));
  const matched =
    a.reduce((sum, word) => sum + best(word, b), 0) +
    b.reduce((sum, word) => sum + best(word, a), 0);
  return matched / (a.length + b.length);
};

/** `Id` in table `Customer` reads as `customer_id`. */
const withTablePrefix = (words: readonly string[], tableWords: readonly string[]): string[] =>
  same(words.slice(0, tableWords.length), tableWords) ? [...words] : [...tableWords, ...words];

export const nameSimilarity = (source: string, target: string): NameEvidence => {
  const a = tokenize(source);
  const b = tokenize(target);
  if (same(a.literal, b.literal) || a.literal.join('') === b.literal.join('')) {
    return { score: scoreOf.exact, kind: 'exact' };
  }
  if (same(a.expanded, b.expanded)) return { score: scoreOf.abbreviation, kind: 'abbreviation' };
  const partial = partialCeiling * wordOverlap(a.expanded, b.expanded);
  return { score: partial, kind: partial > 0 ? 'partial' : 'none' };
};

/** Column names judged in their tables' context, so `Customer.Id` meets `customer.customer_id`. */
export const columnNameSimilarity = (
  sourceTable: string,
  sourceColumn: string,
  targetTable: string,
  targetColumn: string,
): NameEvidence => {
  const direct = nameSimilarity(sourceColumn, targetColumn);
  if (direct.kind === 'exact') return direct;
  const sourceWords = withTablePrefix(
    tokenize(sourceColumn).literal,
    tokenize(unqualified(sourceTable)).literal,
  );
  const targetWords = withTablePrefix(
    tokenize(targetColumn).literal,
    tokenize(unqualified(targetTable)).literal,
  );
  const prefixed = same(sourceWords, targetWords) && scoreOf['table-prefixed'] > direct.score;
  return prefixed ? { score: scoreOf['table-prefixed'], kind: 'table-prefixed' } : direct;
};
