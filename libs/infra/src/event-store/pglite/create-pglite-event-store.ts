import { PGliteSqlClient, defaultPGliteDataDir } from '../../sql/pglite-sql-client';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';

/**
 * The embedded event store: PGlite in this process, file-backed (created if missing; default
 * `./.sensei/data`) or `memory://` for tests. One process per data directory.
 */
export const createPGliteEventStore = async (
  dataDir: string = defaultPGliteDataDir,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> => {
  const store = new SqlEventStore(await PGliteSqlClient.open(dataDir), options);
  try {
    await store.migrate();
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
};
