import { lineageGraphContract } from '../../../../../test/contract/lineage-graph.contract';
import {
  assertNeo4jReachable,
  neo4jTestOptions,
  neo4jUrl,
} from '../../../../../test/contract/lineage-neo4j';
import { lineageProjectorContract } from '../../../../../test/contract/lineage-projector.contract';
import { TcpProxy } from '../../../../../test/contract/lineage-tcp-proxy';
import { Neo4jLineageGraph } from './neo4j-lineage-graph';

const server = new URL(neo4jUrl);

/** A fresh graph, dropped after the test (the database is shared with every other test). */
const freshGraph = async (url = neo4jUrl) => {
  await assertNeo4jReachable();
  const graph = new Neo4jLineageGraph(neo4jTestOptions(url));
  return {
    graph,
    drop: async () => {
      await graph.reset();
      await graph.close();
    },
  };
};

lineageGraphContract('Neo4j (MERGE, variable-length paths)', async () => {
  const { graph, drop } = await freshGraph();
  return { graph, cleanup: drop };
});

// The graph reaches Neo4j through a relay the test closes and reopens: the port goes dead and
// every open Bolt connection drops, as when the server dies, while other tests keep the server.
lineageProjectorContract('Neo4j behind a port that closes and reopens', async () => {
  const proxy = await TcpProxy.start(server.hostname, Number(server.port || 7687));
  const { graph } = await freshGraph(`bolt://127.0.0.1:${proxy.port}`);
  const bystander = await freshGraph();
  return {
    graph,
    bystander: bystander.graph,
    takeDown: () => proxy.stop(),
    bringUp: () => proxy.resume(),
    cleanup: async () => {
      await proxy.resume();
      await graph.reset();
      await graph.close();
      await proxy.stop();
      await bystander.drop();
    },
  };
});

describe('Neo4jLineageGraph', () => {
  it('creates its constraints and indexes, and names the server without credentials', async () => {
    const { graph, drop } = await freshGraph();
    try {
      await graph.checkpoint();
      expect(graph.description).toMatch(/^neo4j lineage graph \(bolt:\/\/[^@]+, graph test_/);
    } finally {
      await drop();
    }
  });

  it('answers LINEAGE.UNAVAILABLE, naming scripts/neo4j/start.sh, when nothing listens', async () => {
    const graph = new Neo4jLineageGraph({ ...neo4jTestOptions('bolt://127.0.0.1:1') });
    try {
      await expect(graph.checkpoint()).rejects.toMatchObject({
        code: 'LINEAGE.UNAVAILABLE',
        message: expect.stringMatching(/bolt:\/\/127\.0\.0\.1:1.*scripts\/neo4j\/start\.sh/),
      });
      await expect(graph.ping()).rejects.toMatchObject({ code: 'LINEAGE.UNAVAILABLE' });
    } finally {
      await graph.close();
    }
  });
});
