/**
 * PGlite and `pg` return `timestamptz` as a Date (under Jest, PGlite's Dates come from another
 * realm, so no `instanceof`); a driver may also hand back text.
 */
export const isoTimestamp = (value: unknown): string =>
  typeof (value as Date | null)?.toISOString === 'function'
    ? (value as Date).toISOString()
    : new Date(String(value)).toISOString();
