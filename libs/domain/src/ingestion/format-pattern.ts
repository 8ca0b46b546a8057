/** Values longer than this are summarised by their first characters' shape. */
const MAX_PATTERN_LENGTH = 24;
const emailShape = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;

/**
 * The shape of a value, the way data-quality tools show it: upper-case letters become `A`,
 * lower-case `a`, digits `9`, everything else stays (`John` -> `Aaaa`, `555-0199` -> `999-9999`).
 * Email addresses are one shape, `<email>`, whatever their length.
 */
export const formatPattern = (value: string): string => {
  if (emailShape.test(value)) return '<email>';
  let pattern = '';
  for (const char of value.slice(0, MAX_PATTERN_LENGTH)) {
    if (/\p{Lu}/u.test(char)) pattern += 'A';
    else if (/\p{Ll}|\p{Lo}/u.test(char)) pattern += 'a';
    else if (/\p{Nd}/u.test(char)) pattern += '9';
    else pattern += char;
  }
  return value.length > MAX_PATTERN_LENGTH ? `${pattern}…` : pattern;
};
