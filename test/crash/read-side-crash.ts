import {
  EventStoreFeed,
  readProjectionStatus,
  startReadSide,
  type SqlClient,
  type SqlEventStore,
} from '@sensei/infra';
import { dumpReadModels } from '../support/read-model-dump';
import { appendHistoryCopies } from '../support/read-side-history';
import { ChildOutput, spawnTs } from '../support/spawn-ts';

export interface ReadSideCrashSetup {
  /** Environment that points the child's openReadSide at the event store and read database. */
  childEnv: NodeJS.ProcessEnv;
  openStore(): Promise<SqlEventStore>;
  /** The read database the children wrote (opened once they are gone). */
  openReadDb(): Promise<SqlClient>;
  /** An empty read database for the fresh build. */
  openFreshReadDb(): Promise<SqlClient>;
  cleanup(): Promise<void>;
}

export interface ReadSideCrashPlan {
  /** Copies of the recorded CLI history (182 events each). */
  copies: number;
  /** Where each kill lands, as a share of the log a checkpoint has reached. */
  killAt: number[];
  batchSize: number;
  timeoutMs: number;
}

const highestProgress = (output: string): number =>
  Math.max(0, ...[...output.matchAll(/^progress \S+ (\d+)$/gm)].map((match) => Number(match[1])));

/** Resolves once some checkpoint printed a position >= `position`; rejects if the child ends first. */
const progressReached = async (output: ChildOutput, position: number, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (highestProgress(output.all) < position) {
    if (
      output.child.exitCode !== null ||
      output.child.signalCode !== null ||
      Date.now() > deadline
    ) {
      throw new Error(`the child never reached position ${position}:\n${output.all}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

const startChild = (setup: ReadSideCrashSetup, plan: ReadSideCrashPlan) =>
  new ChildOutput(
    spawnTs('test/support/read-side-child.ts', [String(plan.batchSize)], setup.childEnv),
  );

/**
 * Issue 5's acceptance: kill -9 the projections process mid catch-up (several times), restart
 * it until caught up; every read model must then equal a fresh build from position 0.
 */
export const readSideCrashTest = (
  engine: string,
  makeSetup: () => Promise<ReadSideCrashSetup>,
  plan: ReadSideCrashPlan,
): void => {
  describe(`${engine}: read side killed mid catch-up`, () => {
    let setup: ReadSideCrashSetup;
    beforeAll(async () => {
      setup = await makeSetup();
    }, 60_000);
    afterAll(() => setup.cleanup(), 60_000);

    it(
      'after kill -9 and restarts, every read model equals a fresh rebuild from position 0',
      async () => {
        const store = await setup.openStore();
        await appendHistoryCopies(store, { from: 0, to: plan.copies });
        const head = await store.headPosition();
        await store.close();

        for (const share of plan.killAt) {
          const child = startChild(setup, plan);
          await progressReached(child, Math.floor(head * share), plan.timeoutMs);
          child.child.kill('SIGKILL');
          expect(await child.exited()).toBe('SIGKILL');
          expect(child.all).not.toContain('caught up');
        }
        const last = startChild(setup, plan);
        await last.waitFor(/caught up at \d+/, plan.timeoutMs);
        expect(await last.exited()).toBe(0);
        expect(last.all).toContain(`caught up at ${head}`);

        const crashed = await setup.openReadDb();
        const replayed = await setup.openStore();
        const fresh = await startReadSide({
          feed: new EventStoreFeed(replayed),
          sql: await setup.openFreshReadDb(),
        });
        try {
          await fresh.caughtUp(plan.timeoutMs);
          const survivor = await dumpReadModels(crashed);
          expect(Object.keys(survivor)).toHaveLength(7);
          expect(survivor.activity).toHaveLength(head);
          expect(survivor).toEqual(await dumpReadModels(fresh.sql));
          const status = await readProjectionStatus(
            crashed,
            await new EventStoreFeed(replayed).head(),
          );
          expect(
            status.map((s) => [s.name, s.state, s.position, s.lagEvents, s.parkedCount]),
          ).toEqual([
            ['activity', 'live', head, 0, 0],
            ['migrations', 'live', head, 0, 0],
          ]);
        } finally {
          await fresh.stop();
          await fresh.sql.close();
          await crashed.close();
          await replayed.close();
        }
      },
      plan.timeoutMs * (plan.killAt.length + 3),
    );
  });
};
