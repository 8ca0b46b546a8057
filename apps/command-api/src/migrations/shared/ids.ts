import { createHash, randomUUID } from 'node:crypto';

/** Ids a client may choose for a migration or a mapping: a UUID or a readable slug. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_PATTERN_MESSAGE =
  '$property must be 1-128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

export const newId = (): string => randomUUID();

/**
 * The id of the n-th event a command produces: the first is the command's event id, later ones
 * derive from it deterministically (a UUID-shaped sha256), so a re-sent append stays idempotent.
 */
export const eventIdAt = (firstEventId: string, index: number): string => {
  if (index === 0) return firstEventId;
  const hex = createHash('sha256').update(`${firstEventId}/${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
