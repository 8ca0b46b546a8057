import { createPostgresEventStore, PgSqlClient } from '@sensei/infra';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database';
import { readSideCrashTest } from './read-side-crash';

// Events and read models in separate databases, as SENSEI_READ_DATABASE_URL allows.
readSideCrashTest(
  'PostgreSQL',
  async () => {
    const events = await createPostgresTestDatabase();
    const read = await createPostgresTestDatabase();
    const fresh: PostgresTestDatabase[] = [];
    return {
      childEnv: {
        SENSEI_EVENT_STORE: 'postgres',
        DATABASE_URL: events.url,
        SENSEI_READ_DATABASE_URL: read.url,
      },
      openStore: () => createPostgresEventStore(events.url),
      openReadDb: async () => new PgSqlClient(read.url),
      openFreshReadDb: async () => {
        const database = await createPostgresTestDatabase();
        fresh.push(database);
        return new PgSqlClient(database.url);
      },
      cleanup: async () => {
        for (const database of [events, read, ...fresh]) await database.drop();
      },
    };
  },
  { copies: 30, killAt: [0.1, 0.3, 0.5, 0.8], batchSize: 100, timeoutMs: 60_000 },
);
