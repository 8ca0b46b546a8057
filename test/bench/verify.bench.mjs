#!/usr/bin/env node
// Verification benchmark (issue 4): KORA's query replay and row-level diff, next to the baseline
// a user would otherwise write on the same rows in the same run: `EXCEPT ALL` both ways inside
// PostgreSQL. Prints figures, ratios and peak RSS, and whether the issue's targets are met;
// asserts nothing.
//
//   npm run bench:verify                  (needs a PostgreSQL server for the baseline)
//
// Environment:
//   DATABASE_URL     server for the baseline (default postgres://postgres@127.0.0.1:5432/postgres);
//                    a scratch database is created and dropped.
//   BENCH_DIFF_ROWS  comma list of row counts per side for the diff (default 2000000,10000000).
//   BENCH_REPLAY_ROWS rows of the generated table for the replay (default 2000000).
//   SENSEI_VERIFY_MEMORY  DuckDB's memory for KORA, as in the pipeline (default 384MB).
//   BENCH_SKIP_BASELINE=1  KORA only.
//
// KORA runs in child processes (test/bench/verify-child.ts), one per measurement, so each peak
// RSS (VmHWM from /proc) is its own. Both sides of the diff are Parquet files written by DuckDB
// beforehand (not timed), as the pipeline's partitions are; PostgreSQL's tables are loaded and
// VACUUM ANALYZEd beforehand (not timed), so each side times only the comparison.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { peakOf } from './peak-rss.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const diffSizes = (process.env.BENCH_DIFF_ROWS ?? '2000000,10000000').split(',').map(Number);
const replayRows = Number(process.env.BENCH_REPLAY_ROWS ?? 2000000);
const skipBaseline = process.env.BENCH_SKIP_BASELINE === '1';
const targets = {
  replayQueriesPerSecond: 5000,
  diffVsExceptAll: 3,
  diffRowsPerSecond: 2_500_000,
  peakRssBytes: 2 ** 30,
};

const fmt = (n, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes) => (bytes ? `${fmt(bytes / 2 ** 20)} MiB` : '-');
const met = (ok) => (ok ? 'met' : 'MISSED');

/** Runs one KORA measurement in its own process; resolves with its BENCH_RESULT. */
const child = (args) =>
  new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['-r', './test/support/register-ts.js', 'test/bench/verify-child.ts', ...args],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, peakOf(proc.pid))), 50);
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      clearInterval(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line)
        return reject(new Error(`verify-child ${args.join(' ')} exited ${code}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length));
      resolve({ ...result, peakRss: Math.max(peak, result.peakRss ?? 0) });
    });
  });

const exceptAllBaseline = async (rows) => {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  const name = `sensei_bench_verify_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    const shape = `id integer PRIMARY KEY, cust_id integer, amt numeric(12,2), created timestamp, qty integer, note text`;
    const rowsSql = `SELECT i, i % 50000, ((i::bigint * 7919) % 100000 / 100.0)::numeric(12,2),
      timestamp '2020-01-01' + i * interval '1 second', i % 7, 'order ' || i FROM generate_series(0, ${rows - 1}) i`;
    for (const table of ['source_rows', 'target_rows']) {
      await db.query(`CREATE TABLE ${table} (${shape})`);
      await db.query(`INSERT INTO ${table} ${rowsSql}`);
      await db.query(`VACUUM ANALYZE ${table}`);
    }
    const started = process.hrtime.bigint();
    const { rows: result } = await db.query(`SELECT
      (SELECT count(*) FROM (SELECT * FROM source_rows EXCEPT ALL SELECT * FROM target_rows) d) AS missing,
      (SELECT count(*) FROM (SELECT * FROM target_rows EXCEPT ALL SELECT * FROM source_rows) d) AS extra`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, differing: Number(result[0].missing) + Number(result[0].extra) };
  } finally {
    await db.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
};

const main = async () => {
  console.log(
    `bench:verify — KORA (the Validator's DuckDB session: 2 threads, ${process.env.SENSEI_VERIFY_MEMORY || '384MB'}) vs EXCEPT ALL in PostgreSQL\n`,
  );
  const report = { at: new Date().toISOString(), replay: [], diff: [] };

  const chinook = await child(['chinook-replay']);
  const chinookRate = (chinook.queries * chinook.rounds) / chinook.seconds;
  report.replay.push({ data: 'Chinook checkpoint', ...chinook, queriesPerSecond: chinookRate });
  const chinookCold = chinook.queries / (chinook.relationsSeconds + chinook.firstRunSeconds);
  const generated = await child(['replay', String(replayRows)]);
  const generatedRate = generated.queries / generated.seconds;
  report.replay.push({
    data: `${fmt(replayRows)}-row table`,
    ...generated,
    queriesPerSecond: generatedRate,
  });
  console.log('Query replay');
  for (const r of report.replay) {
    console.log(
      `  ${r.data.padEnd(22)} ${fmt(r.queries).padStart(6)} queries in ${fmt(r.statements)} statements` +
        `  ${fmt(r.queriesPerSecond).padStart(9)} queries/s  peak RSS ${mib(r.peakRss)}` +
        `  target ${fmt(targets.replayQueriesPerSecond)}/s: ${met(r.queriesPerSecond >= targets.replayQueriesPerSecond)}` +
        (r.failed.length ? `  (unexpected failures: ${r.failed.join('; ')})` : ''),
    );
  }

  console.log(
    `  Chinook, cold: relations registered (loaded into DuckDB tables) in ` +
      `${(chinook.relationsSeconds * 1000).toFixed(0)} ms, first replay ` +
      `${(chinook.firstRunSeconds * 1000).toFixed(0)} ms: ${fmt(chinookCold)} queries/s including both`,
  );
  report.replay[0].coldQueriesPerSecond = chinookCold;

  console.log('\nRow-level diff (identical sides unless noted)');
  for (const rows of diffSizes) {
    const kora = await child(['diff', String(rows)]);
    const baseline = skipBaseline ? undefined : await exceptAllBaseline(rows);
    const rate = rows / kora.seconds;
    const ratio = baseline ? baseline.seconds / kora.seconds : undefined;
    report.diff.push({ rows, kora, baseline, rowsPerSecond: rate, ratio });
    console.log(
      `  ${fmt(rows).padStart(10)} rows/side  KORA ${fmt(kora.seconds, 2)} s (${fmt(rate)} rows/s, peak RSS ${mib(kora.peakRss)})` +
        `  EXCEPT ALL ${baseline ? `${fmt(baseline.seconds, 2)} s` : 'skipped'}` +
        `  ratio ${ratio ? `${fmt(ratio, 1)}x` : '-'}` +
        `  targets: >=${targets.diffVsExceptAll}x ${ratio ? met(ratio >= targets.diffVsExceptAll) : '-'},` +
        ` >=${fmt(targets.diffRowsPerSecond)} rows/s ${met(rate >= targets.diffRowsPerSecond)},` +
        ` RSS<1GiB ${met(kora.peakRss < targets.peakRssBytes)}`,
    );
  }
  const mutatedRows = diffSizes[0];
  const mutated = await child(['diff', String(mutatedRows), 'mutated']);
  report.diff.push({ rows: mutatedRows, mutated: true, kora: mutated });
  console.log(
    `  ${fmt(mutatedRows).padStart(10)} rows/side, one amount +0.01: KORA ${fmt(mutated.seconds, 2)} s, found: ${mutated.failed.join('; ') || 'NOTHING (defect)'}`,
  );

  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(
    path.join(here, 'results', 'verify-latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  console.log('\nwritten to test/bench/results/verify-latest.json');
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
