import { randomBytes } from 'node:crypto';
import {
  Neo4jLineageGraph,
  type Neo4jLineageGraphOptions,
} from '../../libs/infra/src/lineage/neo4j/neo4j-lineage-graph';

/** The Neo4j of the integration tier: scripts/neo4j/start.sh (run by .ci/run), or NEO4J_URL. */
export const neo4jUrl = process.env.NEO4J_URL ?? 'bolt://127.0.0.1:7687';

export const neo4jTestOptions = (url = neo4jUrl): Neo4jLineageGraphOptions => ({
  url,
  ...(process.env.NEO4J_USER === undefined ? {} : { user: process.env.NEO4J_USER }),
  ...(process.env.NEO4J_PASSWORD === undefined ? {} : { password: process.env.NEO4J_PASSWORD }),
  // Each test fills its own graph in the one database Community Edition has.
  graph: `test_${randomBytes(6).toString('hex')}`,
  connectionTimeoutMs: 2000,
  maxTransactionRetryTimeMs: 500,
});

/** Fails with the fix when the server is not there: the integration tier needs a real Neo4j. */
export const assertNeo4jReachable = async (): Promise<void> => {
  const probe = new Neo4jLineageGraph(neo4jTestOptions());
  try {
    await probe.ping();
  } catch (error) {
    throw new Error(
      `Neo4j is not reachable at ${neo4jUrl} (${(error as Error).message}). ` +
        'The integration tier needs it: run scripts/neo4j/start.sh (.ci/run does), ' +
        'or set NEO4J_URL (and NEO4J_USER, NEO4J_PASSWORD) to a running Neo4j 5.',
    );
  } finally {
    await probe.close();
  }
};
