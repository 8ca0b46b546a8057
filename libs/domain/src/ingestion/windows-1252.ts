/**
 * Windows-1252, the usual "latin1" of legacy databases: ISO-8859-1 except that 0x80-0x9F are
 * printable (curly quotes, euro, dashes). Five bytes there are unassigned.
 */
const high: (number | undefined)[] = [
  0x20ac,
  undefined,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  undefined,
  0x017d,
  undefined,
  undefined,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  undefined,
  0x017e,
  0x0178,
];

/** Decodes bytes as Windows-1252; undefined when a byte is unassigned (so it is not 1252). */
export const decodeWindows1252 = (bytes: Uint8Array): string | undefined => {
  let text = '';
  for (const byte of bytes) {
    const code = byte >= 0x80 && byte <= 0x9f ? high[byte - 0x80] : byte;
    if (code === undefined) return undefined;
    text += String.fromCharCode(code);
  }
  return text;
};

/** Encodes text as Windows-1252 bytes; undefined when a character has no 1252 byte. */
export const encodeWindows1252 = (text: string): Uint8Array | undefined => {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.charCodeAt(0);
    const index = high.indexOf(code);
    if (index >= 0) bytes.push(0x80 + index);
    else if (code <= 0xff && !(code >= 0x80 && code <= 0x9f)) bytes.push(code);
    else return undefined;
  }
  return Uint8Array.from(bytes);
};
