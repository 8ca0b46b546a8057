#!/usr/bin/env node
// Event store benchmark: Sensei on PGlite, Sensei on PostgreSQL and Emmett's PostgreSQL event store
// (the baseline), side by side in one run. Prints figures; asserts nothing.
//
//   npm run bench:eventstore            (builds first; needs a PostgreSQL server)
//
// Environment:
//   DATABASE_URL    server to use (default postgres://postgres@127.0.0.1:5432/postgres). The bench
//                   creates one fresh database per PostgreSQL engine and drops it afterwards.
//   BENCH_SCALE     multiplies every event count (default 1; 0.1 for a smoke run).
//   BENCH_ROUNDS    times every append row runs, engines taking turns (default 2); the table
//                   shows each engine's best round, the JSON file every round.
//   BENCH_ENGINES   comma list out of emmett,sensei-pg,sensei-pglite (default: all three).
//   BENCH_PG_POOL   connections per PostgreSQL engine, the same for Sensei and Emmett (default 10,
//                   node-postgres' default and therefore Emmett's).
//
// Each engine runs in its own child process, so memory figures are per engine and neither library
// can change the other's global state (Emmett's driver switches node-postgres' global int8 and
// JSON parsers).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const resultsFile = path.join(here, 'results', 'eventstore-latest.json');

const scale = Number(process.env.BENCH_SCALE ?? '1');
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? '2'));
const poolSize = Number(process.env.BENCH_PG_POOL ?? '10');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const writerCounts = [1, 8, 64];
const eventsPerStream = 50;
const catchUpPage = 1000;
const rowTimeLimitMs = 30_000;
const targets = { singleAt64: 5, batchOf10: 1.5, catchUpEventsPerSecond: 50_000 };

const scenarios = [
  { name: 'append 1', batch: 1, events: 3_000 },
  { name: 'append 10', batch: 10, events: 10_000 },
].flatMap((scenario) =>
  writerCounts.map((writers) => ({
    ...scenario,
    writers,
    events: Math.max(writers * scenario.batch, roundTo(scenario.events * scale, scenario.batch)),
  })),
);

const engines = {
  emmett: { label: 'Emmett 0.42 (PostgreSQL)', server: true },
  'sensei-pg': { label: 'Sensei (PostgreSQL)', server: true },
  'sensei-pglite': { label: 'Sensei (PGlite, embedded)', server: false },
};

function roundTo(value, step) {
  return Math.max(step, Math.round(value / step) * step);
}

// ---------------------------------------------------------------------------------------------
// Child: one engine, every scenario, then the catch-up read.
// ---------------------------------------------------------------------------------------------

/** The child's side: one engine, driven one step at a time by the parent. */
function serveEngine() {
  let adapter;
  let memory;
  let appended = 0;
  const steps = {
    open: async ({ engine, target }) => {
      adapter = await openEngine(engine, target);
      memory = startMemorySampler();
      const warmUp = { name: 'warm-up', batch: 1, writers: 8, events: 400 };
      appended += (await runScenario(adapter, warmUp, 'w')).events;
      return { poolSize: adapter.poolSize, notes: adapter.notes };
    },
    row: async ({ scenario, tag }) => {
      memory.resetRowPeak();
      const row = await runScenario(adapter, scenario, tag);
      appended += row.events;
      return { ...row, rowPeakRss: memory.rowPeak() };
    },
    catchUp: async () => {
      memory.resetRowPeak();
      const cpu = process.cpuUsage();
      const catchUp = await adapter.catchUp();
      return {
        ...catchUp,
        appended,
        clientCpu: cpuShare(process.cpuUsage(cpu), catchUp.seconds),
        rowPeakRss: memory.rowPeak(),
      };
    },
    close: async () => {
      memory?.stop();
      await adapter?.close();
      return { peakRssSampled: memory?.peak() ?? 0, maxRss: process.resourceUsage().maxRSS * 1024 };
    },
  };
  process.on('message', ({ step, args }) => {
    steps[step](args).then(
      (result) => process.send({ ok: true, result }),
      (error) => process.send({ ok: false, error: error?.stack ?? String(error) }),
    );
  });
}

