import canonicalize from 'canonicalize';
import { SenseiError } from '@sensei/domain';

const notJson = (path: string, what: string) =>
  new SenseiError('VALIDATION.FAILED', `${path} is ${what}: not a JSON value`, { path });

const describe = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object' && value !== null) {
    return `a ${value.constructor?.name ?? 'non-plain object'} (only plain objects and arrays are JSON)`;
  }
  return `a ${typeof value}`;
};

/** In `u` mode a surrogate pair is one code point, so this matches lone surrogates only. */
const loneSurrogate = /[\uD800-\uDFFF]/u;
const assertWellFormed = (text: string, path: string) => {
  if (loneSurrogate.test(text)) {
    throw notJson(path, 'a string with a lone UTF-16 surrogate (RFC 8785 cannot encode it)');
  }
};

const isPlainObject = (value: object): boolean => {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/**
 * `canonicalize` would quietly turn a function into `undefined` text, a Map into `{}` and a Date
 * into whatever its toJSON says: a certificate must not be signed over anything JSON cannot hold.
 * An object property whose value is `undefined` is left out, as JSON.stringify does, so optional
 * fields may be written `{ column: undefined }`; everywhere else `undefined` is refused.
 */
const assertJsonValue = (value: unknown, path: string, open: Set<object>): void => {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') return assertWellFormed(value, path);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(path, describe(value));
    return;
  }
  if (typeof value !== 'object') throw notJson(path, describe(value));
  if (open.has(value)) throw notJson(path, 'a cycle back to one of its parents');
  if (!Array.isArray(value) && !isPlainObject(value)) throw notJson(path, describe(value));
  open.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      assertJsonValue(value[index], `${path}[${index}]`, open);
    }
  } else {
    for (const [key, item] of Object.entries(value)) {
      assertWellFormed(key, `${path} key ${JSON.stringify(key)}`);
      if (item !== undefined) assertJsonValue(item, `${path}.${key}`, open);
    }
  }
  open.delete(value);
};

/** RFC 8785 (JCS) text of a JSON value: sorted keys, ECMAScript number form, no whitespace. */
export const canonicalJson = (value: unknown, name = 'value'): string => {
  assertJsonValue(value, name, new Set());
  const text = canonicalize(value);
  if (text === undefined) throw notJson(name, describe(value));
  return text;
};

/** The UTF-8 bytes of `canonicalJson`: what is signed, hashed and stored. */
export const canonicalJsonBytes = (value: unknown, name = 'value'): Uint8Array =>
  new TextEncoder().encode(canonicalJson(value, name));
