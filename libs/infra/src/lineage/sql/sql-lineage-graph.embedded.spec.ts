import { PGliteSqlClient } from '../../sql/pglite-sql-client';
import { lineageGraphContract } from '../../../../../test/contract/lineage-graph.contract';
import { SqlLineageGraph } from './sql-lineage-graph';

// One PGlite for the suite (opening one takes seconds); each test gets a graph in its own schema.
let sql: PGliteSqlClient | undefined;
let graphs = 0;
afterAll(() => sql?.close());

lineageGraphContract('PGlite (SQL tables, recursive queries)', async () => {
  sql ??= await PGliteSqlClient.open('memory://');
  graphs += 1;
  const graph = await SqlLineageGraph.open(sql, { schema: `lineage_test_${graphs}` });
  return { graph, cleanup: () => graph.close() };
});

describe('SqlLineageGraph on PGlite', () => {
  it('keeps its tables and checkpoint in schema read by default, beside other read models', async () => {
    const client = await PGliteSqlClient.open('memory://');
    try {
      const graph = await SqlLineageGraph.open(client);
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'read' ORDER BY 1`,
      );
      expect(rows.map((row) => row.table_name)).toEqual([
        'lineage_checkpoint',
        'lineage_edges',
        'lineage_migrations',
      ]);
      expect(graph.description).toMatch(/schema read/);
      // Opening again over existing tables is fine (every process start does it).
      await SqlLineageGraph.open(client);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('answers LINEAGE.UNAVAILABLE when its database is gone', async () => {
    const client = await PGliteSqlClient.open('memory://');
    const graph = await SqlLineageGraph.open(client);
    await client.close();
    await expect(graph.checkpoint()).rejects.toMatchObject({ code: 'LINEAGE.UNAVAILABLE' });
    await expect(graph.ping()).rejects.toMatchObject({ code: 'LINEAGE.UNAVAILABLE' });
  }, 30_000);
});
