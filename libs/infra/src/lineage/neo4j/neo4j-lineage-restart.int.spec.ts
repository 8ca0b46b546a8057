import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../../../../../test/contract/event-fixtures';
import { chinookLineage } from '../../../../../test/contract/lineage-chinook-edges';
import {
  ArrayEventFeed,
  LineageHistory,
  chinookSource,
  storeIdOf,
} from '../../../../../test/contract/lineage-events';
import { neo4jTestOptions } from '../../../../../test/contract/lineage-neo4j';
import { OwnNeo4j } from '../../../../../test/contract/lineage-neo4j-server';
import { LineageProjector } from '../lineage-projector';
import { Neo4jLineageGraph } from './neo4j-lineage-graph';

/**
 * The real thing: Neo4j killed with SIGKILL in the middle of a catch-up, started again on the same
 * data directory. Lineage written meanwhile waits in the log; afterwards every migration's lineage
 * is in the graph exactly once.
 */
describe('Neo4j killed during a lineage catch-up', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sensei-neo4j-kill-'));
  let neo4j: OwnNeo4j | undefined;
  beforeAll(async () => {
    neo4j = await OwnNeo4j.start(dataDir);
  }, 200_000);
  afterAll(async () => {
    await neo4j?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('queues lineage while it is down and catches up after the restart, each edge once', async () => {
    const server = neo4j!;
    const migrations = 40;
    const history = new LineageHistory();
    for (let i = 1; i <= migrations; i += 1) {
      history
        .requested(`m${i}`, chinookSource, { kind: 'postgres', uri: `postgres://app@db/c${i}` })
        .transformed(`m${i}`, chinookLineage);
    }
    const events = history.recorded();
    const feed = new ArrayEventFeed();
    feed.events.push(...events.slice(0, 20));
    const graph = new Neo4jLineageGraph(neo4jTestOptions(server.url));
    const projector = new LineageProjector(graph, feed, {
      batchSize: 2,
      idleWaitMs: 200,
      minRetryDelayMs: 100,
      maxRetryDelayMs: 1000,
    });
    projector.start();
    try {
      await eventually(async () => (await projector.status()).checkpoint === 20, 30_000, 'start');
      feed.events.push(...events.slice(20));
      await eventually(
        async () => ((await projector.status()).checkpoint ?? 0) > 24,
        30_000,
        'the catch-up to be under way',
      );

      server.kill();
      await eventually(
        async () => (await projector.status()).lastError?.code === 'LINEAGE.UNAVAILABLE',
        30_000,
        'the projector to see the server gone',
      );
      const down = await projector.status();
      expect(down.state).toBe('retrying');
      expect(down.lagEvents).toBeGreaterThan(0);
      await expect(graph.checkpoint()).rejects.toMatchObject({ code: 'LINEAGE.UNAVAILABLE' });

      await server.start();
      await eventually(
        async () => (await projector.status()).checkpoint === events.length,
        60_000,
        'the graph to catch up after the restart',
      );

      const unitPrice = {
        store: storeIdOf(chinookSource),
        table: 'InvoiceLine',
        column: 'UnitPrice',
      };
      const fed = await graph.downstream(unitPrice);
      expect(fed.map((step) => step.migrationId).sort()).toEqual(
        Array.from({ length: migrations }, (_, i) => `m${i + 1}`).sort(),
      );
      expect(
        await graph.upstream({
          migrationId: `m${migrations}`,
          table: 'invoice_line',
          column: 'unit_price',
        }),
      ).toHaveLength(1);
      expect(await projector.status()).toMatchObject({ lagEvents: 0, lastError: undefined });
    } finally {
      await projector.stop();
      await graph.close();
    }
  }, 300_000);
});
