#!/usr/bin/env node
// Read-side benchmark (issue 5), projection catch-up: every read model (migrations with their
// mappings, tables, PII findings, certificates and receipts; the activity log) built from
// position 0 over BENCH_READ_EVENTS events of real migrations, on PostgreSQL and on PGlite.
// Prints events/s, CPU spent by the client and by the PostgreSQL backends, and peak RSS; asserts
// nothing.
//
//   node test/bench/read-catchup.bench.mjs
//
// Environment:
//   DATABASE_URL         server (default postgres://postgres@127.0.0.1:5432/postgres); a scratch
//                        database is created and dropped.
//   BENCH_READ_EVENTS    events to append and catch up on (default 1000000).
//   BENCH_READ_ENGINES   comma list (default postgres,pglite).
//   BENCH_READ_BATCH     events per transaction (default 1000).
//
// The events are the recorded Chinook CLI history (four real migrations, 182 events: 71
// MappingProposed, 68 MappingApproved, reviews, certificates, deliveries) appended again and
// again under fresh ids. Appending is not timed. Each engine runs in its own child process
// (test/bench/read-catchup-child.ts) so each peak RSS (VmHWM from /proc) is its own.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { peakOf } from './peak-rss.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const events = Number(process.env.BENCH_READ_EVENTS ?? 1_000_000);
const engines = (process.env.BENCH_READ_ENGINES ?? 'postgres,pglite').split(',');
const targets = { postgresEventsPerSecond: 20_000 };

const fmt = (n, digits = 0) =>
  n === undefined || Number.isNaN(n)
    ? '-'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes) => (bytes ? `${fmt(bytes / 2 ** 20)} MiB` : '-');

const child = (engine) =>
  new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '-r',
        './test/support/register-ts.js',
        'test/bench/read-catchup-child.ts',
        engine,
        String(events),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, peakOf(proc.pid))), 200);
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      clearInterval(timer);
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line)
        return reject(new Error(`read-catchup-child ${engine} exited ${code}`));
      const result = JSON.parse(line.slice('BENCH_RESULT '.length));
      resolve({ ...result, peakRss: Math.max(peak, result.peakRss ?? 0) });
    });
  });

const main = async () => {
  console.log(`bench:read — projection catch-up over ${fmt(events)} events\n`);
  const report = { at: new Date().toISOString(), cpus: os.cpus().length, runs: [] };
  for (const engine of engines) {
    const loadBefore = os.loadavg()[0];
    const result = await child(engine);
    const run = { ...result, loadBefore, loadAfter: os.loadavg()[0] };
    report.runs.push(run);
    const cpu = result.clientCpuSeconds + result.databaseCpuSeconds;
    console.log(
      `  ${engine.padEnd(9)} ${fmt(result.events)} events in ${fmt(result.seconds, 1)} s` +
        `  ${fmt(result.eventsPerSecond).padStart(7)} events/s` +
        `  (CPU: client ${fmt(result.clientCpuSeconds, 1)} s, database ${fmt(result.databaseCpuSeconds, 1)} s,` +
        ` ${fmt(result.events / cpu)} events per CPU-second)` +
        `  peak RSS ${mib(result.peakRss)}` +
        `  load ${fmt(run.loadBefore, 2)} -> ${fmt(run.loadAfter, 2)}` +
        (engine === 'postgres'
          ? `  target ${fmt(targets.postgresEventsPerSecond)}/s: ${result.eventsPerSecond >= targets.postgresEventsPerSecond ? 'met' : 'MISSED'}`
          : ''),
    );
  }
  console.log(
    `\n  machine: ${report.cpus} CPUs; other work on it (load average above) slows every figure` +
      ' but events per CPU-second',
  );
  const results = path.join(root, 'test', 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    path.join(results, 'read-catchup-latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
