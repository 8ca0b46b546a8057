import { readSideContract } from '../../../../test/contract/read-side.contract';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import type { SqlClient } from '../sql/sql-client';

// Starting PGlite takes seconds, so the file shares two in-memory instances: the first holds
// each test's event store (a schema of its own) and its read database, the second is the fresh
// read database a rebuild is compared with. Schema `read` is fixed, so it is dropped after each test.
let main: PGliteSqlClient;
let spare: PGliteSqlClient;
let stores = 0;
beforeAll(async () => {
  [main, spare] = await Promise.all([
    PGliteSqlClient.open('memory://'),
    PGliteSqlClient.open('memory://'),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([main.close(), spare.close()]);
});

const dropReadSchemas = async (sql: SqlClient) => {
  const { rows } = await sql.query<{ name: string }>(
    "SELECT nspname AS name FROM pg_namespace WHERE nspname = 'read' OR nspname LIKE 'read\\_%'",
  );
  for (const { name } of rows) await sql.query(`DROP SCHEMA ${name} CASCADE`);
};

readSideContract('PGlite', async () => {
  const schema = `side_events_${(stores += 1)}`;
  const store = new SqlEventStore(main, { schema, ownsClient: false, pollIntervalMs: 20 });
  await store.migrate();
  return {
    store,
    readDb: main,
    freshReadDb: async () => {
      await dropReadSchemas(spare);
      return spare;
    },
    cleanup: async () => {
      await store.close();
      await main.query(`DROP SCHEMA ${schema} CASCADE`);
      await dropReadSchemas(main);
      await dropReadSchemas(spare);
    },
  };
});
