import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSchema } from '@sensei/domain';
import { chinookRowBatches } from '../../../../test/support/chinook-rows';
import { chinookSqliteSchema } from '../../../../test/support/chinook-schemas';
import { LocalDirectoryArtifactStore } from '../artifacts/local-directory-artifact-store';
import type { PartitionDescriptor } from './partition-descriptor';
import { readPartitionsAsText } from './parquet-reader';
import { writeTablePartitions } from './partition-writer';
import { executeTransformation, type TransformationStep } from './transform-executor';

const invoiceSummarySql = `
  SELECT i."InvoiceId" AS invoice_id,
         lower(c."Email") AS customer_email,
         CAST(i."InvoiceDate" AS DATE) AS invoice_date,
         i."Total" AS total
  FROM "Invoice" i JOIN "Customer" c USING ("CustomerId")
  ORDER BY i."InvoiceId"`;

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

  it('asks for a driving source when there are several', async () => {
    await expect(
      executeTransformation(store, { ...step(), drivingSource: undefined }),
    ).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });
});
