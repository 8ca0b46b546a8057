import {
  activityProjection,
  EventStoreFeed,
  type EventFeed,
  migrationsProjection,
  ReadModelRepository,
  type Projection,
  type ReadSide,
} from '@sensei/infra';
import { buildSchemas, dumpReadModels } from '../support/read-model-dump';
import {
  appendHistory,
  chinookCliHistory,
  historyCopy,
  type HistoryEvent,
} from '../support/read-side-history';
import { openReadSideOn, type ReadSideFixture } from './read-side.contract';

/** A migration whose ingestion manifest is garbage: the migrations fold cannot read it. */
const poisoned = (): HistoryEvent[] => {
  const [requested, started] = chinookCliHistory();
  const rename = (event: HistoryEvent, id: string): HistoryEvent => ({
    ...event,
    id,
    streamId: 'migration-poisoned',
    data: { ...(event.data as object), migrationId: 'poisoned' },
  });
  return [
    rename(requested!, 'poison-1'),
    rename(started!, 'poison-2'),
    {
      ...rename(started!, 'poison-3'),
      type: 'IngestionCompleted',
      data: { migrationId: 'poisoned', tables: 42 },
    },
  ];
};

/** Fails the first `failures` applies, then works: a database hiccup, not a bad event. */
const flaky = (projection: Projection, failures: number): Projection => {
  let left = failures;
  return {
    ...projection,
    apply: async (events, tx, schema) => {
      if (left > 0) {
        left -= 1;
        throw new Error('transient hiccup');
      }
      await projection.apply(events, tx, schema);
    },
  };
};

export const readSideResilienceContract = (
  engine: string,
  open: () => Promise<ReadSideFixture>,
) => {
  describe(`${engine}: read side under failure and rebuild`, () => {
    let fixture: ReadSideFixture;
    const started: ReadSide[] = [];
    const start = async (options?: Parameters<typeof openReadSideOn>[1]) => {
      const readSide = await openReadSideOn(fixture, options);
      started.push(readSide);
      return readSide;
    };
    beforeEach(async () => {
      fixture = await open();
    }, 60_000);
    afterEach(async () => {
      for (const readSide of started.splice(0)) await readSide.stop();
      await fixture.cleanup();
    }, 60_000);

    it('parks an event it cannot apply, shows the error and goes on; others are unaffected', async () => {
      await appendHistory(fixture.store, poisoned());
      await appendHistory(fixture.store, chinookCliHistory());
      const readSide = await start();
      await readSide.caughtUp();

      const status = Object.fromEntries((await readSide.status()).map((s) => [s.name, s]));
      expect(status.migrations).toMatchObject({ parkedCount: 1, lagEvents: 0, position: 185 });
      expect(status.migrations?.lastError).toMatch(/^position 3 \(IngestionCompleted\): .*map/);
      expect(status.activity).toMatchObject({ parkedCount: 0, lastError: null, position: 185 });
      expect(await readSide.parkedEvents()).toEqual([
        expect.objectContaining({
          projection: 'migrations',
          position: 3,
          eventId: 'poison-3',
          attempts: 4,
        }),
      ]);
      const queries = new ReadModelRepository(fixture.readDb);
      // The events before and after the bad one are in; the audit log has all three.
      expect(await queries.getMigration('poisoned')).toMatchObject({ status: 'ingesting' });
      expect(await queries.getMigration('chinook')).toMatchObject({ status: 'completed' });
      expect((await queries.activity('poisoned')).items.map((e) => e.eventType)).toEqual([
        'MigrationRequested',
        'IngestionStarted',
        'IngestionCompleted',
      ]);
    }, 60_000);

    it('retries a batch that fails for a while, and parks nothing', async () => {
      await appendHistory(fixture.store, chinookCliHistory());
      const readSide = await start({
        projections: [flaky(migrationsProjection, 2), activityProjection],
      });
      await readSide.caughtUp();
      expect((await readSide.status()).map((s) => [s.name, s.parkedCount, s.lastError])).toEqual([
        ['activity', 0, null],
        ['migrations', 0, null],
      ]);
      expect(await new ReadModelRepository(fixture.readDb).getMigration('chinook')).toMatchObject({
        status: 'completed',
      });
    }, 60_000);

    it('rebuilds beside the live build; readers always see complete results; equals a fresh build', async () => {
      await appendHistory(fixture.store, chinookCliHistory());
      const readSide = await start({ batchSize: 50 });
      await readSide.caughtUp();
      const queries = new ReadModelRepository(fixture.readDb);
      const complete = (await queries.mappingsOf(['chinook'])).length;

      // Readers hammer the views while the rebuild runs and new events keep arriving.
      let rebuilding = true;
      const seen: number[] = [];
      const reader = (async () => {
        while (rebuilding) {
          const [mappings, migration] = [
            await queries.mappingsOf(['chinook']),
            await queries.getMigration('chinook'),
          ];
          seen.push(mappings.length);
          expect(migration?.status).toBe('completed');
        }
      })();
      const rebuilt = readSide.rebuild('migrations');
      await appendHistory(fixture.store, historyCopy(1));
      const build = await rebuilt;
      rebuilding = false;
      await reader;
      const v = migrationsProjection.version;
      expect(build).toMatchObject({
        checkpoint: `migrations@v${v}.2`,
        schema: `read_migrations_v${v}_2`,
      });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((count) => count === complete)).toBe(true);

      await readSide.caughtUp();
      expect(await buildSchemas(fixture.readDb)).toEqual([
        'read_activity_v1',
        `read_migrations_v${v}_2`,
      ]);
      const fresh = await start({ sql: await fixture.freshReadDb() });
      await fresh.caughtUp();
      expect(await dumpReadModels(fixture.readDb)).toEqual(await dumpReadModels(fresh.sql));
    }, 60_000);

    it('builds a new code version while the old one serves, then switches to it', async () => {
      const current = migrationsProjection.version;
      const next = current + 1;
      await appendHistory(fixture.store, chinookCliHistory());
      const v1 = await start({ projections: [migrationsProjection] });
      await v1.caughtUp();
      await v1.stop();

      // The new version's reads wait for the test, so it is seen building while v1 serves.
      let releaseV2!: () => void;
      const held = new Promise<void>((resolve) => (releaseV2 = resolve));
      const feed = new EventStoreFeed(fixture.store);
      const gated: EventFeed = {
        description: feed.description,
        read: async (from, max) => {
          await held;
          return feed.read(from, max);
        },
        waitForEvents: (position, timeoutMs, signal) =>
          feed.waitForEvents(position, timeoutMs, signal),
        head: () => feed.head(),
        close: () => feed.close(),
      };
      const v2 = await start({
        feed: gated,
        projections: [{ ...migrationsProjection, version: next }],
      });
      const during = await v2.status();
      expect(during.map((s) => [s.checkpoint, s.state])).toEqual([
        [`migrations@v${current}`, 'live'],
        [`migrations@v${next}`, 'building'],
      ]);
      // The old version still answers while the new one builds.
      expect(await new ReadModelRepository(fixture.readDb).getMigration('chinook')).toMatchObject({
        status: 'completed',
      });
      releaseV2();
      await v2.caughtUp();
      expect((await v2.status()).map((s) => [s.checkpoint, s.state])).toEqual([
        [`migrations@v${next}`, 'live'],
      ]);
      expect(await buildSchemas(fixture.readDb)).toEqual([`read_migrations_v${next}`]);
    }, 60_000);
  });
};
