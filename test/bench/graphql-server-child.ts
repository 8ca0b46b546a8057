/**
 * The server side of the GraphQL load benchmark: the projections app as main.ts wires it, on a
 * populated read database, listening on a free port. Prints progress to stderr and one line
 * `BENCH_READY {"port":..,"token":"..","migrations":..,"description":".."}` to stdout once it
 * serves; runs until SIGTERM.
 *
 *   node -r ./test/support/register-ts.js test/bench/graphql-server-child.ts <pglite|postgres> <copies>
 *
 * Appends <copies> copies of the recorded Chinook CLI history (four real migrations each) under
 * fresh ids, lets the read models and the lineage graph catch up, then serves GraphQL on them.
 * postgres: a scratch database on DATABASE_URL holds the events and the read models; pglite: two
 * data directories in a temporary folder (the embedded layout). SENSEI_GRAPHQL_CACHE_MS as the app's
 * (0: every request executed against the read database).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { Client } from 'pg';
import {
  createPGliteEventStore,
  createPostgresEventStore,
  EventStoreFeed,
  LineageProjector,
  PgSqlClient,
  PGliteSqlClient,
  SqlLineageGraph,
  startReadSide,
  type SqlClient,
  type SqlEventStore,
} from '@sensei/infra';
import { createProjectionsApp } from '../../apps/projections/src/bootstrap';
import { loadProjectionsConfig } from '../../apps/projections/src/config/projections.config';
import { appendHistoryCopies } from '../support/read-side-history';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const secret = 'bench-secret-that-is-long-enough-0123456789';
const log = (line: string) =>
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${line}\n`);

interface Stores {
  store: SqlEventStore;
  readDb: SqlClient;
  description: string;
  cleanup(): Promise<void>;
}

const admin = async (sql: string) => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

const openStores = async (engine: string): Promise<Stores> => {
  if (engine === 'postgres') {
    const name = `sensei_bench_graphql_${process.pid}`;
    await admin(`DROP DATABASE IF EXISTS ${name}`);
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const store = await createPostgresEventStore(url.toString());
    const readDb = new PgSqlClient(url.toString());
    return {
      store,
      readDb,
      description: `PostgreSQL ${url.host}, scratch database ${name}`,
      cleanup: async () => {
        await readDb.close();
        await store.close();
        await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sensei-bench-graphql-'));
  const store = await createPGliteEventStore(join(dir, 'data'));
  const readDb = await PGliteSqlClient.open(join(dir, 'read'));
  return {
    store,
    readDb,
    description: `PGlite ${dir}/{data,read}`,
    cleanup: async () => {
      await readDb.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const main = async () => {
  const [engine = 'pglite', copiesArg = '25'] = process.argv.slice(2);
  const copies = Number(copiesArg);
  const stores = await openStores(engine);
  log(`${stores.description}: appending ${copies} copies of the Chinook CLI history`);
  await appendHistoryCopies(stores.store, { from: 0, to: copies });
  const feed = new EventStoreFeed(stores.store);
  const readSide = await startReadSide({ feed, sql: stores.readDb });
  const lineage = await SqlLineageGraph.open(stores.readDb);
  const projector = new LineageProjector(lineage, feed);
  await readSide.caughtUp(600_000);
  await projector.runUntilCaughtUp();
  projector.start();
  log(`read models caught up at position ${(await feed.head())?.position ?? 0}`);

  const config = loadProjectionsConfig({
    SENSEI_JWT_SECRET: secret,
    SENSEI_GRAPHQL_CACHE_MS: process.env.SENSEI_GRAPHQL_CACHE_MS,
  });
  const { app } = await createProjectionsApp({
    config,
    readSql: stores.readDb,
    lineage,
    readSide,
    feed,
    lineageStatus: projector,
    logger: ['fatal', 'error'],
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const token = jwt.sign({ sub: 'bench', role: 'viewer' }, secret, { expiresIn: '1h' });
  process.stdout.write(
    `BENCH_READY ${JSON.stringify({ port, token, migrations: copies * 4, cacheMs: config.graphql.cacheMs, description: stores.description })}\n`,
  );

  process.once('SIGTERM', () => {
    void (async () => {
      await app.close();
      await projector.stop();
      await readSide.stop();
      await lineage.close();
      await stores.cleanup();
      process.exit(0);
    })();
  });
};

main().catch((error: unknown) => {
  process.stderr.write(
    `graphql-server-child: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
