import { resolve } from 'node:path';
import { Client } from 'pg';
import { ChildOutput, spawnTs } from './spawn-ts';

/** The generated table that makes every phase last long enough to be killed inside it. */
export const bigTable = 'play_event';
export const bigTableRows = 150_000;
export const bigTableDdl = `CREATE TABLE ${bigTable} (
  play_event_id INT NOT NULL,
  track_id INT NOT NULL,
  played_at TIMESTAMP NOT NULL,
  seconds_played NUMERIC(10,2),
  device VARCHAR(40),
  CONSTRAINT play_event_pkey PRIMARY KEY (play_event_id)
);`;
/** Some NULLs, fractions and timestamps, so the content check means something. */
export const fillBigTableSql = `INSERT INTO ${bigTable}
  SELECT i, 1 + i % 3503, timestamp '2020-01-01' + i * interval '17 seconds',
         (i % 100000) / 7.0, CASE WHEN i % 11 = 0 THEN NULL ELSE 'device-' || i % 97 END
  FROM generate_series(1, ${bigTableRows}) AS i`;

const cliMain = resolve(__dirname, '../../apps/cli/src/main.ts');

/** `sensei <args>` from the TypeScript sources, as a child process that can be killed. */
export const startCli = (args: string[], env: NodeJS.ProcessEnv): ChildOutput =>
  new ChildOutput(spawnTs(cliMain, args, env));

/**
 * Polls `ready` (output or the event store: no fixed sleeps) and kills the child with SIGKILL the
 * moment it holds; fails if the child ends on its own first.
 */
export const killWhen = async (
  run: ChildOutput,
  what: string,
  ready: () => boolean | Promise<boolean>,
): Promise<void> => {
  const deadline = Date.now() + 120_000;
  while (!(await ready())) {
    if (run.child.exitCode !== null || run.child.signalCode !== null || Date.now() > deadline) {
      run.child.kill('SIGKILL');
      throw new Error(`never saw ${what}:\n${run.all}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  run.child.kill('SIGKILL');
  expect(await run.exited()).toBe('SIGKILL');
};

/**
 * Kills the child once its plain progress lines (`<phase>: <table> n/m rows`; stderr is not a
 * TTY) show at least `minRows` rows of `table` (a regular expression fragment) in `phase`.
 */
export const killAt = (run: ChildOutput, phase: string, table: string, minRows = 1) => {
  const line = new RegExp(`^${phase}: ${table} (\\d+)(/\\d+)? rows`, 'gm');
  return killWhen(run, `${phase} progress to ${minRows} rows of ${table}`, () =>
    [...run.all.matchAll(line)].some((match) => Number(match[1]) >= minRows),
  );
};

export const withClient = async <T>(url: string, work: (sql: Client) => Promise<T>) => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Row count and a digest of the multiset of rows of every table in `public`: md5 of each row's
 * text (columns by name, so column order does not matter), sorted, hashed together.
 */
export const tableDigests = (url: string, tables: readonly string[]) =>
  withClient(url, async (sql) => {
    const digests: Record<string, string> = {};
    for (const table of tables) {
      const { rows: columns } = await sql.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [table],
      );
      const row = `row(${columns.map((c) => quote(c.column_name)).join(', ')})::text`;
      const { rows } = await sql.query<{ n: string; digest: string }>(
        `SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS digest
           FROM (SELECT md5(${row}) AS h FROM ${quote(table)}) AS r`,
      );
      digests[table] = `${rows[0]!.n}:${rows[0]!.digest}`;
    }
    return digests;
  });

export const publicTables = (url: string) =>
  withClient(url, async (sql) => {
    const { rows } = await sql.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_name <> 'sensei_delivery_ledger' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  });

export interface LedgerState {
  /** Ledger rows (batches) and distinct batch keys. */
  batches: number;
  distinctKeys: number;
  /** Rows the ledger says were delivered per table, and rows the table actually holds. */
  ledgerRows: Record<string, number>;
  tableRows: Record<string, number>;
}

/** The delivery ledger next to what the target tables hold (they must agree after any kill). */
export const ledgerState = (url: string, migrationId: string, tables: readonly string[]) =>
  withClient(url, async (sql): Promise<LedgerState> => {
    const exists = await sql.query(`SELECT to_regclass('sensei_delivery_ledger') IS NOT NULL AS e`);
    const state: LedgerState = { batches: 0, distinctKeys: 0, ledgerRows: {}, tableRows: {} };
    if (exists.rows[0]?.e) {
      const { rows } = await sql.query<{ batches: string; keys: string }>(
        `SELECT count(*) AS batches, count(DISTINCT batch_key) AS keys
           FROM sensei_delivery_ledger WHERE migration_id = $1`,
        [migrationId],
      );
      state.batches = Number(rows[0]!.batches);
      state.distinctKeys = Number(rows[0]!.keys);
      const perTable = await sql.query<{ table_name: string; n: string }>(
        `SELECT table_name, sum(row_count) AS n FROM sensei_delivery_ledger
          WHERE migration_id = $1 GROUP BY table_name`,
        [migrationId],
      );
      for (const row of perTable.rows) {
        if (Number(row.n) > 0) state.ledgerRows[row.table_name] = Number(row.n);
      }
    }
    for (const table of tables) {
      const present = await sql.query(`SELECT to_regclass($1) IS NOT NULL AS e`, [table]);
      if (!present.rows[0]?.e) continue;
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table)}`);
      if (Number(rows[0]!.n) > 0) state.tableRows[table] = Number(rows[0]!.n);
    }
    return state;
  });
