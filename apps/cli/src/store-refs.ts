import { resolve } from 'node:path';
import { type DataStoreRef, SenseiError } from '@sensei/domain';
import { sourceKindOf } from '@sensei/infra';

/**
 * A store as the user typed it, split into what the events may record (`ref`, never a
 * password: events are immutable) and the password, kept in memory for this run only.
 */
export interface StoreArgument {
  ref: DataStoreRef;
  password?: string;
}

const withoutPassword = (uri: string): { uri: string; password?: string } => {
  const url = new URL(uri);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  return { uri: url.toString(), password };
};

/** `--source`: a database URL or a file (SQLite, CSV, Parquet). */
export const sourceArgument = (value: string): StoreArgument => {
  const kind = sourceKindOf(value);
  if (!kind) {
    throw new SenseiError(
      'SOURCE.INVALID_URI',
      `--source ${value} is neither a database URL (postgres://, mysql://) nor a .sqlite, .db, .csv or .parquet file`,
      { field: 'source' },
    );
  }
  if (kind === 'postgres' || kind === 'mysql') {
    const { uri, password } = withoutPassword(value);
    return { ref: { kind, uri }, password };
  }
  const path = value.replace(/^(sqlite|file):(\/\/)?/, '');
  return { ref: { kind, uri: resolve(path) } };
};

/** `--target`: a PostgreSQL URL, or a directory for an embedded PGlite database. */
export const targetArgument = (value: string): StoreArgument => {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    const { uri, password } = withoutPassword(value);
    return { ref: { kind: 'postgres', uri }, password };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new SenseiError(
      'TARGET.INVALID_URI',
      `--target ${value}: deliver to PostgreSQL (postgres://…) or to a directory (embedded PGlite)`,
      { field: 'target' },
    );
  }
  return { ref: { kind: 'pglite', uri: resolve(value) } };
};
