import {
  createPGliteEventStore,
  EventStoreFeed,
  LineageProjector,
  PGliteSqlClient,
  type ReadSide,
  SqlLineageGraph,
  type SqlEventStore,
  startReadSide,
} from '@sensei/infra';
import { appendHistory, type HistoryEvent } from '../../../../test/support/read-side-history';
import { CountingSqlClient } from './test-app';

/**
 * The embedded read side as `main.ts` runs it, in memory: a PGlite event store, the read models
 * (libs/infra projections) in a PGlite read database, and the lineage graph's SQL tables in the
 * same read database. GraphQL reads through `readSql`, which counts its statements.
 */
export interface ReadSideHarness {
  store: SqlEventStore;
  feed: EventStoreFeed;
  readSide: ReadSide;
  lineage: SqlLineageGraph;
  projector: LineageProjector;
  /** The read database as the GraphQL app sees it. */
  readSql: CountingSqlClient;
  append(events: readonly HistoryEvent[]): Promise<void>;
  /** Resolves once every read model and the lineage graph hold everything appended so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

export const startReadSideHarness = async (): Promise<ReadSideHarness> => {
  const store = await createPGliteEventStore('memory://');
  const readDatabase = await PGliteSqlClient.open('memory://');
  const feed = new EventStoreFeed(store);
  const readSide = await startReadSide({ feed, sql: readDatabase, idleWaitMs: 200 });
  const lineage = await SqlLineageGraph.open(readDatabase);
  const projector = new LineageProjector(lineage, feed, { idleWaitMs: 200 });
  projector.start();
  return {
    store,
    feed,
    readSide,
    lineage,
    projector,
    readSql: new CountingSqlClient(readDatabase),
    append: (events) => appendHistory(store, events),
    caughtUp: async () => {
      await readSide.caughtUp(30_000);
      await projector.runUntilCaughtUp();
    },
    close: async () => {
      await projector.stop();
      await readSide.stop();
      await lineage.close();
      await readDatabase.close();
      await store.close();
    },
  };
};
