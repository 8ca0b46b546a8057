import type { LogicalType } from '@sensei/domain';
import type { SourceValue } from './source-connector.port';

/**
 * Brings what a driver returned into the convention of `source-connector.port.ts`. Drivers are
 * asked for text wherever precision or time zones matter (int8, numeric, dates), so these
 * functions mostly re-spell strings; they never round.
 */

const canonicalDecimalText = (text: string): string => {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match) return text.trim(); // NaN, Infinity: keep the engine's spelling
  const [, sign = '', whole = '', fraction = ''] = match;
  const integerPart = whole.replace(/^0+(?=\d)/, '') || '0';
  const fractionPart = fraction.replace(/0+$/, '');
  const digits = fractionPart ? `${integerPart}.${fractionPart}` : integerPart;
  return sign === '-' && /[1-9]/.test(digits) ? `-${digits}` : digits;
};

/** Plain decimal notation for a JS number, no exponent (1e-7 -> "0.0000001"). */
const numberToDecimalText = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
};

export const toDecimalText = (value: unknown): string =>
  typeof value === 'number'
    ? canonicalDecimalText(numberToDecimalText(value))
    : canonicalDecimalText(String(value));

const trimFraction = (fraction: string | undefined): string => {
  const kept = (fraction ?? '').replace(/0+$/, '');
  return kept ? `.${kept}` : '';
};

/** Driver values reaching here are primitives, Dates or byte arrays; anything else prints as JSON. */
const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && !(value instanceof Date)
    ? JSON.stringify(value)
    : String(value);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

const dateToUtcText = (date: Date): string =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T` +
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}` +
  trimFraction(pad(date.getUTCMilliseconds(), 3));

const timestampPattern =
  /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** `2009-01-01 00:00:00.500000` -> `2009-01-01T00:00:00.5`; with a zone, to UTC + `Z`. */
export const toTimestampText = (value: unknown, withZone: boolean): string => {
  if (value instanceof Date) return dateToUtcText(value) + (withZone ? 'Z' : '');
  const text = String(value).trim();
  const match = timestampPattern.exec(text);
  if (!match) return /^\d{4,}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text;
  const [, date = '', clock = '', fraction, zone] = match;
  const seconds = clock.length === 5 ? `${clock}:00` : clock;
  if (!withZone || !zone || /^(Z|[+-]00(:?00)?)$/i.test(zone)) {
    return `${date}T${seconds}${trimFraction(fraction)}${withZone ? 'Z' : ''}`;
  }
  // A non-UTC offset: shift through Date, keeping the sub-millisecond digits Date would drop.
  const offset = zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const shifted = new Date(`${date}T${seconds}${offset}`);
  const micro = (fraction ?? '').slice(0, 6).padEnd(6, '0');
  const base = dateToUtcText(shifted).replace(/\.\d+$/, '');
  return `${base}${trimFraction(micro)}Z`;
};

export const toDateText = (value: unknown): string =>
  value instanceof Date ? dateToUtcText(value).slice(0, 10) : String(value).trim().slice(0, 10);

export const toTimeText = (value: unknown): string => {
  const match = /^(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?/.exec(String(value).trim());
  if (!match) return String(value);
  const clock = match[1]!.length === 5 ? `${match[1]}:00` : match[1]!;
  return `${clock}${trimFraction(match[2])}`;
};

const toIntegerNumber = (value: unknown): SourceValue => {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : String(value);
  }
  return String(value);
};

const toBytes = (value: unknown): Uint8Array => {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && /^\\x[0-9a-f]*$/i.test(value)) {
    return Uint8Array.from(Buffer.from(value.slice(2), 'hex'));
  }
  return Uint8Array.from(Buffer.from(String(value), 'utf8'));
};

const toJsonText = (value: unknown): string => {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(JSON.parse(value));
  } catch {
    return value;
  }
};

const toBoolean = (value: unknown): SourceValue => {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0;
  const text = String(value).trim().toLowerCase();
  if (['t', 'true', '1', 'yes', 'y'].includes(text)) return true;
  if (['f', 'false', '0', 'no', 'n'].includes(text)) return false;
  return text;
};

/** One driver value -> the port's convention for a column of `type`. */
export const toSourceValue = (type: LogicalType, value: unknown): SourceValue => {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return toBoolean(value);
    case 'smallint':
    case 'integer':
      return toIntegerNumber(value);
    case 'bigint':
      return typeof value === 'number' ? numberToDecimalText(value) : textOf(value);
    case 'decimal':
      return toDecimalText(value);
    case 'real':
    case 'double':
      return typeof value === 'number' ? value : Number(value);
    case 'date':
      return toDateText(value);
    case 'time':
      return toTimeText(value);
    case 'timestamp':
      return toTimestampText(value, false);
    case 'timestamptz':
      return toTimestampText(value, true);
    case 'bytes':
      return toBytes(value);
    case 'json':
      return toJsonText(value);
    case 'uuid':
      return textOf(value).toLowerCase();
    case 'text':
      return value instanceof Uint8Array ? value : textOf(value);
    case 'interval':
    case 'unknown':
      return value instanceof Uint8Array ? value : textOf(value);
  }
};
