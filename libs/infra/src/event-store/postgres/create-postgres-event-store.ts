import { PgSqlClient, type PgSqlClientOptions } from '../../sql/pg-sql-client';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';

export type PostgresEventStoreOptions = SqlEventStoreOptions & { pool?: PgSqlClientOptions };

/**
 * The production event store on PostgreSQL: opens a pool, creates the tables if missing and
 * fails with EVENT_STORE.UNAVAILABLE (cause and fix in the message) when the server is unreachable.
 */
export const createPostgresEventStore = async (
  connectionString: string,
  options: PostgresEventStoreOptions = {},
): Promise<SqlEventStore> => {
  const { pool, ...storeOptions } = options;
  const store = new SqlEventStore(new PgSqlClient(connectionString, pool), storeOptions);
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
};
