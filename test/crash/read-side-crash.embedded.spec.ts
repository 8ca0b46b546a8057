import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPGliteEventStore, PGliteSqlClient } from '@sensei/infra';
import { readSideCrashTest } from './read-side-crash';

// The embedded layout: events and read models in separate PGlite directories (one process each).
// One kill only: every PGlite start costs seconds, the PostgreSQL variant kills four times.
readSideCrashTest(
  'PGlite',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sensei-read-crash-'));
    const events = join(dir, 'data');
    const read = join(dir, 'read');
    return {
      childEnv: {
        SENSEI_EVENT_STORE: 'pglite',
        SENSEI_DATA_DIR: events,
        SENSEI_READ_DATA_DIR: read,
      },
      openStore: () => createPGliteEventStore(events),
      openReadDb: () => PGliteSqlClient.open(read),
      openFreshReadDb: () => PGliteSqlClient.open('memory://'),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { copies: 15, killAt: [0.4], batchSize: 100, timeoutMs: 90_000 },
);
