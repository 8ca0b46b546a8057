import { decodeWindows1252, encodeWindows1252 } from './windows-1252';

/** Above this confidence a legacy encoding is converted without asking; below, a human decides. */
export const ENCODING_CONVERT_THRESHOLD = 0.9;

/**
 * Text as a source hands it: a JS string when its driver decoded it, or the raw bytes
 * (`Uint8Array`, which includes Node's Buffer) when the driver could not or was told not to.
 */
export type SourceText = string | Uint8Array;

export interface EncodingVerdict {
  /** `none`: valid UTF-8; `convert`: decode as `sourceEncoding`; `review`: halt for a human. */
  action: 'none' | 'convert' | 'review';
  sourceEncoding?: 'windows-1252' | 'utf-8-as-windows-1252';
  /** Confidence in the action, in [0, 1]. */
  confidence: number;
  checkedValues: number;
  invalidValues: number;
  evidence: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
};

// UTF-8 read as 1252 leaves tell-tale pairs: Ã© for é, â€™ for ’.
const mojibake = /[ÃÂ][\u0080-\u00bf\u0152-\u0178\u02c6-\u2122]|â€/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what it looks for
const controls = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// Non-ASCII characters that legacy Western text plausibly holds, next to a letter or a space.
const plausibleNonAscii =
  /[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u2013-\u2026\u20ac\u2122]/;

/** Share of non-ASCII characters that read like Western text (letters, quotes, currency). */
const plausibility = (text: string): number => {
  if (controls.test(text)) return 0;
  const chars = [...text];
  const foreign = chars.filter((char) => char.charCodeAt(0) > 0x7f);
  if (foreign.length === 0) return 1;
  return foreign.filter((char) => plausibleNonAscii.test(char)).length / foreign.length;
};

type ValueReading =
  | { kind: 'utf8' }
  | { kind: 'legacy'; score: number }
  | { kind: 'mojibake'; score: number }
  | { kind: 'lost' };

const read = (value: SourceText): ValueReading => {
  if (typeof value === 'string') {
    if (value.includes('\ufffd')) return { kind: 'lost' };
    if (!mojibake.test(value)) return { kind: 'utf8' };
    const bytes = encodeWindows1252(value);
    const repaired = bytes && decodeUtf8(bytes);
    return repaired ? { kind: 'mojibake', score: plausibility(repaired) } : { kind: 'utf8' };
  }
  if (decodeUtf8(value) !== undefined) return { kind: 'utf8' };
  const legacy = decodeWindows1252(value);
  return legacy === undefined ? { kind: 'lost' } : { kind: 'legacy', score: plausibility(legacy) };
};

/**
 * Judges the encoding of one column's text values. Valid UTF-8 needs nothing. Bytes that are not
 * UTF-8 but read as plausible Windows-1252 text (and strings that are UTF-8 mis-read as 1252) are
 * converted when every such value agrees with confidence > 0.9; anything else, including text
 * already lost to U+FFFD replacement characters, halts for review: a wrong guess corrupts data
 * silently, a halt costs one human decision.
 */
export const checkEncoding = (
  values: readonly (SourceText | null | undefined)[],
): EncodingVerdict => {
  const readings = values.filter((v): v is SourceText => v !== null && v !== undefined).map(read);
  const invalid = readings.filter((reading) => reading.kind !== 'utf8');
  const base = { checkedValues: readings.length, invalidValues: invalid.length };
  if (invalid.length === 0) {
    return { ...base, action: 'none', confidence: 1, evidence: ['every value is valid UTF-8'] };
  }
  const lost = invalid.filter((reading) => reading.kind === 'lost').length;
  const kinds = new Set(invalid.map((reading) => reading.kind));
  if (lost > 0 || kinds.size > 1) {
    const why =
      lost > 0
        ? `${lost} value(s) hold bytes no known encoding explains or U+FFFD replacement characters`
        : 'values mix raw Windows-1252 bytes and UTF-8 mis-read as Windows-1252';
    return { ...base, action: 'review', confidence: 0, evidence: [why] };
  }
  const scores = invalid.map((reading) => ('score' in reading ? reading.score : 0));
  const confidence = Math.min(...scores);
  const sourceEncoding = kinds.has('legacy') ? 'windows-1252' : 'utf-8-as-windows-1252';
  const evidence = [
    `${invalid.length}/${readings.length} value(s) are not UTF-8 but read as ${sourceEncoding}`,
    `least plausible value scores ${confidence.toFixed(2)}`,
  ];
  const action = confidence > ENCODING_CONVERT_THRESHOLD ? 'convert' : 'review';
  return { ...base, action, sourceEncoding, confidence, evidence };
};

/** The value as UTF-8 text under a `convert` verdict (unchanged when already UTF-8). */
export const convertText = (value: SourceText, verdict: EncodingVerdict): string => {
  if (typeof value === 'string') {
    if (verdict.sourceEncoding !== 'utf-8-as-windows-1252' || !mojibake.test(value)) return value;
    const bytes = encodeWindows1252(value);
    return (bytes && decodeUtf8(bytes)) ?? value;
  }
  return decodeUtf8(value) ?? decodeWindows1252(value) ?? '';
};
