import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSchema } from '@sensei/domain';
import { chinookRowBatches } from '../../../../test/support/chinook-rows';
import { chinookSqliteSchema } from '../../../../test/support/chinook-schemas';
import type { ArtifactStore } from '../artifacts/artifact-store.port';
import { LocalDirectoryArtifactStore } from '../artifacts/local-directory-artifact-store';
import type { PartitionDescriptor } from './partition-descriptor';
import { readPartitionsAsText } from './parquet-reader';
import { writeTablePartitions } from './partition-writer';
import {
  executeTransformation,
  transformationConcurrency,
  type TransformationStep,
} from './transform-executor';

const invoiceSummarySql = `
  SELECT i."InvoiceId" AS invoice_id,
         lower(c."Email") AS customer_email,
         CAST(i."InvoiceDate" AS DATE) AS invoice_date,
         i."Total" AS total
  FROM "Invoice" i JOIN "Customer" c USING ("CustomerId")
  ORDER BY i."InvoiceId"`;

/**
 * The store, counting the local files handed out and not yet released; the file of `slowHash`
 * comes 200 ms late, so that partitions after it finish (or fail) before it.
 */
const instrumented = (inner: ArtifactStore, slowHash?: string) => {
  let held = 0;
  const store: ArtifactStore = {
    description: inner.description,
    put: (source, options) => inner.put(source, options),
    get: (hash) => inner.get(hash),
    has: (hash) => inner.has(hash),
    stat: (hash) => inner.stat(hash),
    list: () => inner.list(),
    localFile: async (hash) => {
      if (hash === slowHash) await new Promise((resolve) => setTimeout(resolve, 200));
      const local = await inner.localFile(hash);
      held += 1;
      return {
        path: local.path,
        release: async () => {
          held -= 1;
          await local.release();
        },
      };
    },
  };
  return { store, held: () => held };
};

describe('executeTransformation', () => {
  let root: string;
  let store: LocalDirectoryArtifactStore;
  let schema: DatabaseSchema;
  let invoices: PartitionDescriptor[];
  let customers: PartitionDescriptor[];
  const partitionsOf = (table: string, key: string, rowsPerPartition: number) =>
    writeTablePartitions(
      store,
      schema.tables.find((t) => t.name === table)!,
      chinookRowBatches(table, `"${key}"`, 250),
      { rowsPerPartition },
    );
  beforeAll(async () => {
    schema = await chinookSqliteSchema();
    root = await mkdtemp(join(tmpdir(), 'sensei-transform-'));
    store = new LocalDirectoryArtifactStore(root);
    invoices = await partitionsOf('Invoice', 'InvoiceId', 100);
    customers = await partitionsOf('Customer', 'CustomerId', 1000);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const step: () => TransformationStep = () => ({
    targetTable: 'public.invoice_summary',
    sql: invoiceSummarySql,
    sources: { Invoice: invoices, Customer: customers },
    drivingSource: 'Invoice',
  });

  it('runs the SQL per driving partition, joining the other sources whole', async () => {
    const outputs = await executeTransformation(store, step());
    expect(outputs.map((o) => [o.table, o.index, o.rowCount])).toEqual(
      invoices.map((i) => ['public.invoice_summary', i.index, i.rowCount]),
    );
    const rows = await readPartitionsAsText(store, outputs);
    expect(rows).toHaveLength(412);
    expect(rows[0]).toEqual({
      invoice_id: '1',
      customer_email: 'leonekohler@surfeu.de',
      invoice_date: '2021-01-01',
      total: '1.98',
    });
  });

  it('is deterministic byte for byte: running it twice gives the same hashes', async () => {
    const first = await executeTransformation(store, step());
    const second = await executeTransformation(store, step());
    expect(second).toEqual(first);
    expect(new Set(first.map((o) => o.hash)).size).toBe(first.length);
  });

  it('reports a failing SQL with the target table and partition', async () => {
    await expect(
      executeTransformation(store, { ...step(), sql: 'SELECT no_such_column FROM "Invoice"' }),
    ).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      details: { targetTable: 'public.invoice_summary', partition: invoices[0]!.hash },
    });
  });

  it('gives the same partitions, in input order, whether one session or several run them', async () => {
    expect(invoices.length).toBeGreaterThanOrEqual(4);
    const stored: number[] = [];
    const firstPartitionLate = instrumented(store, invoices[0]!.hash).store;
    const one = await executeTransformation(store, step(), { concurrency: 1 });
    const two = await executeTransformation(firstPartitionLate, step(), {
      concurrency: 2,
      onRows: (rows) => stored.push(rows),
    });
    const three = await executeTransformation(store, step(), { concurrency: 3 });
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    expect(two.map((o) => o.index)).toEqual(invoices.map((i) => i.index));
    expect(stored).toHaveLength(invoices.length);
    expect(stored.at(-1)).toBe(412);
  });

  it('reports the first failing partition when several sessions run, and leaves nothing behind', async () => {
    const scratchDirectory = await mkdtemp(join(tmpdir(), 'sensei-transform-scratch-'));
    // Invoices 201 and up (partitions 2, 3 and 4) cannot be cast; partitions 0 and 1 succeed.
    // Partition 2 starts late, so partition 3 fails first on the other session.
    const counting = instrumented(store, invoices[2]!.hash);
    const sql = `SELECT CAST(CASE WHEN "InvoiceId" > 200 THEN 'x' ELSE '1' END AS INTEGER) AS n
                 FROM "Invoice"`;
    try {
      await expect(
        executeTransformation(
          counting.store,
          { ...step(), sql },
          { concurrency: 2, scratchDirectory },
        ),
      ).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
        message: expect.stringMatching(
          /^transformation of public\.invoice_summary failed on Invoice partition 2: /,
        ),
        details: { targetTable: 'public.invoice_summary', partition: invoices[2]!.hash },
      });
      expect(await readdir(scratchDirectory)).toEqual([]);
      expect(counting.held()).toBe(0);
    } finally {
      await rm(scratchDirectory, { recursive: true, force: true });
    }
  });

  it('runs two partitions at once unless SENSEI_TRANSFORM_CONCURRENCY says otherwise', () => {
    expect(transformationConcurrency({})).toBeLessThanOrEqual(2);
    expect(transformationConcurrency({ SENSEI_TRANSFORM_CONCURRENCY: '3' })).toBe(3);
    expect(() => transformationConcurrency({ SENSEI_TRANSFORM_CONCURRENCY: '0' })).toThrow(
      /SENSEI_TRANSFORM_CONCURRENCY must be a positive integer/,
    );
  });

  it('asks for a driving source when there are several', async () => {
    await expect(
      executeTransformation(store, { ...step(), drivingSource: undefined }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});
