import { randomBytes } from 'node:crypto';
import { type DatabaseSchema, type DataStoreRef, isSenseiError, SenseiError } from '@sensei/domain';
import { discoverPostgresSchema } from '../connectors/postgres/postgres-catalog';
import { PgTargetConnector } from '../connectors/target/pg-target-connector';
import { PGliteTargetConnector } from '../connectors/target/pglite-target-connector';
import type { TargetConnector } from '../connectors/target/target-connector.port';
import { PgSqlClient } from '../sql/pg-sql-client';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import type { SqlClient, SqlExecutor } from '../sql/sql-client';

/** A target store opened for a migration: its catalog, its DDL, and delivery into it. */
export interface TargetDatabase {
  readonly description: string;
  readonly connector: TargetConnector;
  discover(): Promise<DatabaseSchema>;
  /** Runs DDL in one transaction (creating the target schema from `--target-schema`). */
  applyDdl(ddl: string): Promise<void>;
  /**
   * The schema DDL would create, read by running it in this database inside a transaction that
   * is rolled back: the target's own PostgreSQL parses it, and nothing is left behind.
   */
  parseDdl(ddl: string): Promise<DatabaseSchema>;
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

/** A schema name no DDL of a user's will collide with. */
const scratchSchema = () => `sensei_ddl_${randomBytes(6).toString('hex')}`;

/** Thrown to end the parsing transaction with a rollback, carrying what was read. */
class ParsedThenRolledBack extends Error {
  constructor(readonly schema: DatabaseSchema) {
    super('rolled back');
  }
}

/** Tables discovered in the scratch schema, named as they would be in `public`. */
const unqualified = (schema: DatabaseSchema, scratch: string): DatabaseSchema => {
  const name = (table: string) => table.replace(new RegExp(`^${scratch}\\.`), '');
  return {
    ...schema,
    tables: schema.tables.map((table) => ({
      ...table,
      name: name(table.name),
      foreignKeys: table.foreignKeys.map((fk) => ({
        ...fk,
        referencedTable: name(fk.referencedTable),
      })),
    })),
  };
};

const parseIn = async (
  transaction: <T>(
    work: (tx: SqlExecutor, exec: (script: string) => Promise<void>) => Promise<T>,
  ) => Promise<T>,
  ddl: string,
): Promise<DatabaseSchema> => {
  const scratch = scratchSchema();
  try {
    await transaction(async (tx, exec) => {
      await exec(`CREATE SCHEMA ${scratch}; SET LOCAL search_path = ${scratch}`);
      await exec(ddl);
      // `CREATE TABLE public.orders` lands in public, not in the scratch schema: reading only
      // the scratch schema would give a silently empty target. Such DDL goes to the fallback.
      const { rows } = await tx.query<{ elsewhere: number }>(
        `SELECT count(*)::int AS elsewhere FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace ` +
          `WHERE c.relkind IN ('r', 'p') AND n.nspname <> '${scratch}' ` +
          `AND c.xmin::text = (txid_current() % 4294967296)::text`,
      );
      if ((rows[0]?.elsewhere ?? 0) > 0)
        throw new Error('the DDL names schemas of its own: parse it in a scratch database');
      throw new ParsedThenRolledBack(await discoverPostgresSchema(tx, { schema: scratch }));
    });
  } catch (error) {
    if (error instanceof ParsedThenRolledBack) return unqualified(error.schema, scratch);
    throw error;
  }
  throw new Error('unreachable: the parsing transaction always rolls back');
};

const over = (
  sql: SqlClient,
  connector: TargetConnector,
  applyDdl: (ddl: string) => Promise<void>,
  parseDdl: (ddl: string) => Promise<DatabaseSchema>,
): TargetDatabase => ({
  description: connector.description,
  connector,
  discover: () => discoverPostgresSchema(sql),
  applyDdl,
  parseDdl,
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
    const db = sql.pglite;
    return over(
      sql,
      PGliteTargetConnector.over(db, `pglite:${ref.uri}`),
      async (ddl) => {
        await db.transaction((tx) => tx.exec(ddl));
      },
      (ddl) =>
        parseIn(
          (work) =>
            db.transaction((tx) =>
              work(
                {
                  query: async <Row>(text: string, params: readonly unknown[] = []) => {
                    const result = await tx.query<Row>(text, [...params]);
                    return {
                      rows: result.rows,
                      rowCount: result.affectedRows ?? result.rows.length,
                    };
                  },
                },
                async (script) => {
                  await tx.exec(script);
                },
              ),
            ),
          ddl,
        ),
    );
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
  return over(
    sql,
    new PgTargetConnector(ref.uri),
    (ddl) =>
      sql.transaction(async (tx) => {
        await tx.query(ddl);
      }),
    (ddl) =>
      parseIn(
        (work) =>
          sql.transaction((tx) =>
            work(tx, async (script) => {
              await tx.query(script);
            }),
          ),
        ddl,
      ),
  );
};
