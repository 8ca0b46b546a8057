/**
 * The catch-up side of the read benchmark, one engine per process so each gets its own peak
 * RSS. Prints progress to stderr and one line `BENCH_RESULT {json}` to stdout.
 *
 *   node -r ./test/support/register-ts.js test/bench/read-catchup-child.ts <postgres|pglite> <events>
 *
 * Appends <events> (rounded up to whole copies) of the recorded Chinook CLI history (four real
 * migrations, 182 events: 71 MappingProposed, 68 MappingApproved, ...) under fresh migration
 * ids to a fresh event store, then times every read model catching up from position 0.
 * postgres: a scratch database on DATABASE_URL holds both the events and the read models (the
 * default production layout); pglite: two data directories in a temporary folder (the default
 * embedded layout). Environment: BENCH_READ_BATCH (events per transaction, default 1000).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  createPGliteEventStore,
  createPostgresEventStore,
  EventStoreFeed,
  PgSqlClient,
  PGliteSqlClient,
  startReadSide,
  type SqlClient,
  type SqlEventStore,
} from '@sensei/infra';
import { appendHistoryCopies, chinookCliHistory } from '../support/read-side-history';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const batchSize = Number(process.env.BENCH_READ_BATCH ?? 1000);
const log = (line: string) =>
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const peakRss = () => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
};

interface Stores {
  store: SqlEventStore;
  readDb: SqlClient;
  description: string;
  /** CPU seconds so far of each PostgreSQL backend serving this benchmark, by pid. */
  backendCpu(): Promise<Map<number, number>>;
  cleanup(): Promise<void>;
}

const ticksPerSecond = 100;

/** utime + stime of a local process, from /proc (undefined if it is gone or not local). */
const cpuSecondsOf = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
};

const admin = async <T>(work: (client: Client) => Promise<T>) => {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const openStores = async (engine: string): Promise<Stores> => {
  if (engine === 'postgres') {
    const name = `sensei_bench_read_${process.pid}`;
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const store = await createPostgresEventStore(url.toString());
    const readDb = new PgSqlClient(url.toString());
    return {
      store,
      readDb,
      description: `PostgreSQL ${url.host}, scratch database ${name}`,
      // The server is shared with other work: count only the backends serving this database.
      backendCpu: async () => {
        const { rows } = await readDb.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
        );
        return new Map(
          rows.flatMap((row) => {
            const seconds = cpuSecondsOf(row.pid);
            return seconds === undefined ? [] : [[row.pid, seconds] as const];
          }),
        );
      },
      cleanup: async () => {
        await readDb.close();
        await store.close();
        await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sensei-bench-read-'));
  const store = await createPGliteEventStore(join(dir, 'data'));
  const readDb = await PGliteSqlClient.open(join(dir, 'read'));
  return {
    store,
    readDb,
    description: `PGlite ${dir}/{data,read}`,
    // PGlite runs inside this process: its CPU is the client's.
    backendCpu: async () => new Map<number, number>(),
    cleanup: async () => {
      await readDb.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

const main = async () => {
  const [engine = 'postgres', eventsArg = '1000000'] = process.argv.slice(2);
  const copies = Math.ceil(Number(eventsArg) / chinookCliHistory().length);
  const stores = await openStores(engine);
  try {
    log(`${stores.description}: appending ${copies} copies of the Chinook CLI history`);
    const appendStarted = process.hrtime.bigint();
    await appendHistoryCopies(stores.store, { from: 0, to: copies }, 8, (copy) => {
      if (copy % Math.ceil(copies / 10) === 0) log(`appended copy ${copy}/${copies}`);
    });
    const appendSeconds = Number(process.hrtime.bigint() - appendStarted) / 1e9;
    const events = await stores.store.headPosition();
    log(`${events} events appended in ${appendSeconds.toFixed(1)} s; catching up`);

    const peak = peakRss();
    const backendsBefore = await stores.backendCpu();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    // Seconds until each projection reached the head, and the position it last committed.
    const finished: Record<string, number> = {};
    const reached = new Map<string, string>();
    const readSide = await startReadSide({
      feed: new EventStoreFeed(stores.store),
      sql: stores.readDb,
      batchSize,
      onProgress: (build, position, state) => {
        reached.set(build.name, `${position} (${state})`);
        if (position >= events && finished[build.name] === undefined) {
          finished[build.name] = Number(process.hrtime.bigint() - started) / 1e9;
        }
      },
    });
    const progress = setInterval(() => {
      log([...reached].map(([name, at]) => `${name} ${at}`).join(', '));
    }, 5000);
    await readSide.caughtUp(3_600_000);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(progress);
    const cpu = process.cpuUsage(cpuBefore);
    const clientCpuSeconds = (cpu.user + cpu.system) / 1e6;
    let databaseCpuSeconds = 0;
    for (const [pid, after] of await stores.backendCpu()) {
      databaseCpuSeconds += after - (backendsBefore.get(pid) ?? 0);
    }
    await readSide.stop();
    const rows = await stores.readDb.query<{
      migrations: number;
      mappings: number;
      activity: number;
    }>(
      `SELECT (SELECT count(*)::int FROM read.migrations) AS migrations,
              (SELECT count(*)::int FROM read.mappings) AS mappings,
              (SELECT count(*)::int FROM read.activity) AS activity`,
    );
    const result = {
      engine,
      events,
      copies,
      batchSize,
      appendSeconds,
      seconds,
      eventsPerSecond: events / seconds,
      finishedAt: finished,
      clientCpuSeconds,
      databaseCpuSeconds,
      // What two idle cores could do if the work spread over both: a load-independent figure.
      eventsPerCpuSecond: events / (clientCpuSeconds + databaseCpuSeconds),
      peakRss: peak(),
      rows: rows.rows[0],
    };
    console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  } finally {
    await stores.cleanup();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