async function runScenario(adapter, scenario, tag) {
  const batches = scenario.events / scenario.batch;
  let claimed = 0;
  let appended = 0;
  const deadline = Date.now() + rowTimeLimitMs;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: scenario.writers }, async (_, writer) => {
      let stream = 0;
      let revision = -1;
      let streamId = `bench-${tag}-w${writer}-${stream}`;
      while (claimed < batches && Date.now() < deadline) {
        claimed += 1;
        if (revision + scenario.batch >= eventsPerStream) {
          stream += 1;
          revision = -1;
          streamId = `bench-${tag}-w${writer}-${stream}`;
        }
        const events = Array.from({ length: scenario.batch }, (_, i) =>
          benchEvent(streamId, revision + 1 + i),
        );
        await adapter.append(streamId, events, revision);
        revision += scenario.batch;
        appended += scenario.batch;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    clientCpu: cpuShare(process.cpuUsage(cpu), seconds),
    scenario: scenario.name,
    batch: scenario.batch,
    writers: scenario.writers,
    events: appended,
    seconds,
    eventsPerSecond: appended / seconds,
    cappedByTime: appended < scenario.events,
  };
}

/** CPU time of this process over wall time: 1.0 = one core busy for the whole row. */
function cpuShare(usage, seconds) {
  return (usage.user + usage.system) / 1e6 / seconds;
}

const correlationId = randomUUID();
function benchEvent(streamId, revision) {
  return {
    id: randomUUID(),
    type: 'PartitionVerified',
    data: {
      migrationId: streamId,
      partition: revision,
      table: 'public.orders',
      rowCount: 10_000,
      checksum: 'sha256:9f2c4e1b7a3d5f60c8e2b4a6d8f0e1c3a5b7d9f1e3c5a7b9d1f3e5c7a9b1d3f5',
      tolerances: { numericEpsilon: 0.0001, timestampSeconds: 1, stringMode: 'exact' },
    },
    metadata: {
      correlationId,
      causationId: correlationId,
      actor: 'bench',
      timestamp: new Date().toISOString(),
    },
  };
}

function startMemorySampler() {
  let peak = process.memoryUsage().rss;
  let rowPeak = peak;
  const timer = setInterval(() => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
    if (rss > rowPeak) rowPeak = rss;
  }, 50);
  timer.unref();
  const sample = () => {
    const rss = process.memoryUsage().rss;
    peak = Math.max(peak, rss);
    rowPeak = Math.max(rowPeak, rss);
  };
  return {
    peak: () => (sample(), peak),
    rowPeak: () => (sample(), rowPeak),
    resetRowPeak: () => {
      rowPeak = process.memoryUsage().rss;
    },
    stop: () => clearInterval(timer),
  };
}

async function openEngine(engine, target) {
  switch (engine) {
    case 'emmett':
      return openEmmett(target);
    case 'sensei-pg':
    case 'sensei-pglite':
      return openSensei(engine, target);
    default:
      throw new Error(`unknown engine ${engine}`);
  }
}

