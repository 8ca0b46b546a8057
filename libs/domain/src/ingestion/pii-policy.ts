import { SenseiError } from '../shared/sensei-error';

/**
 * What happens to a personal-data column on its way to the target: `keep` it as is, `mask` it
 * (shape kept, content hidden), `hash` it (equal values stay equal, so joins still work) or
 * `drop` the column.
 */
export const piiActions = ['keep', 'mask', 'hash', 'drop'] as const;
export type PiiAction = (typeof piiActions)[number];

/** Per-column actions keyed `table.column` (the source table as discovery names it). */
export type PiiPolicy = Record<string, PiiAction>;

export const piiPolicyKey = (table: string, column: string): string => `${table}.${column}`;

/**
 * The action for one column. Unlisted columns are kept: a migration copies data faithfully
 * unless told otherwise, and verification compares like with like.
 */
export const piiActionFor = (
  policy: PiiPolicy | undefined,
  table: string,
  column: string,
): PiiAction => policy?.[piiPolicyKey(table, column)] ?? 'keep';

/** Rejects keys that are not `table.column` and actions outside keep | mask | hash | drop. */
export const assertValidPiiPolicy = (policy: unknown): void => {
  if (policy === undefined) return;
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new SenseiError('VALIDATION.FAILED', 'pii must map "table.column" to an action', {
      field: 'config.pii',
    });
  }
  for (const [key, action] of Object.entries(policy)) {
    if (!/^[^.]+(\.[^.]+)*\.[^.]+$/.test(key)) {
      throw new SenseiError('VALIDATION.FAILED', `pii key "${key}" must be "table.column"`, {
        field: `config.pii.${key}`,
      });
    }
    if (!piiActions.includes(action as PiiAction)) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        `pii action for "${key}" must be one of ${piiActions.join(', ')}, got ${String(action)}`,
        { field: `config.pii.${key}` },
      );
    }
  }
};
