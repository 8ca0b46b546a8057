import { PgSqlClient } from '../../sql/pg-sql-client';
import { lineageGraphContract } from '../../../../../test/contract/lineage-graph.contract';
import { lineageProjectorContract } from '../../../../../test/contract/lineage-projector.contract';
import { TcpProxy } from '../../../../../test/contract/lineage-tcp-proxy';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../../test/support/postgres-test-database';
import { SqlLineageGraph } from './sql-lineage-graph';

// One database for the suite; each test gets a graph in its own schema.
let database: PostgresTestDatabase | undefined;
let sql: PgSqlClient | undefined;
let graphs = 0;
afterAll(async () => {
  await sql?.close();
  await database?.drop();
});

lineageGraphContract('PostgreSQL (SQL tables, recursive queries)', async () => {
  database ??= await createPostgresTestDatabase();
  sql ??= new PgSqlClient(database.url);
  graphs += 1;
  const graph = await SqlLineageGraph.open(sql, { schema: `lineage_test_${graphs}` });
  return { graph, cleanup: () => graph.close() };
});

// The graph's connection goes through a relay the test closes and reopens: PostgreSQL "goes down"
// for this graph only, while the bystander (another projection) keeps its own connection.
lineageProjectorContract('PostgreSQL behind a port that closes and reopens', async () => {
  database ??= await createPostgresTestDatabase();
  sql ??= new PgSqlClient(database.url);
  graphs += 1;
  const url = new URL(database.url);
  const proxy = await TcpProxy.start(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${proxy.port}`;
  const relayed = new PgSqlClient(url.toString(), { connectionTimeoutMillis: 1000 });
  const graph = await SqlLineageGraph.open(relayed, { schema: `lineage_outage_${graphs}` });
  const bystander = await SqlLineageGraph.open(sql, { schema: `lineage_bystander_${graphs}` });
  return {
    graph,
    bystander,
    takeDown: () => proxy.stop(),
    bringUp: () => proxy.resume(),
    cleanup: async () => {
      await relayed.close();
      await proxy.stop();
    },
  };
});

describe('SqlLineageGraph on PostgreSQL', () => {
  it('answers LINEAGE.UNAVAILABLE, naming the server, when PostgreSQL cannot be reached', async () => {
    const down = new PgSqlClient('postgres://postgres@127.0.0.1:1/none', {
      connectionTimeoutMillis: 1000,
    });
    try {
      await expect(SqlLineageGraph.open(down)).rejects.toMatchObject({
        code: 'LINEAGE.UNAVAILABLE',
        message: expect.stringMatching(/127\.0\.0\.1:1/),
      });
    } finally {
      await down.close();
    }
  });
});