async function openEmmett(connectionString) {
  // Loaded with import(), as ESM users load it. Dumbo (Emmett's SQL layer) is resolved from
  // Emmett's own location: it is Emmett's dependency, not Sensei's.
  const emmettEntry = require.resolve('@event-driven-io/emmett-postgresql');
  const emmett = await import('@event-driven-io/emmett-postgresql');
  const { dumbo } = await import(
    pathToFileURL(createRequire(emmettEntry).resolve('@event-driven-io/dumbo')).href
  );
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const db = dumbo({ connectionString, pool });
  const store = emmett.getPostgreSQLEventStore(connectionString, {
    connectionOptions: { dumbo: db },
  });
  await store.schema.migrate();
  return {
    poolSize,
    notes: [
      'Emmett catch-up uses readMessagesBatch, the $all page read its postgreSQLEventStoreConsumer ' +
        'polls with. It orders a page by transaction id but starts the next page after the last ' +
        'global position, so after concurrent writers a catch-up can repeat some events and skip others.',
    ],
    append: (streamId, events, revision) =>
      store.appendToStream(
        streamId,
        events.map(({ type, data, metadata }) => ({ type, data, metadata })),
        // Emmett counts events (a new stream is at 0); Sensei's revision is 0-based (-1 = none).
        { expectedStreamVersion: BigInt(revision + 1) },
      ),
    catchUp: async () => {
      let after = 0n;
      let events = 0;
      const ids = new Set();
      const started = process.hrtime.bigint();
      for (;;) {
        const page = await emmett.readMessagesBatch(db.execute, { after, batchSize: catchUpPage });
        events += page.messages.length;
        for (const message of page.messages) ids.add(message.metadata.messageId);
        if (page.messages.length === 0) break;
        after = page.currentGlobalPosition;
        if (!page.areMessagesLeft) break;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return {
        events,
        unique: ids.size,
        seconds,
        eventsPerSecond: events / seconds,
        page: catchUpPage,
      };
    },
    close: async () => {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

async function openSensei(engine, target) {
  const infra = loadSenseiInfra();
  const store =
    engine === 'sensei-pg'
      ? await infra.createPostgresEventStore(target, { pool: { max: poolSize } })
      : await infra.createPGliteEventStore(target, {});
  await store.ping();
  return {
    poolSize: engine === 'sensei-pg' ? poolSize : 1,
    notes: [],
    append: (streamId, events, revision) =>
      store.append(streamId, events, { expectedRevision: revision < 0 ? 'no_stream' : revision }),
    catchUp: async () => {
      let from = 0;
      let events = 0;
      const ids = new Set();
      const started = process.hrtime.bigint();
      for (;;) {
        const page = await store.readAll({ fromPosition: from, maxCount: catchUpPage });
        events += page.length;
        for (const event of page) ids.add(event.id);
        const last = page[page.length - 1];
        if (!last || page.length < catchUpPage) break;
        from = last.position;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return {
        events,
        unique: ids.size,
        seconds,
        eventsPerSecond: events / seconds,
        page: catchUpPage,
      };
    },
    close: () => store.close(),
  };
}

function loadSenseiInfra() {
  const entry = path.join(root, 'dist/libs/infra/src/index.js');
  if (!existsSync(entry)) {
    throw new Error(
      `${entry} is missing: run \`npm run build\` first (npm run bench:eventstore does)`,
    );
  }
  const infra = require(entry);
  for (const name of ['createPostgresEventStore', 'createPGliteEventStore']) {
    if (typeof infra[name] !== 'function') throw new Error(`@sensei/infra does not export ${name}`);
  }
  return infra;
}

// ---------------------------------------------------------------------------------------------
// Parent: databases, one child per engine, the table and the JSON file.
// ---------------------------------------------------------------------------------------------

async function runParent() {
  const selected = (process.env.BENCH_ENGINES ?? Object.keys(engines).join(','))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of selected)
    if (!engines[name]) throw new Error(`BENCH_ENGINES: unknown engine ${name}`);

  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: databaseUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.error(
      `Cannot reach PostgreSQL at ${redact(databaseUrl)} (${error.message}). Start it or set DATABASE_URL ` +
        'to a server where this user may CREATE DATABASE.',
    );
    process.exitCode = 1;
    return;
  }
  const serverVersion = (await admin.query('SHOW server_version')).rows[0].server_version;
  console.log(
    `Event store benchmark: ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''}, Node ${process.version}, ` +
      `PostgreSQL ${serverVersion} at ${redact(databaseUrl)}, scale ${scale}, pool ${poolSize} per PostgreSQL engine`,
  );
  if (os.loadavg()[0] > os.cpus().length / 2) {
    console.log(
      `warning: load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs: ` +
        'other work is running, the figures will be noisy',
    );
  }

  // Engines take turns row by row, so a change in machine load hits all of them alike.
  const loadBefore = os.loadavg()[0];
  const results = [];
  const targets = [];
  const children = [];
  try {
    for (const engine of selected) {
      const target = await createTarget(admin, engine);
      targets.push(target);
      const child = startChild(engine);
      children.push(child);
      const opened = await child.request('open', { engine, target: target.location });
      results.push({ engine, ...opened, runs: [] });
    }
    for (let round = 0; round < rounds; round += 1) {
      // Every other round in reverse order, so no engine always runs right after another.
      const order = children.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const [index, scenario] of scenarios.entries()) {
        process.stdout.write(`round ${round + 1}, ${scenario.name} x ${scenario.writers} writers:`);
        for (const i of order) {
          const row = await children[i].request('row', { scenario, tag: `r${round}s${index}` });
          results[i].runs.push(row);
          process.stdout.write(` ${results[i].engine} ${formatInt(row.eventsPerSecond)}`);
        }
        process.stdout.write(' ev/s\n');
      }
    }
    for (const result of results) result.rows = bestRuns(result.runs);
    for (const [i, child] of children.entries()) {
      results[i].catchUp = await child.request('catchUp');
    }
    for (const [i, child] of children.entries()) {
      Object.assign(results[i], await child.request('close'));
    }
  } finally {
    for (const child of children) child.kill();
    for (const target of targets) await target.drop();
    await admin.end();
  }
  const loadAfter = os.loadavg()[0];

  const report = buildReport(results, serverVersion, { loadBefore, loadAfter });
  printReport(report);
  await writeReport(report);
}

/** A fresh database (PostgreSQL engines) or data directory (PGlite), and how to remove it. */
async function createTarget(admin, engine) {
  if (!engines[engine].server) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sensei-bench-pglite-'));
    return { location: dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = `sensei_bench_${engine.replace(/-/g, '_')}_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return {
    location: url.toString(),
    drop: () => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

/** One engine per process: its own memory figures, and no global state shared with the others. */
function startChild(engine) {
  const child = fork(fileURLToPath(import.meta.url), ['--child'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: process.env,
  });
  let waiting;
  child.on('message', (message) => {
    const current = waiting;
    waiting = undefined;
    if (message.ok) current?.resolve(message.result);
    else current?.reject(new Error(`${engine}: ${message.error}`));
  });
  child.on('exit', (code) => {
    waiting?.reject(new Error(`${engine}: the engine process exited (code ${code})`));
    waiting = undefined;
  });
  return {
    request: (step, args) =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        child.send({ step, args });
      }),
    kill: () => child.connected && child.kill(),
  };
}

/** Per scenario and writer count, the round with the most events/s (with how many rounds). */
function bestRuns(runs) {
  const best = new Map();
  for (const run of runs) {
    const key = `${run.scenario}/${run.writers}`;
    const seen = best.get(key);
    const allRates = [...(seen?.allEventsPerSecond ?? []), run.eventsPerSecond];
    if (!seen || run.eventsPerSecond > seen.eventsPerSecond) {
      best.set(key, { ...run, allEventsPerSecond: allRates });
    } else {
      seen.allEventsPerSecond = allRates;
    }
  }
  return [...best.values()];
}

function buildReport(results, serverVersion, load) {
  const emmett = results.find((result) => result.engine === 'emmett');
  const baseline = (row) =>
    emmett?.rows.find(
      (candidate) => candidate.scenario === row.scenario && candidate.writers === row.writers,
    );
  const targetFor = (row) => {
    if (row.batch === 1 && row.writers === 64) return targets.singleAt64;
    if (row.batch === 10) return targets.batchOf10;
    return undefined;
  };
  const rows = results.flatMap((result) =>
    result.rows.map((row) => {
      const base = result.engine === 'emmett' ? undefined : baseline(row);
      const ratio = base ? row.eventsPerSecond / base.eventsPerSecond : undefined;
      const target = result.engine === 'emmett' ? undefined : targetFor(row);
      return {
        engine: result.engine,
        ...row,
        ratioToEmmett: ratio,
        target,
        meetsTarget: target === undefined || ratio === undefined ? undefined : ratio >= target,
      };
    }),
  );
  const catchUp = results.map((result) => ({
    engine: result.engine,
    ...result.catchUp,
    ratioToEmmett:
      result.engine === 'emmett' || !emmett
        ? undefined
        : result.catchUp.eventsPerSecond / emmett.catchUp.eventsPerSecond,
    target: result.engine === 'emmett' ? undefined : targets.catchUpEventsPerSecond,
    meetsTarget:
      result.engine === 'emmett'
        ? undefined
        : result.catchUp.eventsPerSecond >= targets.catchUpEventsPerSecond,
  }));
  return {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryBytes: os.totalmem(),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: serverVersion,
      loadAverage1m: load,
    },
    settings: { scale, rounds, poolSize, eventsPerStream, catchUpPage, rowTimeLimitMs },
    targets,
    rows,
    catchUp,
    memory: results.map((result) => ({
      engine: result.engine,
      peakRssSampledBytes: result.peakRssSampled,
      maxRssBytes: result.maxRss,
    })),
    notes: results.flatMap((result) => result.notes),
  };
}

function printReport(report) {
  const label = (engine) => engines[engine].label;
  const ratioText = (row) => {
    if (row.ratioToEmmett === undefined) return row.engine === 'emmett' ? 'baseline' : '-';
    const text = `${row.ratioToEmmett.toFixed(2)}x`;
    return engines[row.engine].server ? text : `${text}*`;
  };
  const targetText = (row) =>
    row.target === undefined
      ? ''
      : `>= ${row.target}x ${row.meetsTarget === undefined ? '?' : row.meetsTarget ? 'met' : 'MISSED'}`;

  console.log(
    `\nAppends (each writer appends to its own streams, expected revision checked; best of ${report.settings.rounds} rounds)\n`,
  );
  printTable(
    [
      'engine',
      'scenario',
      'writers',
      'events',
      'seconds',
      'events/s',
      'vs Emmett',
      'target',
      'client CPU',
      'peak RSS',
    ],
    report.rows.map((row) => [
      label(row.engine),
      row.scenario + (row.cappedByTime ? ' (time cap)' : ''),
      String(row.writers),
      String(row.events),
      row.seconds.toFixed(2),
      formatInt(row.eventsPerSecond),
      ratioText(row),
      targetText(row),
      formatPercent(row.clientCpu),
      formatBytes(row.rowPeakRss),
    ]),
  );

  console.log(`\nCatch-up read of $all from position 0 (pages of ${catchUpPage})\n`);
  printTable(
    [
      'engine',
      'appended',
      'read',
      'distinct',
      'seconds',
      'events/s',
      'vs Emmett',
      'target',
      'client CPU',
      'peak RSS',
    ],
    report.catchUp.map((row) => [
      label(row.engine),
      String(row.appended),
      String(row.events),
      String(row.unique),
      row.seconds.toFixed(2),
      formatInt(row.eventsPerSecond),
      ratioText(row),
      row.target === undefined
        ? ''
        : `>= ${formatInt(row.target)} ev/s ${row.meetsTarget ? 'met' : 'MISSED'}`,
      formatPercent(row.clientCpu),
      formatBytes(row.rowPeakRss),
    ]),
  );

  console.log('\nMemory per engine process (client side; the PostgreSQL server is not included)\n');
  printTable(
    ['engine', 'peak RSS (sampled every 50 ms)', 'maxRSS (resourceUsage)'],
    report.memory.map((row) => [
      label(row.engine),
      formatBytes(row.peakRssSampledBytes),
      formatBytes(row.maxRssBytes),
    ]),
  );
  console.log(
    '\n* PGlite rows: the embedded engine inside the bench process, against Emmett on the PostgreSQL server.',
  );
  const { loadBefore, loadAfter } = report.machine.loadAverage1m;
  console.log(
    `load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
  );
  console.log(
    'client CPU: CPU time of the engine process over wall time (100% = one core; the machine has ' +
      `${report.machine.cpus}, shared with the PostgreSQL server).`,
  );
  for (const row of report.catchUp) {
    if (row.events !== row.appended || row.unique !== row.appended) {
      console.log(
        `${label(row.engine)}: the catch-up read returned ${row.events} events, ${row.unique} distinct, ` +
          `of ${row.appended} appended.`,
      );
    }
  }
  for (const note of report.notes) console.log(`note: ${note}`);
}

/** Columns whose title is in `numeric` are right-aligned. */
function printTable(header, rows) {
  const numeric = new Set([
    'writers',
    'events',
    'appended',
    'read',
    'distinct',
    'seconds',
    'events/s',
    'vs Emmett',
    'client CPU',
    'peak RSS',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) =>
        numeric.has(header[column]) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

async function writeReport(report) {
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  let text = `${JSON.stringify(report, null, 2)}\n`;
  try {
    // Keep the committed file as `prettier --check` wants it.
    const prettier = await import('prettier');
    text = await prettier.format(text, {
      parser: 'json',
      ...(await prettier.resolveConfig(resultsFile)),
    });
  } catch {
    // prettier is a dev dependency; without it the JSON is still valid.
  }
  writeFileSync(resultsFile, text);
  console.log(`\nresults written to ${path.relative(root, resultsFile)}`);
}

function formatInt(value) {
  return Math.round(value).toLocaleString('en-US');
}

function formatPercent(share) {
  return `${Math.round(share * 100)}%`;
}

function formatBytes(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

function redact(url) {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

if (process.argv[2] === '--child') {
  serveEngine();
} else {
  runParent().catch((error) => {
    console.error(error?.stack ?? String(error));
    process.exitCode = 1;
  });
}
