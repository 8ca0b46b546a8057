import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointedProjectionContract } from '../../../../../test/contract/checkpointed-projection.contract';
import { eventStoreContract } from '../../../../../test/contract/event-store.contract';
import { newEvents } from '../../../../../test/contract/event-fixtures';
import { sqlTamper } from '../../../../../test/support/sql-tamper';
import { PGliteSqlClient } from '../../sql/pglite-sql-client';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import { createPGliteEventStore } from './create-pglite-event-store';

// Starting PGlite takes seconds, so the file shares one in-memory instance and gives each test
// a schema of its own.
let client: PGliteSqlClient;
let schemaCount = 0;
beforeAll(async () => {
  client = await PGliteSqlClient.open('memory://');
}, 60_000);
afterAll(() => client.close());

const freshStore = async () => {
  const schema = `contract_${(schemaCount += 1)}`;
  const opened: SqlEventStore[] = [];
  const open = async (options: SqlEventStoreOptions = {}) => {
    const store = new SqlEventStore(client, { ...options, schema, ownsClient: false });
    await store.migrate();
    opened.push(store);
    return store;
  };
  const store = await open();
  const cleanup = async () => {
    await Promise.all(opened.map((each) => each.close()));
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
  };
  return { store, open, cleanup };
};

const tempDir = () => mkdtempSync(join(tmpdir(), 'sensei-pglite-'));

eventStoreContract(
  'PGlite',
  async () => {
    const { store, open, cleanup } = await freshStore();
    return {
      store,
      cleanup,
      withUpcasters: (upcasters) => open({ upcasters }),
      // Separate store instances (separate append queues) whose transactions interleave.
      openWriter: () => open(),
      tamper: sqlTamper(client, store.schema),
    };
  },
  { gaplessSeconds: Number(process.env.SENSEI_GAPLESS_SECONDS ?? 2), tamper: true },
);

checkpointedProjectionContract('PGlite', freshStore, async () => {
  // A file-backed directory that does not exist yet: the store creates it, and the crash test
  // then reopens it after kill -9.
  const parent = tempDir();
  const dataDir = join(parent, 'nested', 'data');
  return {
    open: () => createPGliteEventStore(dataDir, { schema: 'crash' }),
    childArgs: ['pglite', dataDir],
    schema: 'crash',
    oneProcessAtATime: true,
    cleanup: async () => rmSync(parent, { recursive: true, force: true }),
  };
});

describe('PGlite event store files', () => {
  it('fails with EVENT_STORE.UNAVAILABLE naming the directory it cannot open', async () => {
    const parent = tempDir();
    const notADirectory = join(parent, 'file');
    writeFileSync(notADirectory, 'not a data directory');
    try {
      const error = await createPGliteEventStore(notADirectory).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
      expect((error as Error).message).toContain(notADirectory);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses appends once closed', async () => {
    const { store, cleanup } = await freshStore();
    await cleanup();
    await expect(store.append('late', newEvents(1))).rejects.toMatchObject({
      code: 'EVENT_STORE.UNAVAILABLE',
    });
  });
});
