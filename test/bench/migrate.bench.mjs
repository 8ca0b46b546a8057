#!/usr/bin/env node
// Migration benchmark (issue 3): a generated PostgreSQL table migrated to another PostgreSQL
// database with renamed and cast columns, by Sensei end to end, next to two anchors on the same
// data in the same run: pgloader (Debian package) and the raw pipe
// `COPY ... TO STDOUT | COPY ... FROM STDIN` (psql to psql, the physical limit of this machine).
// Prints figures and whether the issue's targets are met; asserts nothing.
//
//   npm run bench:migrate                     (needs a PostgreSQL server; pgloader optional)
//   BENCH_ROWS=2000000,10000000 npm run bench:migrate      (memory flatness: one run per size)
//
// Environment:
//   DATABASE_URL    server to use (default postgres://postgres@127.0.0.1:5432/postgres). Each size
//                   gets fresh scratch databases (source, one target per engine), dropped after.
//   BENCH_ROWS      rows in the source table, a comma list for several sizes (default 2000000).
//   BENCH_ENGINES   comma list out of raw,pgloader,sensei (default: all three).
//   BENCH_CPU_PROF  a directory: the Sensei child runs with `node --cpu-prof` writing there.
//   BENCH_BATCH_ROWS  Sensei's delivery batch size (default: the pipeline's own, 10,000).
//   BENCH_EVENT_STORE postgres (default: the production adapter, in a scratch database on the same
//                   server) or pglite (the CLI's embedded default: a fresh PGlite data directory
//                   costs ~10 s of initdb and ~800 MB RSS at start, whatever the table size).
//
// Sensei runs in its own child process (`test/bench/migrate-child.ts`: the CLI's runtime and
// `runMigration`, PGlite event store, local artifact store). Mappings that wait for review are
// approved by the child programmatically (as actor cli:bench), then the run resumes; the figures
// say how many. Its phase times come from the migration's events (start event -> checkpoint).
// Peak RSS: VmHWM of every process of an engine, read from /proc while it runs (the PostgreSQL
// server's own memory is not counted, for any engine).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { peakOf } from './peak-rss.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const resultsDir = path.join(here, 'results');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const sizes = (process.env.BENCH_ROWS ?? '2000000').split(',').map((n) => Number(n.trim()));
const engines = (process.env.BENCH_ENGINES ?? 'raw,pgloader,sensei').split(',');
const eventStore = process.env.BENCH_EVENT_STORE ?? 'postgres';
const cpuProfDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : '';
const GiB = 2 ** 30;
const targets = {
  endToEndVsPgloader: 1.5,
  endToEndVsRawPipe: 0.7,
  transformationRowsPerSecond: 2_000_000,
  peakRssBytes: GiB,
};

const table = 'orders';
const sourceDdl = `CREATE TABLE public.${table} (
  id integer PRIMARY KEY,
  cust_id integer,
  amt numeric(12,2),
  created timestamp,
  qty integer,
  note text
)`;
// Renamed and cast: cust_id -> customer_id, amt numeric(12,2) -> amount numeric(14,2),
// created timestamp -> created_at timestamptz, qty int -> quantity bigint.
// Unqualified, as a DDL file usually is: the target parses it in its default schema (public).
const targetDdl = `CREATE TABLE ${table} (
  id integer PRIMARY KEY,
  customer_id integer,
  amount numeric(14,2),
  created_at timestamptz,
  quantity bigint,
  note text
);
`;
// 10% nulls in every column but the key, each column on other rows; text with commas, quotes,
// backslashes and non-ASCII now and then; timestamps to the microsecond.
const generateSql = (from, to) => `INSERT INTO public.${table}
SELECT i,
  CASE WHEN i % 10 = 1 THEN NULL ELSE ((i::bigint * 7919) % 1000003)::int END,
  CASE WHEN i % 10 = 2 THEN NULL ELSE (((i::bigint * 104729) % 2000000000) - 1000000000) / 100.0 END,
  CASE WHEN i % 10 = 3 THEN NULL
       ELSE timestamp '2015-01-01' + ((i::bigint * 7907) % 315360000) * interval '1 second'
            + (i % 1000000) * interval '1 microsecond' END,
  CASE WHEN i % 10 = 4 THEN NULL ELSE (i % 1000) - 100 END,
  CASE WHEN i % 10 = 5 THEN NULL
       WHEN i % 97 = 0 THEN 'said "hi", then left \\ back; café ' || i
       ELSE 'order ' || md5(i::text) END
FROM generate_series(${from}, ${to}) AS i`;

/** The same row text for every target; the source is cast as the target types it. */
const digestSql = (columns) =>
  `SELECT count(*)::text AS rows, coalesce(sum(hashtextextended(ROW(${columns})::text, 0)::numeric), 0)::text AS digest FROM public.${table}`;
