import type { LineageGraph } from '../../libs/infra/src/lineage/lineage-graph.port';
import { LineageProjector } from '../../libs/infra/src/lineage/lineage-projector';
import { eventually } from './event-fixtures';
import {
  ArrayEventFeed,
  LineageHistory,
  chinookSource,
  salesMart,
  storeIdOf,
} from './lineage-events';

/** A graph whose engine a test can take down and bring back (a closed port, a killed server). */
export interface LineageOutageFixture {
  graph: LineageGraph;
  /** Another graph on a connection the outage does not touch: the other projections. */
  bystander: LineageGraph;
  takeDown(): Promise<void>;
  bringUp(): Promise<void>;
  cleanup(): Promise<void>;
}

const revenue = { store: storeIdOf(salesMart), table: 'sales_fact', column: 'revenue' };
const unitPrice = { store: storeIdOf(chinookSource), table: 'InvoiceLine', column: 'UnitPrice' };

const errorCode = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => 'resolved',
    (error: { code?: unknown }) => error.code,
  );

/**
 * The lineage projector over a graph that goes down: lineage waits in the log (nothing is lost),
 * other projections keep going, and the graph catches up from its own checkpoint when it is back
 * (nothing is applied twice).
 */
export const lineageProjectorContract = (
  name: string,
  makeFixture: () => Promise<LineageOutageFixture>,
): void => {
  describe(`${name}: lineage projector`, () => {
    let fixture: LineageOutageFixture | undefined;
    const projectors: LineageProjector[] = [];
    beforeEach(async () => {
      fixture = undefined;
      fixture = await makeFixture();
    }, 60_000);
    afterEach(async () => {
      for (const projector of projectors.splice(0)) await projector.stop();
      await fixture?.bringUp();
      await fixture?.cleanup();
    }, 60_000);

    const current = (): LineageOutageFixture => {
      if (!fixture) throw new Error('the fixture did not start');
      return fixture;
    };

    const follow = (graph: LineageGraph, feed: ArrayEventFeed) => {
      const projector = new LineageProjector(graph, feed, {
        batchSize: 2,
        idleWaitMs: 200,
        minRetryDelayMs: 50,
        maxRetryDelayMs: 400,
      });
      projectors.push(projector);
      projector.start();
      return projector;
    };

    it('follows the feed and reports its checkpoint and lag', async () => {
      const feed = new ArrayEventFeed();
      const events = new LineageHistory().chinookThenSalesMart().recorded();
      feed.events.push(...events.slice(0, 3));
      const projector = follow(current().graph, feed);

      await eventually(async () => (await projector.status()).state === 'live', 20_000, 'live');
      expect(await projector.status()).toMatchObject({
        checkpoint: 3,
        headPosition: 3,
        lagEvents: 0,
        lagSeconds: 0,
        lastError: undefined,
      });

      feed.events.push(...events.slice(3));
      await eventually(
        async () => (await projector.status()).checkpoint === events.length,
        20_000,
        'the appended events',
      );
      expect(await current().graph.checkpoint()).toBe(events.length);
      expect(await current().graph.upstream(revenue)).toHaveLength(4);
    }, 60_000);

    it('queues lineage while the graph is down and catches up, nothing lost or doubled', async () => {
      const feed = new ArrayEventFeed();
      const events = new LineageHistory().chinookThenSalesMart().recorded();
      feed.events.push(...events.slice(0, 3));
      const projector = follow(current().graph, feed);
      // Another projection on the same feed, on a graph that stays up.
      const sideGraph = current().bystander;
      const side = follow(sideGraph, feed);
      await eventually(async () => (await projector.status()).checkpoint === 3, 20_000, 'start');

      await current().takeDown();
      expect(await errorCode(current().graph.upstream(unitPrice))).toBe('LINEAGE.UNAVAILABLE');
      feed.events.push(...events.slice(3));

      await eventually(
        async () => (await projector.status()).lastError?.code === 'LINEAGE.UNAVAILABLE',
        20_000,
        'the projector to report the graph down',
      );
      const down = await projector.status();
      expect(down).toMatchObject({ state: 'retrying', checkpoint: 3, lagEvents: 3 });
      expect(down.lagSeconds).toBeGreaterThan(0);
      await eventually(
        async () => (await side.status()).checkpoint === events.length,
        20_000,
        'the other projection to go on',
      );

      await current().bringUp();
      await eventually(
        async () => (await projector.status()).checkpoint === events.length,
        30_000,
        'the graph to catch up',
      );
      expect(await projector.status()).toMatchObject({ lagEvents: 0, lastError: undefined });
      expect(await current().graph.checkpoint()).toBe(events.length);
      // Every edge once, the same answers as the graph that never went down.
      expect(await current().graph.upstream(revenue)).toEqual(await sideGraph.upstream(revenue));
      expect(await current().graph.downstream(unitPrice)).toEqual(
        await sideGraph.downstream(unitPrice),
      );
      expect(await current().graph.downstream(unitPrice)).toHaveLength(3);
    }, 90_000);
  });
};
