import { createHash } from 'node:crypto';

/**
 * The id of the n-th event a command produces: the first is the command's event id, later ones
 * derive from it deterministically (a UUID-shaped sha256), so a re-sent append stays idempotent.
 */
export const eventIdAt = (firstEventId: string, index: number): string => {
  if (index === 0) return firstEventId;
  const hex = createHash('sha256').update(`${firstEventId}/${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};
