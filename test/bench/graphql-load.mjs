#!/usr/bin/env node
// GraphQL load benchmark (issue 5): the dashboard query against the projections app on a
// populated read database, driven by autocannon at 32 connections. Prints req/s, p50/p99
// latency and the server's peak RSS per engine, and whether the targets are met
// (>= 3,000 req/s, p99 < 50 ms on this 2-core machine); asserts nothing.
//
//   node test/bench/graphql-load.mjs
//   BENCH_GRAPHQL_ENGINES=pglite,postgres BENCH_GRAPHQL_DURATION=10 node test/bench/graphql-load.mjs
//
// Environment:
//   BENCH_GRAPHQL_ENGINES      comma list out of pglite,postgres (default: pglite, and postgres
//                              when DATABASE_URL answers).
//   BENCH_GRAPHQL_COPIES       copies of the recorded Chinook CLI history (4 migrations each,
//                              default 25: 100 migrations, 4,550 events).
//   BENCH_GRAPHQL_DURATION     seconds of load per engine (default 10).
//   BENCH_GRAPHQL_CONNECTIONS  concurrent connections (default 32).
//   BENCH_GRAPHQL_MODES        comma list out of cached,uncached (default both): cached is the
//                              app's default (identical reads and whole answers shared until
//                              the next commit, SENSEI_GRAPHQL_CACHE_MS=1000); uncached executes
//                              every request against the read database (SENSEI_GRAPHQL_CACHE_MS=0).
//   DATABASE_URL               PostgreSQL server for the postgres engine (a scratch database is
//                              created and dropped); default postgres://postgres@127.0.0.1:5432/postgres.
//
// The server runs in its own process (test/bench/graphql-server-child.ts) so its peak RSS (VmHWM
// from /proc) is its own; autocannon runs in this process, on the same machine, as a dashboard's
// clients would not: the figures include the load generator's share of the CPU.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { peakOf } from './peak-rss.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const resultsDir = path.join(here, 'results');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const copies = Number(process.env.BENCH_GRAPHQL_COPIES ?? 25);
const duration = Number(process.env.BENCH_GRAPHQL_DURATION ?? 10);
const connections = Number(process.env.BENCH_GRAPHQL_CONNECTIONS ?? 32);
const targets = { requestsPerSecond: 3_000, p99Ms: 50 };

/** The dashboard: a page of 20 migrations with status, tables, mapping counts and certificate. */
export const dashboardQuery = `query Dashboard {
  migrations(first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status phase requestedAt updatedAt rowCount deliveredRows
      mappingCounts { total inReview approved }
      certificate { status issuedAt }
      tables { role name rows }
    } }
  }
}`;

const postgresAnswers = async () => {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
};

const startServer = (engine, mode) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        './test/support/register-ts.js',
        'test/bench/graphql-server-child.ts',
        engine,
        String(copies),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          SENSEI_GRAPHQL_CACHE_MS:
            mode === 'uncached' ? '0' : (process.env.SENSEI_GRAPHQL_CACHE_MS ?? '1000'),
        },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const ready = /^BENCH_READY (.*)$/m.exec(out);
      if (ready) resolve({ child, ...JSON.parse(ready[1]) });
    });
    child.once('exit', (code) => reject(new Error(`the ${engine} server exited (${code})`)));
  });

const stopServer = (child) =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

const load = (port, token) =>
  new Promise((resolve, reject) => {
    autocannon(
      {
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST',
        connections,
        duration,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: dashboardQuery }),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });

const checkAnswer = async (port, token) => {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: dashboardQuery }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.errors || body.data.migrations.edges.length !== 20) {
    throw new Error(
      `the dashboard query did not answer as expected: ${JSON.stringify(body).slice(0, 500)}`,
    );
  }
};

const runEngine = async (engine, mode) => {
  const server = await startServer(engine, mode);
  try {
    await checkAnswer(server.port, server.token);
    // Warm-up: JIT compilation of the query, connection pools, V8.
    await new Promise((resolve, reject) =>
      autocannon(
        {
          url: `http://127.0.0.1:${server.port}/graphql`,
          method: 'POST',
          connections,
          duration: 2,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
          body: JSON.stringify({ query: dashboardQuery }),
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    );
    const result = await load(server.port, server.token);
    const peakRss = peakOf(server.child.pid);
    return {
      engine,
      mode,
      cacheMs: server.cacheMs,
      description: server.description,
      migrations: server.migrations,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      peakRssMiB: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    await stopServer(server.child);
  }
};

const main = async () => {
  const engines = process.env.BENCH_GRAPHQL_ENGINES
    ? process.env.BENCH_GRAPHQL_ENGINES.split(',').map((e) => e.trim())
    : ['pglite', ...((await postgresAnswers()) ? ['postgres'] : [])];
  console.log(
    `GraphQL dashboard load: ${connections} connections, ${duration} s per engine, ` +
      `${copies * 4} migrations; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})`,
  );
  const modes = (process.env.BENCH_GRAPHQL_MODES ?? 'cached,uncached')
    .split(',')
    .map((m) => m.trim());
  const results = [];
  for (const engine of engines)
    for (const mode of modes) {
      const figures = await runEngine(engine, mode);
      results.push(figures);
      const met =
        figures.requestsPerSecond >= targets.requestsPerSecond && figures.p99Ms < targets.p99Ms;
      console.log(
        `${engine.padEnd(8)} ${mode.padEnd(8)} ${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${String(figures.p50Ms).padStart(3)} ms  p99 ${String(figures.p99Ms).padStart(3)} ms  ` +
          `peak RSS ${figures.peakRssMiB} MiB  errors ${figures.errors + figures.non2xx}  ` +
          `target (>= ${targets.requestsPerSecond} req/s, p99 < ${targets.p99Ms} ms): ${met ? 'met' : 'MISSED'}`,
      );
    }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    path.join(resultsDir, 'graphql-load-latest.json'),
    `${JSON.stringify({ at: new Date().toISOString(), connections, duration, copies, targets, results }, null, 2)}\n`,
  );
};

main().catch((error) => {
  console.error(`graphql-load: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
