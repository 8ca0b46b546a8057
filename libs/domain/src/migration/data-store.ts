import { SenseiError } from '../shared/sensei-error';

export const dataStoreKinds = ['postgres', 'mysql', 'sqlite', 'csv', 'parquet', 'pglite'] as const;
export type DataStoreKind = (typeof dataStoreKinds)[number];

/**
 * Where a migration reads from or writes to. `uri` never carries a password: events are immutable
 * and replicated, so a secret written into one could never be erased. Connectors resolve
 * credentials from a secret store at run time; the command API strips them before this point.
 */
export interface DataStoreRef {
  kind: DataStoreKind;
  /** e.g. `postgres://app@db.internal:5432/crm`, `file:///data/export/users.csv` */
  uri: string;
}

const passwordInUserinfo = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]*:[^/?#@]+@/i;
const passwordInQuery = /[?&](password|passwd|pwd|sslpassword)=/i;

export const carriesSecret = (uri: string): boolean =>
  passwordInUserinfo.test(uri) || passwordInQuery.test(uri);

/** Guards the two stores of a migration: no secrets, and no migration of a store onto itself. */
export const assertUsableStores = (source: DataStoreRef, target: DataStoreRef): void => {
  for (const [role, store] of [
    ['source', source],
    ['target', target],
  ] as const) {
    if (carriesSecret(store.uri)) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        `The ${role} uri carries a password; pass credentials through the secret store instead`,
        { field: `${role}.uri` },
      );
    }
  }
  if (source.kind === target.kind && source.uri === target.uri) {
    throw new SenseiError('VALIDATION.FAILED', 'Source and target are the same store', {
      field: 'target.uri',
    });
  }
};
