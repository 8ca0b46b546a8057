import { resolve } from 'node:path';
import { CheckpointedProjectionRunner } from '../../libs/infra/src/event-store/checkpointed-projection/checkpointed-projection-runner';
import type { SqlEventStore } from '../../libs/infra/src/event-store/sql/sql-event-store';
import {
  crashProjectionName,
  crashReadModel,
  crashTestBatchSize,
} from '../support/projection-crash-read-model';
import { ChildOutput, spawnTs } from '../support/spawn-ts';
import { newEvents, uniqueStreamId } from './event-fixtures';
import { range } from './positions';

/** Data a projection child process can open too (file-backed or on a server). */
export interface CrashFixture {
  /** Opens a store on that data, for seeding and checking. */
  open(): Promise<SqlEventStore>;
  /** `<postgres|pglite> <location>` for test/support/projection-crash-child.ts. */
  childArgs: [engine: string, location: string];
  /** Schema the store opened by `open` uses. */
  schema: string;
  /** PGlite: one process per data directory, so close the test's store while a child runs. */
  oneProcessAtATime: boolean;
  cleanup(): Promise<void>;
}

const childScript = resolve(__dirname, '../support/projection-crash-child.ts');
const eventCount = 120;
/** Slow enough that the kill lands well inside a batch (10 events = 250 ms). */
const msPerEvent = 25;
/** Killed while applying the 4th batch (31..40), after inserting 3 of its rows. */
const killAfterInserting = 33;
const committedBeforeKill =
  Math.floor((killAfterInserting - 1) / crashTestBatchSize) * crashTestBatchSize;

const projectionState = async (store: SqlEventStore, schema: string) => {
  const runner = new CheckpointedProjectionRunner(store, {
    name: crashProjectionName,
    handle: async () => undefined,
  });
  const { rows } = await store.sql.query<{ position: string }>(crashReadModel.positions(schema));
  return {
    checkpoint: await runner.checkpoint(),
    positions: rows.map((row) => Number(row.position)),
  };
};

export const crashProjectionContract = (makeCrashFixture: () => Promise<CrashFixture>): void => {
  it('survives kill -9 mid-batch: after a restart the read model has each event exactly once', async () => {
    const crash = await makeCrashFixture();
    const { schema, oneProcessAtATime } = crash;
    const startChild = (delayMs: number) =>
      new ChildOutput(spawnTs(childScript, [...crash.childArgs, schema, String(delayMs)]));
    let store: SqlEventStore | undefined = await crash.open();
    const letChildOpenTheData = async () => {
      if (!oneProcessAtATime) return;
      await store?.close();
      store = undefined;
    };
    try {
      for (let i = 0; i < eventCount / 10; i += 1) {
        await store.append(uniqueStreamId(), newEvents(10));
      }
      await store.sql.query(crashReadModel.create(schema));
      await letChildOpenTheData();

      const first = startChild(msPerEvent);
      await first.waitFor(new RegExp(`inserted ${killAfterInserting}\\b`), 60_000);
      first.child.kill('SIGKILL');
      expect(await first.exited()).toBe('SIGKILL');

      // The batch in flight (31..40) left nothing behind; the ones before it are complete.
      store ??= await crash.open();
      expect(await projectionState(store, schema)).toEqual({
        checkpoint: committedBeforeKill,
        positions: range(1, committedBeforeKill),
      });
      await letChildOpenTheData();

      const second = startChild(0);
      await second.waitFor(/caught up at \d+/, 60_000);
      expect(await second.exited()).toBe(0);

      store ??= await crash.open();
      expect(await projectionState(store, schema)).toEqual({
        checkpoint: eventCount,
        positions: range(1, eventCount),
      });
      expect(await store.headPosition()).toBe(eventCount);
    } finally {
      await store?.close();
      await crash.cleanup();
    }
  }, 180_000);
};
