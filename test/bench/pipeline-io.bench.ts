/**
 * Pipeline I/O figures on real Chinook rows (InvoiceLine repeated BENCH_COPIES times, ids
 * shifted so keys stay unique). Prints figures; asserts nothing.
 *
 *   node -r ./test/support/register-ts.js test/bench/pipeline-io.bench.ts
 *
 * BENCH_COPIES (default 100: 224,000 rows). DATABASE_URL: PostgreSQL for the pg figure
 * (skipped when unreachable). The PGlite baseline is multi-row INSERT with parameters, the
 * alternative to COPY FROM '/dev/blob', run in the same process on the same rows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryArtifactStore } from '../../libs/infra/src/artifacts/local-directory-artifact-store';
import { deliverPartitions } from '../../libs/infra/src/connectors/target/deliver-partitions';
import { PgTargetConnector } from '../../libs/infra/src/connectors/target/pg-target-connector';
import { PGliteTargetConnector } from '../../libs/infra/src/connectors/target/pglite-target-connector';
import type { TextValue } from '../../libs/infra/src/connectors/target/target-connector.port';
import type { PGlite } from '@electric-sql/pglite';
import { loadPGlite } from '../../libs/infra/src/sql/load-pglite';
import { openDuckDbSession } from '../../libs/infra/src/pipeline-io/duckdb-session';
import { writeTablePartitions } from '../../libs/infra/src/pipeline-io/partition-writer';
import { readTextBatches } from '../../libs/infra/src/connectors/target/partition-text-batches';
import { chinookSqliteSchema, openChinookSqlite } from '../support/chinook-schemas';
import { createPostgresTestDatabase } from '../support/postgres-test-database';

const copies = Number(process.env.BENCH_COPIES ?? 100);
const ddl = `CREATE TABLE "InvoiceLine" ("InvoiceLineId" int PRIMARY KEY, "InvoiceId" int NOT NULL,
  "TrackId" int NOT NULL, "UnitPrice" numeric(10,2) NOT NULL, "Quantity" int NOT NULL)`;

async function* repeatedInvoiceLines(): AsyncIterable<Record<string, unknown>[]> {
  const db = await openChinookSqlite();
  const [result] = db.exec('SELECT * FROM "InvoiceLine" ORDER BY "InvoiceLineId"');
  db.close();
  const rows = result!.values;
  for (let copy = 0; copy < copies; copy += 1) {
    yield rows.map(([id, invoice, track, price, quantity]) => ({
      InvoiceLineId: Number(id) + copy * rows.length,
      InvoiceId: invoice,
      TrackId: track,
      UnitPrice: price,
      Quantity: quantity,
    }));
  }
}

const timed = async <T>(label: string, rows: number, work: () => Promise<T>): Promise<T> => {
  const started = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `${label.padEnd(44)} ${rows} rows  ${ms.toFixed(0).padStart(6)} ms  ${Math.round(
      rows / (ms / 1000),
    )
      .toString()
      .padStart(8)} rows/s  rss ${rss} MiB`,
  );
  return result;
};

const main = async () => {
  const root = await mkdtemp(join(tmpdir(), 'sensei-bench-'));
  const store = new LocalDirectoryArtifactStore(root);
  const table = (await chinookSqliteSchema()).tables.find((t) => t.name === 'InvoiceLine')!;
  const total = copies * 2240;
  try {
    const partitions = await timed('partition to Parquet (100k rows/file)', total, () =>
      writeTablePartitions(store, table, repeatedInvoiceLines()),
    );
    const request = {
      migrationId: 'bench',
      certificateId: 'bench',
      tables: [{ name: 'InvoiceLine', partitions }],
    };

    const pglite = await PGliteTargetConnector.open('memory://');
    await pglite.query(ddl);
    await timed('deliver to PGlite, COPY FROM /dev/blob', total, () =>
      deliverPartitions(store, pglite, request),
    );
    await pglite.close();

    const baseline = await loadPGlite().PGlite.create('memory://');
    await baseline.query(ddl);
    await timed('PGlite baseline: multi-row INSERT, 10k/tx', total, async () => {
      const session = await openDuckDbSession();
      for (const partition of partitions) {
        const local = await store.localFile(partition.hash);
        for await (const { rows } of readTextBatches(session, local.path, 10_000)) {
          await insertRows(baseline, rows);
        }
      }
      session.close();
    });
    await baseline.close();

    const database = await createPostgresTestDatabase().catch(() => undefined);
    if (database) {
      const pg = new PgTargetConnector(database.url);
      await pg.query(ddl);
      await timed('deliver to PostgreSQL, COPY FROM STDIN', total, () =>
        deliverPartitions(store, pg, request),
      );
      await pg.close();
      await database.drop();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};

/** 1,000 rows per statement (5 parameters each, under Postgres' 65,535 limit), one transaction. */
const insertRows = async (db: PGlite, rows: TextValue[][]) => {
  await db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const values = chunk.map(
        (_, r) => `(${[1, 2, 3, 4, 5].map((c) => `$${r * 5 + c}`).join(', ')})`,
      );
      await tx.query(`INSERT INTO "InvoiceLine" VALUES ${values.join(', ')}`, chunk.flat());
    }
  });
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
