import { abbreviations } from './abbreviations';

/** A name as lower-case singular words: `literal` as written, `expanded` with abbreviations spelt out. */
export interface NameTokens {
  literal: string[];
  expanded: string[];
}

/** Drops the schema qualifier: `public.customer` and `customer` name the same table. */
export const unqualified = (name: string): string => name.slice(name.lastIndexOf('.') + 1);

/** Splits snake_case, kebab-case, camelCase, PascalCase, ACRONYMCase and digit runs. */
export const splitWords = (name: string): string[] =>
  unqualified(name)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());

const invariantPlurals = new Set(['series', 'status', 'address', 'business', 'news', 'data']);

/** English plural -> singular, enough for identifiers (`categories`, `addresses`, `boxes`). */
export const singular = (word: string): string => {
  if (word.length <= 3 || invariantPlurals.has(word) || word.endsWith('ss')) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|zes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('us') || word.endsWith('is')) return word;
  return word.endsWith('s') ? word.slice(0, -1) : word;
};

export const tokenize = (name: string): NameTokens => {
  const literal = splitWords(name).map(singular);
  const expanded = literal.flatMap((word) => abbreviations[word] ?? [word]);
  return { literal, expanded };
};
