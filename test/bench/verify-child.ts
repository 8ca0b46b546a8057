/**
 * The KORA side of `npm run bench:verify`, one measurement per process so each gets its own
 * peak RSS. Prints one line `BENCH_RESULT {json}`.
 *
 *   node -r ./test/support/register-ts.js test/bench/verify-child.ts chinook-replay
 *   node -r ./test/support/register-ts.js test/bench/verify-child.ts replay <rows>
 *   node -r ./test/support/register-ts.js test/bench/verify-child.ts diff <rows> [mutated]
 *
 * `replay`/`diff` generate an `orders`-shaped table (int key, int, decimal(12,2), timestamp,
 * int, text) as Parquet with DuckDB, the source and the target side as separate files with the
 * same rows (`mutated`: one amount changed by 0.01 in the target), then run KORA on them exactly
 * as the Validator does: `kora_source`, `kora_expected` (an identity mapping) and `kora_target`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultVerificationSettings,
  runQueryReplay,
  runRowDiff,
  type MethodResult,
  type TablePair,
  type VerificationInput,
} from '@sensei/kora';
import { openVerificationSession } from '../../libs/infra/src/pipeline/verification/verification-session';
import { valueKindOf } from '../../libs/infra/src/pipeline/verification/verification-relations';
import { openChinookVerification } from '../support/kora-chinook';

const peakRss = () => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
};

const columns: Array<[string, string, string]> = [
  ['id', 'INTEGER', 'i::INTEGER'],
  ['cust_id', 'INTEGER', '(i % 50000)::INTEGER'],
  ['amt', 'DECIMAL(12,2)', '((i * 7919) % 100000 / 100.0)::DECIMAL(12,2)'],
  ['created', 'TIMESTAMP', "TIMESTAMP '2020-01-01' + to_seconds(i)"],
  ['qty', 'INTEGER', '(i % 7)::INTEGER'],
  ['note', 'VARCHAR', "'order ' || i::VARCHAR"],
];

const generatedInput = async (rows: number, mutated: boolean) => {
  const dir = mkdtempSync(join(tmpdir(), 'sensei-bench-verify-'));
  // The Validator's session: its threads, one connection per thread, its memory limit.
  const session = await openVerificationSession();
  const { connection, readers } = session;
  const select = `SELECT ${columns.map(([name, , expr]) => `${expr} AS ${name}`).join(', ')} FROM range(${rows}) t(i)`;
  const source = join(dir, 'source.parquet');
  const target = join(dir, 'target.parquet');
  await connection.run(`COPY (${select}) TO '${source}' (FORMAT parquet, COMPRESSION zstd)`);
  const change = mutated
    ? `CASE WHEN id = ${Math.floor(rows / 2)} THEN amt + 0.01 ELSE amt END AS amt`
    : 'amt';
  await connection.run(
    `COPY (SELECT id, cust_id, ${change}, created, qty, note FROM read_parquet('${source}')) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`,
  );
  for (const schema of ['kora_source', 'kora_expected', 'kora_target'])
    await connection.run(`CREATE SCHEMA ${schema}`);
  await connection.run(`CREATE VIEW kora_source.orders AS SELECT * FROM read_parquet('${source}')`);
  await connection.run(
    `CREATE VIEW kora_expected.orders AS SELECT ${columns.map(([n]) => n).join(', ')} FROM kora_source.orders`,
  );
  await connection.run(`CREATE VIEW kora_target.orders AS SELECT * FROM read_parquet('${target}')`);
  const pair: TablePair = {
    sourceTable: 'orders',
    targetTable: 'orders',
    sourceRelation: 'kora_source.orders',
    expectedRelation: 'kora_expected.orders',
    targetRelation: 'kora_target.orders',
    key: ['id'],
    columns: columns.map(([name, type]) => ({
      target: name,
      source: name,
      expression: `"${name}"`,
      duckdbType: type,
      kind: valueKindOf(type),
    })),
  };
  const input: VerificationInput = {
    ...defaultVerificationSettings,
    connection,
    readers,
    tables: [pair],
    targetSchema: [
      {
        name: 'orders',
        columns: columns.map(([name], i) => ({
          name,
          ordinal: i + 1,
          type: 'text',
          nativeType: 'text',
          nullable: name !== 'id',
        })),
        primaryKey: ['id'],
        uniqueKeys: [],
        foreignKeys: [],
        indexes: [],
      },
    ],
  };
  return {
    input,
    close: () => {
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const summarise = (result: MethodResult) => ({
  queries: result.queryCount,
  statements: result.statementCount,
  checks: result.checks.length,
  failed: result.checks
    .filter((c) => c.outcome !== 'passed')
    .map((c) => c.message)
    .slice(0, 3),
});

const main = async () => {
  const [mode = 'chinook-replay', rowsArg = '2000000', flag] = process.argv.slice(2);
  const rows = Number(rowsArg);
  let report: Record<string, unknown>;
  if (mode === 'chinook-replay') {
    const chinook = await openChinookVerification();
    const input = chinook.input();
    const cold = performance.now();
    await runQueryReplay(input); // warm: Parquet metadata and plans
    const firstRunSeconds = (performance.now() - cold) / 1000;
    const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
    const rss = peakRss();
    const started = performance.now();
    let last: MethodResult | undefined;
    for (let i = 0; i < rounds; i++) last = await runQueryReplay(input);
    const seconds = (performance.now() - started) / 1000;
    report = {
      mode,
      rounds,
      seconds,
      // Registering the relations loads this small checkpoint into DuckDB tables, once per
      // verification: the cold figure counts it with the first run.
      relationsSeconds: chinook.relationsMs / 1000,
      firstRunSeconds,
      ...summarise(last!),
      peakRss: rss(),
    };
    await chinook.close();
  } else {
    const rss = peakRss();
    const generated = await generatedInput(rows, flag === 'mutated');
    const started = performance.now();
    const result =
      mode === 'replay' ? await runQueryReplay(generated.input) : await runRowDiff(generated.input);
    const seconds = (performance.now() - started) / 1000;
    report = {
      mode,
      rows,
      mutated: flag === 'mutated',
      seconds,
      ...summarise(result),
      peakRss: rss(),
    };
    generated.close();
  }
  console.log(`BENCH_RESULT ${JSON.stringify(report)}`);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
