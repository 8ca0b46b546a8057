import { CheckpointedProjectionRunner } from '../../libs/infra/src/event-store/checkpointed-projection/checkpointed-projection-runner';
import type { CheckpointedProjection } from '../../libs/infra/src/event-store/checkpointed-projection/checkpointed-projection';
import type { SqlEventStore } from '../../libs/infra/src/event-store/sql/sql-event-store';
import { eventually, newEvents, uniqueStreamId } from './event-fixtures';
import { range } from './positions';
import {
  crashProjectionContract,
  type CrashFixture,
} from './checkpointed-projection.contract.crash';

export type { CrashFixture };

export interface ProjectionStoreFixture {
  /** A fresh, empty store. */
  store: SqlEventStore;
  cleanup(): Promise<void>;
}

/** One row per event, primary key on the event id: applying an event twice fails loudly. */
const readModel = (store: SqlEventStore) => {
  const table = `${store.schema.name}.projected_events`;
  return {
    create: () =>
      store.sql.query(
        `CREATE TABLE ${table} (event_id text PRIMARY KEY, position bigint NOT NULL)`,
      ),
    positions: async () =>
      (
        await store.sql.query<{ position: string }>(
          `SELECT position FROM ${table} ORDER BY position`,
        )
      ).rows.map((row) => Number(row.position)),
    projection: (name = 'projected-events', failAt?: number): CheckpointedProjection => ({
      name,
      handle: async (events, tx) => {
        for (const event of events) {
          await tx.query(`INSERT INTO ${table} (event_id, position) VALUES ($1, $2)`, [
            event.id,
            event.position,
          ]);
          if (event.position === failAt) throw new Error(`projection failed at ${failAt}`);
        }
      },
    }),
  };
};

/** Checkpointed projections over the SQL event store (PostgreSQL and PGlite). */
export const checkpointedProjectionContract = (
  name: string,
  makeStore: () => Promise<ProjectionStoreFixture>,
  makeCrashFixture: () => Promise<CrashFixture>,
): void => {
  describe(`${name}: checkpointed projections`, () => {
    let fixture: ProjectionStoreFixture;
    beforeEach(async () => {
      fixture = await makeStore();
    }, 60_000);
    afterEach(() => fixture.cleanup(), 60_000);

    it('applies every event once, moving the checkpoint with each batch', async () => {
      const { store } = fixture;
      const model = readModel(store);
      await model.create();
      await store.append(uniqueStreamId(), newEvents(25));
      const runner = new CheckpointedProjectionRunner(store, model.projection(), { batchSize: 10 });

      expect(await runner.runUntilCaughtUp()).toBe(25);
      expect(await runner.runUntilCaughtUp()).toBe(25);
      await store.append(uniqueStreamId(), newEvents(3));
      expect(await runner.runUntilCaughtUp()).toBe(28);

      expect(await model.positions()).toEqual(range(1, 28));
      expect(await runner.checkpoint()).toBe(28);
    });

    it('rolls back the read-model writes of a failed batch together with its checkpoint', async () => {
      const { store } = fixture;
      const model = readModel(store);
      await model.create();
      await store.append(uniqueStreamId(), newEvents(30));
      const runner = new CheckpointedProjectionRunner(store, model.projection('fails', 15), {
        batchSize: 10,
      });

      await expect(runner.runUntilCaughtUp()).rejects.toThrow('projection failed at 15');

      expect(await runner.checkpoint()).toBe(10);
      expect(await model.positions()).toEqual(range(1, 10));
    });

    it('applies each event once when two runners of one projection race', async () => {
      const { store } = fixture;
      const model = readModel(store);
      await model.create();
      await store.append(uniqueStreamId(), newEvents(60));
      const runners = [1, 2].map(
        () => new CheckpointedProjectionRunner(store, model.projection(), { batchSize: 7 }),
      );

      const checkpoints = await Promise.all(runners.map((runner) => runner.runUntilCaughtUp()));

      expect(checkpoints).toEqual([60, 60]);
      expect(await model.positions()).toEqual(range(1, 60));
    });

    it('tails new events until stopped', async () => {
      const { store } = fixture;
      const model = readModel(store);
      await model.create();
      await store.append(uniqueStreamId(), newEvents(5));
      const errors: unknown[] = [];
      const runner = new CheckpointedProjectionRunner(store, model.projection(), {
        batchSize: 4,
        onError: (error) => errors.push(error),
      });

      runner.start();
      await store.append(uniqueStreamId(), newEvents(6));
      await eventually(
        async () => (await model.positions()).length === 11,
        10_000,
        'the tail to apply 11 events',
      );
      await runner.stop();
      await store.append(uniqueStreamId(), newEvents(2));
      await new Promise((resolve) => setTimeout(resolve, 300));

      expect(await model.positions()).toEqual(range(1, 11));
      expect(errors).toEqual([]);
    });

    crashProjectionContract(makeCrashFixture);
  });
};
