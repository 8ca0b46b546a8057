import { readSideContract } from '../../../../test/contract/read-side.contract';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../test/support/postgres-test-database';
import { createPostgresEventStore } from '../event-store/postgres/create-postgres-event-store';
import { PgSqlClient } from '../sql/pg-sql-client';

// Each test gets fresh databases: one for the event store and the read models (schema `read` is
// fixed), one for the fresh build a rebuild is compared with.
readSideContract('PostgreSQL', async () => {
  const databases: PostgresTestDatabase[] = [await createPostgresTestDatabase()];
  const clients: PgSqlClient[] = [];
  const client = (database: PostgresTestDatabase) => {
    const sql = new PgSqlClient(database.url);
    clients.push(sql);
    return sql;
  };
  const [main] = databases;
  const store = await createPostgresEventStore(main!.url, { pollIntervalMs: 20 });
  return {
    store,
    readDb: client(main!),
    freshReadDb: async () => {
      const fresh = await createPostgresTestDatabase();
      databases.push(fresh);
      return client(fresh);
    },
    cleanup: async () => {
      await store.close();
      for (const sql of clients) await sql.close();
      for (const database of databases) await database.drop();
    },
  };
});
