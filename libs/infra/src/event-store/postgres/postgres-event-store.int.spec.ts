import { Client } from 'pg';
import { checkpointedProjectionContract } from '../../../../../test/contract/checkpointed-projection.contract';
import { eventStoreContract } from '../../../../../test/contract/event-store.contract';
import { eventually, newEvents } from '../../../../../test/contract/event-fixtures';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../../test/support/postgres-test-database';
import { sqlTamper } from '../../../../../test/support/sql-tamper';
import { PgSqlClient } from '../../sql/pg-sql-client';
import type { SqlEventStore } from '../sql/sql-event-store';
import {
  createPostgresEventStore,
  type PostgresEventStoreOptions,
} from './create-postgres-event-store';

// One fresh database per run (DATABASE_URL's server), one schema per test.
let database: PostgresTestDatabase;
let schemaCount = 0;
beforeAll(async () => {
  database = await createPostgresTestDatabase();
}, 60_000);
afterAll(() => database?.drop());

const freshStore = async () => {
  const schema = `contract_${(schemaCount += 1)}`;
  const opened: SqlEventStore[] = [];
  // Each store has its own pool: writers race as separate clients would.
  const open = async (options: PostgresEventStoreOptions = {}) => {
    const store = await createPostgresEventStore(database.url, {
      pool: { max: 3 },
      ...options,
      schema,
    });
    opened.push(store);
    return store;
  };
  const store = await open();
  const cleanup = async () => {
    const others = opened.filter((each) => each !== store);
    await Promise.all(others.map((each) => each.close()));
    await store.sql.query(`DROP SCHEMA ${schema} CASCADE`);
    await store.close();
  };
  return { store, open, cleanup };
};

eventStoreContract(
  'PostgreSQL',
  async () => {
    const { store, open, cleanup } = await freshStore();
    return {
      store,
      cleanup,
      withUpcasters: (upcasters) => open({ upcasters }),
      openWriter: () => open(),
      tamper: sqlTamper(store.sql, store.schema),
    };
  },
  { tamper: true },
);

checkpointedProjectionContract('PostgreSQL', freshStore, async () => {
  const schema = `crash_${(schemaCount += 1)}`;
  return {
    open: () => createPostgresEventStore(database.url, { schema }),
    childArgs: ['postgres', database.url],
    schema,
    oneProcessAtATime: false,
    cleanup: async () => {
      const client = new PgSqlClient(database.url);
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.close();
    },
  };
});

describe('PostgreSQL event store', () => {
  it('wakes a subscriber on another connection by NOTIFY, long before its poll', async () => {
    const { open, cleanup } = await freshStore();
    try {
      const writer = await open();
      const reader = await open({ pollIntervalMs: 30_000 });
      const received: number[] = [];
      const subscription = reader.subscribeToAll((event) => void received.push(event.position));
      await reader.listenForAppends();
      await new Promise((resolve) => setTimeout(resolve, 200)); // its first (empty) read

      await writer.append('notified', newEvents(2));
      await eventually(() => received.length === 2, 3000, 'the notified subscriber');
      await subscription.stop();
    } finally {
      await cleanup();
    }
  });

  it('says which server it cannot reach and how to fix it', async () => {
    const error = await createPostgresEventStore(
      'postgres://postgres:secret@127.0.0.1:1/nowhere',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
    expect((error as Error).message).toBe(
      'cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED): start it or set DATABASE_URL',
    );
  });

  it('says which database is missing', async () => {
    const url = new URL(database.url);
    url.pathname = '/sensei_no_such_database';
    const error = await createPostgresEventStore(url.toString()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
    expect((error as Error).message).toMatch(
      /database "sensei_no_such_database" does not exist .*create it/,
    );
  });

  it('describes its target without the password', () => {
    const client = new PgSqlClient('postgres://alice:s3cret@db.example:6543/sensei');
    expect(client.description).toBe('postgresql://alice@db.example:6543/sensei');
    return client.close();
  });

  it('fails every append of a batch whose connection dies mid-transaction, with UNAVAILABLE', async () => {
    const { store, cleanup } = await freshStore();
    const locker = new Client({ connectionString: database.url });
    const waitingForLock = `FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`;
    try {
      await store.append('warm-up', newEvents(1));
      // Hold the position lock so the next batch stops inside its transaction...
      await locker.connect();
      await locker.query('BEGIN');
      await locker.query(`SELECT position FROM ${store.schema.globalPosition} FOR UPDATE`);
      const appends = Promise.allSettled(
        [1, 2, 3].map((i) => store.append(`s-${i}`, newEvents(1))),
      );
      await eventually(
        async () =>
          (await locker.query(`SELECT count(*)::int AS n ${waitingForLock}`)).rows[0].n === 1,
        5000,
        'the batch to wait for the position lock',
      );
      // ...then kill its connection, as a server restart or failover would.
      await locker.query(`SELECT pg_terminate_backend(pid) ${waitingForLock}`);
      const results = await appends;
      await locker.query('ROLLBACK');

      expect(
        results.map((r) => (r.status === 'rejected' ? (r.reason as { code?: string }).code : 'ok')),
      ).toEqual(['EVENT_STORE.UNAVAILABLE', 'EVENT_STORE.UNAVAILABLE', 'EVENT_STORE.UNAVAILABLE']);
      expect(await store.readAll()).toHaveLength(1);
      await expect(store.append('after', newEvents(1))).resolves.toEqual({
        nextExpectedRevision: 0,
        position: 2,
      });
    } finally {
      await locker.end();
      await cleanup();
    }
  });
});
