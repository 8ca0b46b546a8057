import { type DatabaseSchema, type DataStoreRef, isSenseiError, SenseiError } from '@sensei/domain';
import { discoverPostgresSchema } from '../connectors/postgres/postgres-catalog';
import { PgTargetConnector } from '../connectors/target/pg-target-connector';
import { PGliteTargetConnector } from '../connectors/target/pglite-target-connector';
import type { TargetConnector } from '../connectors/target/target-connector.port';
import { PgSqlClient } from '../sql/pg-sql-client';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import type { SqlClient } from '../sql/sql-client';

/** A target store opened for a migration: its catalog, its DDL, and delivery into it. */
export interface TargetDatabase {
  readonly description: string;
  readonly connector: TargetConnector;
  discover(): Promise<DatabaseSchema>;
  /** Runs DDL in one transaction (creating the target schema from `--target-schema`). */
  applyDdl(ddl: string): Promise<void>;
  close(): Promise<void>;
}

/** The URI without its password, for messages. */
const shown = (uri: string): string =>
  uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1@');

/** The driver's cause without the event-store advice PgSqlClient appends (DATABASE_URL). */
const targetCause = (cause: string): string =>
  `${cause.replace(/^cannot open /, '').replace(/:\s*start it or set DATABASE_URL.*$/, '')}; check the target URL and that the server is up`;

const unreachable = (ref: DataStoreRef, error: unknown): SenseiError => {
  const cause = error instanceof Error ? error.message : String(error);
  return new SenseiError(
    'TARGET.UNREACHABLE',
    `target ${shown(ref.uri)} is unreachable: ${targetCause(cause)}`,
    { target: shown(ref.uri) },
  );
};

const over = (
  sql: SqlClient,
  connector: TargetConnector,
  applyDdl: (ddl: string) => Promise<void>,
): TargetDatabase => ({
  description: connector.description,
  connector,
  discover: () => discoverPostgresSchema(sql),
  applyDdl,
  close: async () => {
    await connector.close();
    await sql.close();
  },
});

/** PostgreSQL (`postgres://…`) or an embedded PGlite directory (`kind: pglite`). */
export const openTargetDatabase = async (ref: DataStoreRef): Promise<TargetDatabase> => {
  if (ref.kind === 'pglite') {
    const sql = await PGliteSqlClient.open(ref.uri).catch((error: unknown) => {
      throw unreachable(ref, error);
    });
    // A script of many statements: PGlite runs those with exec (query prepares one statement).
    return over(sql, PGliteTargetConnector.over(sql.pglite, `pglite:${ref.uri}`), async (ddl) => {
      await sql.pglite.transaction((tx) => tx.exec(ddl));
    });
  }
  if (ref.kind !== 'postgres') {
    throw new SenseiError(
      'TARGET.INVALID_URI',
      `a ${ref.kind} target is not supported: deliver to PostgreSQL (postgres://…) or to a PGlite directory`,
      { target: ref.uri },
    );
  }
  const sql = new PgSqlClient(ref.uri);
  try {
    await sql.query('SELECT 1');
  } catch (error) {
    await sql.close();
    throw isSenseiError(error) ? unreachable(ref, error) : error;
  }
  // Without parameters pg uses the simple protocol, which runs a script of many statements.
  return over(sql, new PgTargetConnector(ref.uri), (ddl) =>
    sql.transaction(async (tx) => {
      await tx.query(ddl);
    }),
  );
};
