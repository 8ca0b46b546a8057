import { SenseiError } from '@sensei/domain';
import { createPGliteEventStore } from '../event-store/pglite/create-pglite-event-store';
import { createPostgresEventStore } from '../event-store/postgres/create-postgres-event-store';
import type { SqlEventStore } from '../event-store/sql/sql-event-store';
import { PgSqlClient } from '../sql/pg-sql-client';
import { PGliteSqlClient } from '../sql/pglite-sql-client';
import type { SqlClient } from '../sql/sql-client';
import { EventStoreFeed, type EventFeed } from './event-feed';

export interface ReadSideEnv {
  SENSEI_EVENT_STORE?: string;
  DATABASE_URL?: string;
  SENSEI_READ_DATABASE_URL?: string;
  SENSEI_DATA_DIR?: string;
  SENSEI_READ_DATA_DIR?: string;
  SENSEI_EVENTS_URL?: string;
  [name: string]: string | undefined;
}

export interface OpenReadSideHooks {
  /**
   * HOOK for the HTTP feed (the command API's SSE endpoint), used when SENSEI_EVENTS_URL is set:
   * a projections process beside a command API that holds the PGlite event store.
   */
  httpFeed?: (url: string, env: ReadSideEnv) => EventFeed;
  /** An event store this process already holds (it is not closed by `close()`). */
  eventStore?: SqlEventStore;
}

export interface ReadSideConnections {
  feed: EventFeed;
  /** The read database: read models, checkpoints, status, parked events. */
  sql: SqlClient;
  close(): Promise<void>;
}

export const defaultReadDataDir = './.sensei/read';

const required = (env: ReadSideEnv, name: string, because: string): string => {
  const value = env[name];
  if (!value) {
    throw new SenseiError('VALIDATION.FAILED', `${name} is required when ${because}`, {
      field: name,
    });
  }
  return value;
};

const openFeed = async (env: ReadSideEnv, hooks: OpenReadSideHooks): Promise<EventFeed> => {
  if (env.SENSEI_EVENTS_URL) {
    if (!hooks.httpFeed) {
      throw new SenseiError(
        'VALIDATION.FAILED',
        'SENSEI_EVENTS_URL is set but this process cannot read events over HTTP',
        { field: 'SENSEI_EVENTS_URL' },
      );
    }
    return hooks.httpFeed(env.SENSEI_EVENTS_URL, env);
  }
  if (hooks.eventStore) return new EventStoreFeed(hooks.eventStore);
  const kind = env.SENSEI_EVENT_STORE || 'pglite';
  if (kind === 'postgres') {
    const url = required(env, 'DATABASE_URL', 'SENSEI_EVENT_STORE=postgres');
    return new EventStoreFeed(await createPostgresEventStore(url), { ownsStore: true });
  }
  if (kind === 'pglite') {
    const store = await createPGliteEventStore(env.SENSEI_DATA_DIR || './.sensei/data');
    return new EventStoreFeed(store, { ownsStore: true });
  }
  throw new SenseiError(
    'VALIDATION.FAILED',
    `The read side reads SENSEI_EVENT_STORE=postgres or pglite, not ${kind}; set SENSEI_EVENTS_URL to read a command API instead`,
    { field: 'SENSEI_EVENT_STORE' },
  );
};

const openReadDatabase = async (env: ReadSideEnv): Promise<SqlClient> => {
  const url =
    env.SENSEI_READ_DATABASE_URL ||
    (env.SENSEI_EVENT_STORE === 'postgres'
      ? required(env, 'DATABASE_URL', 'SENSEI_EVENT_STORE=postgres')
      : undefined);
  return url
    ? new PgSqlClient(url)
    : PGliteSqlClient.open(env.SENSEI_READ_DATA_DIR || defaultReadDataDir);
};

/**
 * The feed and the read database the environment names:
 * - SENSEI_EVENTS_URL: events over HTTP (hook `httpFeed`); else the event store itself,
 *   SENSEI_EVENT_STORE=postgres at DATABASE_URL, or PGlite at SENSEI_DATA_DIR (./.sensei/data);
 * - read models in SENSEI_READ_DATABASE_URL, else DATABASE_URL when the events are in
 *   PostgreSQL, else PGlite at SENSEI_READ_DATA_DIR (./.sensei/read).
 */
export const openReadSide = async (
  env: ReadSideEnv = process.env,
  hooks: OpenReadSideHooks = {},
): Promise<ReadSideConnections> => {
  const feed = await openFeed(env, hooks);
  try {
    const sql = await openReadDatabase(env);
    return {
      feed,
      sql,
      close: async () => {
        await sql.close();
        await feed.close();
      },
    };
  } catch (error) {
    await feed.close();
    throw error;
  }
};
