import {
  type ApiKeyStore,
  type ArtifactStore,
  artifactStoreFromEnv,
  defaultArtifactDirectory,
  createEventStoreDbEventStore,
  createPGliteEventStore,
  createPostgresEventStore,
  type EventStore,
  type IdempotencyStore,
  type KeyFileSigner,
  openKeyFileSigner,
  PgSqlClient,
  PGliteSqlClient,
  SqlApiKeyStore,
  type SqlClient,
  SqlIdempotencyStore,
} from '@sensei/infra';
import type { CommandApiConfig } from '../config/command-api.config';

/** The ports the command API runs on, opened and ready (schemas created). */
export interface CommandApiAdapters {
  eventStore: EventStore;
  /** Holds `api_keys` and `idempotency_keys`. */
  sql: SqlClient;
  apiKeys: ApiKeyStore;
  idempotency: IdempotencyStore;
  /** Signs KORA certificates (SENSEI_SIGNING_KEY, else the key file, generated when absent). */
  signer: KeyFileSigner;
  /** What opening the signer had to say (a key generated), for the app's logger. */
  signerLog: string[];
  /** SENSEI_ARTIFACT_STORE=s3 and its SENSEI_S3_* settings; else the configured directory. */
  artifacts: ArtifactStore;
  close(): Promise<void>;
}

interface Stores {
  eventStore: EventStore;
  sql: SqlClient;
  /** Whether closing the event store already closes `sql`. */
  sharedSql: boolean;
}

/**
 * PGlite and PostgreSQL keep API keys and idempotency keys beside the events, in one database.
 * EventStoreDB holds only events: the tables go to DATABASE_URL when set, else to PGlite at the
 * data directory.
 */
const openStores = async (config: CommandApiConfig): Promise<Stores> => {
  switch (config.eventStore) {
    case 'pglite': {
      const eventStore = await createPGliteEventStore(config.dataDir);
      return { eventStore, sql: eventStore.sql, sharedSql: true };
    }
    case 'postgres': {
      const eventStore = await createPostgresEventStore(config.databaseUrl ?? '');
      return { eventStore, sql: eventStore.sql, sharedSql: true };
    }
    case 'eventstoredb': {
      const eventStore = createEventStoreDbEventStore(config.eventStoreConnectionString ?? '');
      const sql = config.databaseUrl
        ? new PgSqlClient(config.databaseUrl)
        : await PGliteSqlClient.open(config.dataDir);
      return { eventStore, sql, sharedSql: false };
    }
  }
};

export const createAdapters = async (config: CommandApiConfig): Promise<CommandApiAdapters> => {
  // First: a malformed key refuses the start before any store is opened.
  const signerLog: string[] = [];
  const signer = await openKeyFileSigner({
    defaultKeyFile: config.signingKeyFile,
    log: (line) => signerLog.push(line),
  });
  const artifacts = artifactStoreFromEnv(process.env, {
    directory: config.artifactDir ?? defaultArtifactDirectory,
  });
  const { eventStore, sql, sharedSql } = await openStores(config);
  const close = async () => {
    await eventStore.close();
    if (!sharedSql) await sql.close();
  };
  try {
    const apiKeys = new SqlApiKeyStore(sql);
    const idempotency = new SqlIdempotencyStore(sql);
    await apiKeys.ensureSchema();
    await idempotency.ensureSchema();
    return { eventStore, sql, apiKeys, idempotency, signer, signerLog, artifacts, close };
  } catch (error) {
    await close();
    throw error;
  }
};
