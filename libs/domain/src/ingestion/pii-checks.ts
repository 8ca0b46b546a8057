/** Value checks behind PII detection. Pure, and strict enough that a match is evidence. */

export const isEmail = (value: string): boolean =>
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/i.test(
    value.trim(),
  );

/**
 * A phone or fax number as people write them: 7 to 15 digits (E.164 allows 15) with the usual
 * separators, and at least one separator or a leading `+` so a bare number is not taken for one.
 */
export const isPhoneNumber = (value: string): boolean => {
  const text = value.trim();
  if (!/^\+?[\d\s().\-/]+(?:\s*(?:x|ext\.?)\s*\d{1,5})?$/i.test(text)) return false;
  const digits = text.replace(/(?:x|ext\.?)\s*\d+$/i, '').replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 && /[\s().\-/+]/.test(text);
};

/** The Luhn (mod 10) checksum of card numbers. */
export const luhnValid = (digits: string): boolean => {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
};

/** 13 to 19 digits (spaces or dashes allowed) passing Luhn, with a known issuer prefix. */
export const isCreditCardNumber = (value: string): boolean => {
  const text = value.trim();
  if (!/^[\d -]+$/.test(text)) return false;
  const digits = text.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && luhnValid(digits);
};

/** ISO 13616: country code, two check digits, then the account; the whole is 1 mod 97. */
export const ibanValid = (value: string): boolean => {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(compact)) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
};

/** US Social Security Number, `AAA-GG-SSSS`, excluding numbers never issued (000, 666, 9xx...). */
export const isUsSsn = (value: string): boolean => {
  const match = /^(\d{3})-(\d{2})-(\d{4})$/.exec(value.trim());
  if (!match) return false;
  const [, area, group, serial] = match;
  return (
    area !== '000' &&
    area !== '666' &&
    !area!.startsWith('9') &&
    group !== '00' &&
    serial !== '0000'
  );
};

export const isIpAddress = (value: string): boolean => {
  const text = value.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255 && !/^0\d/.test(part));
  if (!/^[0-9a-f:]+$/i.test(text) || (text.match(/::/g) ?? []).length > 1) return false;
  const parts = text.split(':');
  const complete = text.includes('::') ? parts.length <= 8 : parts.length === 8;
  return parts.length >= 3 && complete && parts.every((part) => part.length <= 4);
};

/** A street line: a house number next to words (`1600 Amphitheatre Parkway`, `Rua X, 1498`). */
export const isStreetAddress = (value: string): boolean => {
  const text = value.trim();
  return (
    /\p{L}{2,}/u.test(text) && /(^|[\s,])\d{1,5}[a-z]?([\s,]|$)/i.test(text) && text.length <= 120
  );
};

/** Two to four capitalised words (`Luís Gonçalves`, `Mary Ann O'Neil`). Weak on its own. */
export const looksLikePersonName = (value: string): boolean =>
  /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’.-]*){1,3}$/u.test(value.trim());

/** A calendar date (ISO, optionally with a time) in a plausible birth range. */
export const isPlausibleBirthDate = (value: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!match) return false;
  const year = Number(match[1]);
  return year >= 1900 && year <= 2025 && Number(match[2]) <= 12 && Number(match[3]) <= 31;
};
