import { PGliteSqlClient } from '../sql/pglite-sql-client';
import { Neo4jLineageGraph } from './neo4j/neo4j-lineage-graph';
import { openLineageGraph } from './open-lineage-graph';
import { SqlLineageGraph } from './sql/sql-lineage-graph';

describe('openLineageGraph', () => {
  let sql: PGliteSqlClient;
  beforeAll(async () => {
    sql = await PGliteSqlClient.open('memory://');
  }, 30_000);
  afterAll(() => sql.close());

  it('puts the graph in the read database unless SENSEI_LINEAGE says neo4j', async () => {
    for (const env of [{}, { SENSEI_LINEAGE: 'sql' }, { SENSEI_LINEAGE: ' SQL ' }]) {
      const graph = await openLineageGraph(env, sql);
      expect(graph).toBeInstanceOf(SqlLineageGraph);
      expect(await graph.checkpoint()).toBe(0);
    }
  }, 30_000);

  it('opens Neo4j at NEO4J_URL without contacting it, and never shows the password', async () => {
    const graph = await openLineageGraph(
      {
        SENSEI_LINEAGE: 'neo4j',
        NEO4J_URL: 'bolt://graph.internal:7687',
        NEO4J_USER: 'sensei',
        NEO4J_PASSWORD: 'hunter2-secret',
      },
      sql,
    );
    try {
      expect(graph).toBeInstanceOf(Neo4jLineageGraph);
      expect(graph.description).toBe(
        'neo4j lineage graph (bolt://graph.internal:7687, graph sensei)',
      );
    } finally {
      await graph.close();
    }
  });

  it('refuses an unknown SENSEI_LINEAGE with VALIDATION.FAILED naming the setting', async () => {
    await expect(openLineageGraph({ SENSEI_LINEAGE: 'neo5j' }, sql)).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { field: 'SENSEI_LINEAGE' },
      message: expect.stringMatching(/"sql" or "neo4j", got "neo5j"/),
    });
  });
});
