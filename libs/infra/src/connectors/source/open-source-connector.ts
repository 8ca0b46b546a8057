import { fileURLToPath } from 'node:url';
import { SenseiError, type DataStoreKind, type DataStoreRef } from '@sensei/domain';
import { FileSourceConnector } from './file/file-source-connector';
import { MysqlSourceConnector } from './mysql/mysql-source-connector';
import { PostgresSourceConnector } from './postgres/postgres-source-connector';
import type { SourceConnector } from './source-connector.port';
import { SqliteSourceConnector } from './sqlite/sqlite-source-connector';

export interface OpenSourceOptions {
  /** Resolved from the secret store at run time; a `DataStoreRef` never carries one. */
  password?: string;
}

const invalid = (ref: DataStoreRef, why: string) =>
  new SenseiError('SOURCE.INVALID_URI', `source uri "${ref.uri}" ${why}`, {
    kind: ref.kind,
    uri: ref.uri,
  });

const schemeKinds: Record<string, DataStoreKind> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};

/** `file:///data/x.csv`, `sqlite:///data/x.db`, `sqlite:x.db` or a bare path -> a local path. */
const localPath = (ref: DataStoreRef): string => {
  const uri = ref.uri.trim();
  if (/^file:/i.test(uri)) {
    try {
      return fileURLToPath(uri);
    } catch {
      throw invalid(ref, 'is not a valid file:// URI: use file:///absolute/path');
    }
  }
  if (/^sqlite:/i.test(uri)) return decodeURIComponent(uri.replace(/^sqlite:(\/\/)?/i, ''));
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(uri)) {
    throw invalid(
      ref,
      `does not point at a local file for a ${ref.kind} source: use a path or file:// URI`,
    );
  }
  return uri;
};

/** Network URI checked against its kind; the `schema` query parameter selects a Postgres schema. */
const networkUri = (ref: DataStoreRef): { uri: string; schema?: string } => {
  let url: URL;
  try {
    url = new URL(ref.uri);
  } catch {
    throw invalid(ref, `is not a URL: use ${ref.kind}://user@host:port/database`);
  }
  if (schemeKinds[url.protocol] !== ref.kind) {
    throw invalid(
      ref,
      `does not match kind "${ref.kind}": use ${ref.kind}://user@host:port/database`,
    );
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (url.protocol === 'mariadb:')
    return { uri: `mysql:${url.toString().slice('mariadb:'.length)}`, schema };
  return { uri: url.toString(), schema };
};

/**
 * Opens the read-only, snapshot-pinned connector for a source store, chosen by `ref.kind`
 * (the URI must agree with it). Failures are `SenseiError`s with one line of cause and fix.
 */
export const openSourceConnector = async (
  ref: DataStoreRef,
  options: OpenSourceOptions = {},
): Promise<SourceConnector> => {
  switch (ref.kind) {
    case 'postgres': {
      const { uri, schema } = networkUri(ref);
      return PostgresSourceConnector.open(uri, { password: options.password, schema });
    }
    case 'mysql':
      return MysqlSourceConnector.open(networkUri(ref).uri, { password: options.password });
    case 'sqlite':
      return SqliteSourceConnector.open(localPath(ref));
    case 'csv':
    case 'parquet':
      return FileSourceConnector.open(localPath(ref));
    case 'pglite':
      throw new SenseiError(
        'SOURCE.UNSUPPORTED',
        'a PGlite data directory cannot be a migration source yet: dump it to PostgreSQL, SQLite or Parquet first',
        { kind: ref.kind },
      );
  }
};

/** Guesses the kind from a URI or path a user typed (CLI): scheme, then file extension. */
export const sourceKindOf = (uri: string): DataStoreKind | undefined => {
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(uri)?.[1]?.toLowerCase();
  if (scheme && schemeKinds[scheme]) return schemeKinds[scheme];
  if (scheme === 'sqlite:') return 'sqlite';
  const path = uri.toLowerCase().replace(/[?#].*$/, '');
  if (path.endsWith('.csv')) return 'csv';
  if (path.endsWith('.parquet')) return 'parquet';
  if (/\.(sqlite3?|db|db3)$/.test(path)) return 'sqlite';
  return undefined;
};