const sourceColumns = 'id, cust_id, amt::numeric(14,2), created::timestamptz, qty::bigint, note';
const targetColumns = 'id, customer_id, amount, created_at, quantity, note';

const urlFor = (database) => {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const query = async (url, sql) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET TimeZone = 'UTC'`);
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
};

const fmt = (n, digits = 0) =>
  n === undefined || n === null || Number.isNaN(n)
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes) => (bytes ? `${fmt(bytes / 2 ** 20)} MiB` : '-');

// ---------------------------------------------------------------------------------------------
// Processes, timed, with their peak RSS
// ---------------------------------------------------------------------------------------------

/** Polls VmHWM of the processes every 50 ms; per process the last reading is its peak. */
const watchPeaks = (children) => {
  const peaks = new Map();
  const read = () => {
    for (const child of children) {
      const peak = peakOf(child.pid);
      if (peak > 0) peaks.set(child.pid, Math.max(peaks.get(child.pid) ?? 0, peak));
    }
  };
  const timer = setInterval(read, 50);
  read();
  return {
    /** Sum over the processes (they run at once). */
    stop: () => {
      clearInterval(timer);
      return [...peaks.values()].reduce((a, b) => a + b, 0);
    },
  };
};

const exited = (child, name) =>
  new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
      if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(stderr)
        : reject(new Error(`${name} exited with ${code ?? signal}:\n${stderr.slice(-4000)}`)),
    );
  });

const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

// ---------------------------------------------------------------------------------------------
// The engines
// ---------------------------------------------------------------------------------------------

const psqlEnv = { ...process.env, PGTZ: 'UTC', PGOPTIONS: '-c TimeZone=UTC' };

/** `psql -c "COPY ... TO STDOUT" | psql -c "COPY ... FROM STDIN"`: kernel pipe, no Node between. */
async function runRawPipe(sourceUrl, targetUrl) {
  await query(targetUrl, targetDdl);
  const started = process.hrtime.bigint();
  const out = spawn(
    'psql',
    ['-X', '-q', '-v', 'ON_ERROR_STOP=1', sourceUrl, '-c', `COPY public.${table} TO STDOUT`],
    { stdio: ['ignore', 'pipe', 'pipe'], env: psqlEnv },
  );
  const into = spawn(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      targetUrl,
      '-c',
      `COPY public.${table} (${targetColumns}) FROM STDIN`,
    ],
    {
      stdio: [out.stdout, 'ignore', 'pipe'],
      env: psqlEnv,
    },
  );
  const peaks = watchPeaks([out, into]);
  await Promise.all([exited(out, 'psql COPY TO'), exited(into, 'psql COPY FROM')]);
  const wall = seconds(started);
  return { wall, peakRss: peaks.stop(), digestColumns: targetColumns };
}

const pgloaderInstalled = () => spawnSync('pgloader', ['--version']).status === 0;

/**
 * pgloader's database-to-database load, its defaults plus CAST rules for the target types, and
 * 25,000 prefetched rows instead of 100,000: with the default its 1 GB heap ran out at 2,000,000
 * rows ("Heap exhausted during garbage collection") in some runs here.
 */
async function runPgloader(sourceUrl, targetUrl, scratch) {
  const loadFile = path.join(scratch, 'migrate.load');
  writeFileSync(
    loadFile,
    `LOAD DATABASE
  FROM ${sourceUrl}
  INTO ${targetUrl}
  WITH include drop, create tables, create indexes, reset sequences, prefetch rows = 25000
  SET PostgreSQL PARAMETERS timezone TO 'UTC'
  CAST column ${table}.amt to "numeric(14,2)" drop typemod,
       column ${table}.created to timestamptz,
       column ${table}.qty to bigint
;
`,
  );
  const started = process.hrtime.bigint();
  const child = spawn('pgloader', ['--root-dir', path.join(scratch, 'pgloader'), loadFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: psqlEnv,
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const peaks = watchPeaks([child]);
  await exited(child, 'pgloader');
  const wall = seconds(started);
  if (/\bERROR\b/.test(stdout))
    throw new Error(`pgloader reported errors:\n${stdout.slice(-4000)}`);
  const version = spawnSync('pgloader', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  return { wall, peakRss: peaks.stop(), digestColumns: sourceColumns, version };
}

async function runSensei(sourceUrl, targetUrl, eventStoreUrl, scratch, rows) {
  const schemaFile = path.join(scratch, 'target-schema.sql');
  writeFileSync(schemaFile, targetDdl);
  const dataDir = path.join(scratch, 'sensei');
  const profile = cpuProfDir
    ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir, '--cpu-prof-name', `sensei-${rows}.cpuprofile`]
    : [];
  if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [...profile, '-r', './test/support/register-ts.js', 'test/bench/migrate-child.ts'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        BENCH_SOURCE_URL: sourceUrl,
        BENCH_TARGET_URL: targetUrl,
        BENCH_TARGET_SCHEMA: schemaFile,
        BENCH_DATA_DIR: dataDir,
        SENSEI_EVENT_STORE: eventStore,
        ...(eventStore === 'postgres' ? { DATABASE_URL: eventStoreUrl } : {}),
      },
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  const peaks = watchPeaks([child]);
  await exited(child, 'sensei');
  const wall = seconds(started);
  const line = stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`sensei child printed no result:\n${stdout.slice(-4000)}`);
  const result = JSON.parse(line.slice('BENCH_RESULT '.length));
  if (result.status !== 'completed') {
    throw new Error(`sensei migration ended ${result.status}: ${result.halt ?? ''}`);
  }
  return {
    wall,
    peakRss: Math.max(peaks.stop(), result.maxRss),
    digestColumns: targetColumns,
    ...result,
  };
}

// ---------------------------------------------------------------------------------------------
// One size
// ---------------------------------------------------------------------------------------------

async function benchSize(rows) {
  const tag = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const names = {
    source: `sensei_bench_src_${tag}`,
    raw: `sensei_bench_raw_${tag}`,
    pgloader: `sensei_bench_pgl_${tag}`,
    sensei: `sensei_bench_dst_${tag}`,
    events: `sensei_bench_events_${tag}`,
  };
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'sensei-migrate-bench-'));
  const created = [];
  const result = { rows, engines: {}, notes: [] };
  try {
    for (const name of Object.values(names)) {
      await query(databaseUrl, `CREATE DATABASE ${name}`);
      created.push(name);
    }
    const sourceUrl = urlFor(names.source);
    let started = process.hrtime.bigint();
    await query(sourceUrl, sourceDdl);
    const chunk = 1_000_000;
    for (let from = 1; from <= rows; from += chunk) {
      await query(sourceUrl, generateSql(from, Math.min(rows, from + chunk - 1)));
    }
    await query(sourceUrl, `VACUUM ANALYZE public.${table}`);
    const [expected] = await query(sourceUrl, digestSql(sourceColumns));
    const [size] = await query(
      sourceUrl,
      `SELECT pg_total_relation_size('public.${table}') AS bytes`,
    );
    result.source = { generateSeconds: seconds(started), bytes: Number(size.bytes), ...expected };
    console.log(
      `source: ${fmt(rows)} rows, ${mib(result.source.bytes)} with index, generated in ${fmt(result.source.generateSeconds, 1)} s`,
    );

    const run = async (engine, work) => {
      if (!engines.includes(engine)) return;
      process.stdout.write(`running ${engine} ...\n`);
      const targetUrl = urlFor(names[engine]);
      let outcome;
      try {
        outcome = await work(targetUrl);
      } catch (error) {
        // One engine failing (pgloader's heap, say) is a figure too; the others still run.
        const message = String(error?.message ?? error)
          .split('\n')
          .slice(0, 3)
          .join(' ');
        console.log(`  ${engine} FAILED: ${message}`);
        result.notes.push(`${engine} failed: ${message}`);
        result.engines[engine] = { failed: message };
        return;
      }
      if (!outcome) return;
      const [digest] = await query(targetUrl, digestSql(outcome.digestColumns));
      outcome.rowsOk = digest.rows === expected.rows && digest.digest === expected.digest;
      outcome.rowsPerSecond = rows / outcome.wall;
      result.engines[engine] = outcome;
      process.stdout.write(
        `  ${engine}: ${fmt(outcome.wall, 1)} s, ${fmt(outcome.rowsPerSecond)} rows/s, peak ${mib(outcome.peakRss)}, rows ${outcome.rowsOk ? 'identical' : 'DIFFER'}\n`,
      );
    };
    await run('raw', (targetUrl) => runRawPipe(sourceUrl, targetUrl));
    await run('pgloader', async (targetUrl) => {
      if (pgloaderInstalled()) return runPgloader(sourceUrl, targetUrl, scratch);
      const note = 'pgloader is not installed: `sudo apt-get install -y pgloader` (bench only)';
      console.log(`  ${note}`);
      result.notes.push(note);
      return undefined;
    });
    await run('sensei', (targetUrl) =>
      runSensei(sourceUrl, targetUrl, urlFor(names.events), scratch, rows),
    );
    return result;
  } finally {
    for (const name of created) {
      await query(databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(
        () => undefined,
      );
    }
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const ratio = (a, b) => (a && b ? a / b : undefined);

function report(result) {
  const { rows } = result;
  const e = Object.fromEntries(Object.entries(result.engines).filter(([, v]) => !v.failed));
  const raw = e.raw?.rowsPerSecond;
  const pgl = e.pgloader?.rowsPerSecond;
  const line = (label, secs, rate, rss, ok) =>
    console.log(
      `${label.padEnd(40)} ${fmt(secs, 2).padStart(8)} ${fmt(rate).padStart(12)} ${(rss ? mib(rss) : '').padStart(10)} ` +
        `${(ratio(rate, pgl) ? `${fmt(ratio(rate, pgl), 2)}x` : '').padStart(10)} ${(ratio(rate, raw) ? `${fmt(ratio(rate, raw), 2)}x` : '').padStart(10)} ${ok ?? ''}`,
    );
  console.log('');
  console.log(
    `migrate bench: ${fmt(rows)} rows, PostgreSQL ${databaseUrl.replace(/:[^:@/]*@/, '@')} -> PostgreSQL, renamed + cast columns; Sensei event store: ${eventStore}`,
  );
  console.log(
    `${'engine / phase'.padEnd(40)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(12)} ${'peak RSS'.padStart(10)} ${'vs pgloader'.padStart(10)} ${'vs raw'.padStart(10)} rows`,
  );
  if (e.raw)
    line(
      'raw pipe psql COPY TO | COPY FROM',
      e.raw.wall,
      raw,
      e.raw.peakRss,
      e.raw.rowsOk ? 'identical' : 'DIFFER',
    );
  if (e.pgloader)
    line(
      `pgloader (${e.pgloader.version.replace('pgloader version ', '')})`,
      e.pgloader.wall,
      pgl,
      e.pgloader.peakRss,
      e.pgloader.rowsOk ? 'identical' : 'DIFFER',
    );
  const s = e.sensei;
  if (s) {
    line(
      'Sensei end to end (process)',
      s.wall,
      s.rowsPerSecond,
      s.peakRss,
      s.rowsOk ? 'identical' : 'DIFFER',
    );
    line('  migration (Requested -> Completed)', s.migrationSeconds, rows / s.migrationSeconds);
    for (const [phase, secs] of Object.entries(s.phases)) {
      line(`  ${phase}`, secs, secs ? rows / secs : undefined);
    }
    console.log(
      `  mappings: ${s.mappings.map((m) => `${m.from.split('.').pop()}->${m.to.split('.').pop()} ${m.confidence} ${m.status}`).join(', ')}`,
    );
    console.log(`  approved by the bench (were waiting for review): ${s.approvedByBench}`);
  }
  const checks = [];
  if (s && pgl)
    checks.push([
      'end to end >= 1.5x pgloader',
      ratio(s.rowsPerSecond, pgl) >= targets.endToEndVsPgloader,
      `${fmt(ratio(s.rowsPerSecond, pgl), 2)}x`,
    ]);
  if (s && raw)
    checks.push([
      'end to end >= 0.7x raw pipe',
      ratio(s.rowsPerSecond, raw) >= targets.endToEndVsRawPipe,
      `${fmt(ratio(s.rowsPerSecond, raw), 2)}x`,
    ]);
  if (s?.phases.transformation) {
    const rate = rows / s.phases.transformation;
    checks.push([
      'transformation >= 2,000,000 rows/s',
      rate >= targets.transformationRowsPerSecond,
      `${fmt(rate)} rows/s`,
    ]);
  }
  if (s) checks.push(['Sensei peak RSS < 1 GiB', s.peakRss < targets.peakRssBytes, mib(s.peakRss)]);
  if (s)
    checks.push([
      'same rows, exact values',
      s.rowsOk,
      s.rowsOk ? 'digest equal to the source' : 'digest differs',
    ]);
  console.log('targets:');
  for (const [name, met, figure] of checks)
    console.log(`  ${met ? 'met   ' : 'MISSED'} ${name.padEnd(36)} ${figure}`);
  for (const note of result.notes) console.log(`  note: ${note}`);
  result.targets = Object.fromEntries(checks.map(([name, met, figure]) => [name, { met, figure }]));
}

async function main() {
  const results = [];
  const write = () => {
    mkdirSync(resultsDir, { recursive: true });
    const document = {
      bench: 'migrate',
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryBytes: os.totalmem(),
        loadAverage: os.loadavg(),
        node: process.version,
      },
      targets,
      eventStore,
      results,
    };
    writeFileSync(
      path.join(resultsDir, 'migrate-latest.json'),
      `${JSON.stringify(document, null, 2)}\n`,
    );
  };
  for (const rows of sizes) {
    const result = await benchSize(rows);
    report(result);
    results.push(result);
    write();
  }
  const sensei = results.filter((r) => r.engines.sensei?.peakRss);
  if (sensei.length > 1) {
    console.log('');
    console.log(
      'Sensei peak RSS by size (flat?): ' +
        sensei.map((r) => `${fmt(r.rows)} rows ${mib(r.engines.sensei.peakRss)}`).join(', '),
    );
  }
  console.log(`\nwritten: ${path.relative(root, path.join(resultsDir, 'migrate-latest.json'))}`);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
