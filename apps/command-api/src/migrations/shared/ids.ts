import { randomUUID } from 'node:crypto';

/** Ids a client may choose for a migration or a mapping: a UUID or a readable slug. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export const ID_PATTERN_MESSAGE =
  '$property must be 1-128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit';

export const newId = (): string => randomUUID();
