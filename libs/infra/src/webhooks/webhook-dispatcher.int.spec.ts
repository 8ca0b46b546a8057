import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../test/support/postgres-test-database';
import { webhookDispatcherContract } from '../../../../test/contract/webhook-dispatcher.contract';
import { createPostgresEventStore } from '../event-store/postgres/create-postgres-event-store';

// The lease is what keeps two API instances from delivering one webhook twice: here it runs on
// a real PostgreSQL server, with both dispatchers' transactions on their own connections.
webhookDispatcherContract('PostgreSQL', async () => {
  const database: PostgresTestDatabase = await createPostgresTestDatabase();
  const store = await createPostgresEventStore(database.url);
  return {
    store,
    close: async () => {
      await store.close();
      await database.drop();
    },
  };
});
