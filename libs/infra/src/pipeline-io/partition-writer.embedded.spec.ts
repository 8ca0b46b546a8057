import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TableSchema } from '@sensei/domain';
import { chinookRowBatches } from '../../../../test/support/chinook-rows';
import { chinookSqliteSchema } from '../../../../test/support/chinook-schemas';
import { LocalDirectoryArtifactStore } from '../artifacts/local-directory-artifact-store';
import { readPartitionsAsText } from './parquet-reader';
import { ingestionConcurrency, writeCsvPartitions, writeTablePartitions } from './partition-writer';

describe('writeTablePartitions', () => {
  let root: string;
  let store: LocalDirectoryArtifactStore;
  let invoiceLine: TableSchema;
  beforeAll(async () => {
    invoiceLine = (await chinookSqliteSchema()).tables.find((t) => t.name === 'InvoiceLine')!;
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sensei-partitions-'));
    store = new LocalDirectoryArtifactStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const writeInvoiceLines = (batchRows: number) =>
    writeTablePartitions(
      store,
      invoiceLine,
      chinookRowBatches('InvoiceLine', 'InvoiceLineId', batchRows),
      {
        rowsPerPartition: 1000,
      },
    );

  it('splits real rows into partitions of N rows that read back exactly', async () => {
    const partitions = await writeInvoiceLines(300);
    expect(partitions.map((p) => [p.table, p.index, p.rowCount])).toEqual([
      ['InvoiceLine', 0, 1000],
      ['InvoiceLine', 1, 1000],
      ['InvoiceLine', 2, 240],
    ]);
    const stored = await readPartitionsAsText(store, partitions);
    const source = [];
    for await (const batch of chinookRowBatches('InvoiceLine', 'InvoiceLineId', 5000))
      source.push(...batch);
    expect(stored).toHaveLength(source.length);
    expect(stored[0]).toEqual({
      InvoiceLineId: '1',
      InvoiceId: '1',
      TrackId: '2',
      UnitPrice: '0.99',
      Quantity: '1',
    });
    expect(stored.map((row) => row.UnitPrice)).toEqual(
      source.map((row) => Number(row.UnitPrice).toFixed(2)),
    );
  });

  it('gives byte-identical partitions (same hashes) for the same rows, however they were batched', async () => {
    const first = await writeInvoiceLines(300);
    const again = await writeInvoiceLines(300);
    const otherBatching = await writeInvoiceLines(7);
    expect(again).toEqual(first);
    expect(otherBatching).toEqual(first);
    const listed = [];
    for await (const artifact of store.list()) listed.push(artifact.hash);
    expect(listed.sort()).toEqual(first.map((p) => p.hash).sort());
  });

  it('writes one empty partition for an empty table, so its columns are known downstream', async () => {
    async function* none(): AsyncIterable<Record<string, unknown>[]> {}
    const partitions = await writeTablePartitions(store, invoiceLine, none());
    expect(partitions).toEqual([expect.objectContaining({ index: 0, rowCount: 0 })]);
    expect(await readPartitionsAsText(store, partitions)).toEqual([]);
  });

  it('keeps NULL apart from empty text and decimals, timestamps, bytes and big integers exact', async () => {
    const table: TableSchema = {
      name: 'public.edge_values',
      primaryKey: ['id'],
      uniqueKeys: [],
      foreignKeys: [],
      indexes: [],
      columns: [
        { name: 'id', ordinal: 1, type: 'bigint', nativeType: 'int8', nullable: false },
        { name: 'note', ordinal: 2, type: 'text', nativeType: 'text', nullable: true },
        {
          name: 'price',
          ordinal: 3,
          type: 'decimal',
          nativeType: 'numeric(12,4)',
          nullable: true,
          precision: 12,
          scale: 4,
        },
        { name: 'exact', ordinal: 4, type: 'decimal', nativeType: 'numeric', nullable: true },
        { name: 'at', ordinal: 5, type: 'timestamp', nativeType: 'timestamp', nullable: true },
        {
          name: 'at_tz',
          ordinal: 6,
          type: 'timestamptz',
          nativeType: 'timestamptz',
          nullable: true,
        },
        { name: 'payload', ordinal: 7, type: 'bytes', nativeType: 'bytea', nullable: true },
      ],
    };
    async function* rows(): AsyncIterable<Record<string, unknown>[]> {
      yield [
        {
          id: '9007199254740993',
          note: '',
          price: '12345678.0001',
          exact: '3.141592653589793238462643383279502884197',
          at: '2009-01-01T00:00:00.123456',
          at_tz: '2009-01-01T10:00:00+02:00',
          payload: Uint8Array.from([0, 255, 10]),
        },
        {
          id: 2n,
          note: null,
          price: null,
          exact: null,
          at: null,
          at_tz: new Date('2021-06-30T23:59:59.5Z'),
          payload: null,
        },
      ];
    }
    const stored = await readPartitionsAsText(
      store,
      await writeTablePartitions(store, table, rows()),
    );
    expect(stored).toEqual([
      {
        id: '9007199254740993',
        note: '',
        price: '12345678.0001',
        exact: '3.141592653589793238462643383279502884197',
        at: '2009-01-01 00:00:00.123456',
        at_tz: '2009-01-01 08:00:00+00',
        payload: '\\x00\\xFF\\x0A',
      },
      {
        id: '2',
        note: null,
        price: null,
        exact: null,
        at: null,
        at_tz: '2021-06-30 23:59:59.5+00',
        payload: null,
      },
    ]);
  });

  it('refuses a value that would change on the way, naming table, column and row', async () => {
    async function* rows(): AsyncIterable<Record<string, unknown>[]> {
      yield [{ InvoiceLineId: 1, InvoiceId: 1, TrackId: 2, UnitPrice: '0.999', Quantity: 1 }];
    }
    await expect(writeTablePartitions(store, invoiceLine, rows())).rejects.toMatchObject({
      code: 'PIPELINE.INVALID_VALUE',
      details: { table: 'InvoiceLine', column: 'UnitPrice', row: 1 },
    });
  });
});

describe('writeCsvPartitions', () => {
  let root: string;
  let store: LocalDirectoryArtifactStore;
  let invoiceLine: TableSchema;
  let rows: Record<string, unknown>[];
  beforeAll(async () => {
    invoiceLine = (await chinookSqliteSchema()).tables.find((t) => t.name === 'InvoiceLine')!;
    rows = [];
    for await (const batch of chinookRowBatches('InvoiceLine', 'InvoiceLineId', 500))
      rows.push(...batch);
  });
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'sensei-csv-partitions-'));
    store = new LocalDirectoryArtifactStore(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** The rows as COPY ... TO STDOUT (FORMAT csv) prints them, in 4 KiB chunks. */
  async function* csvChunks(change: (row: number, value: string) => string = (_, v) => v) {
    const names = invoiceLine.columns.map((column) => column.name);
    const text = rows
      .map((row, i) => names.map((name) => change(i + 1, String(row[name]))).join(',') + '\n')
      .join('');
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
  }

  it.each([1, 2, 3])(
    "with %i session(s) gives the row path's partitions byte for byte, in order",
    async (concurrency) => {
      const byRows = await writeTablePartitions(
        store,
        invoiceLine,
        chinookRowBatches('InvoiceLine', 'InvoiceLineId', 500),
        { rowsPerPartition: 500 },
      );
      const stored: number[] = [];
      const byCsv = await writeCsvPartitions(store, invoiceLine, csvChunks(), {
        rowsPerPartition: 500,
        concurrency,
        onRows: (n) => stored.push(n),
      });
      expect(byCsv).toEqual(byRows);
      expect(byCsv.map((p) => p.rowCount)).toEqual([500, 500, 500, 500, 240]);
      expect(stored.at(-1)).toBe(2240);
      expect([...stored].sort((a, b) => a - b)).toEqual(stored);
    },
  );

  it('stops at a value DuckDB cannot store, naming table and rows, and lets the stream go', async () => {
    // Rows 700 (partition 2) and 1800 (partition 4) hold a quantity that is not a number.
    let released = false;
    async function* broken() {
      try {
        yield* csvChunks((row, value) =>
          (row === 700 || row === 1800) && value === String(rows[row - 1]!.Quantity) ? 'x' : value,
        );
      } finally {
        released = true;
      }
    }
    // Chunks small enough that the stream is far from its end when partition 2 fails.
    async function* small() {
      for await (const chunk of broken())
        for (let at = 0; at < chunk.length; at += 256) yield chunk.subarray(at, at + 256);
    }
    await expect(
      writeCsvPartitions(store, invoiceLine, small(), { rowsPerPartition: 500, concurrency: 2 }),
    ).rejects.toMatchObject({
      code: 'PIPELINE.INVALID_VALUE',
      message: expect.stringMatching(/^table InvoiceLine, rows 501-1000: cannot store /),
    });
    for (let tick = 0; tick < 100 && !released; tick += 1)
      await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(true);
  });

  it('loads two partitions at once unless SENSEI_INGEST_CONCURRENCY says otherwise', () => {
    expect(ingestionConcurrency({})).toBe(Math.min(2, availableParallelism()));
    expect(ingestionConcurrency({ SENSEI_INGEST_CONCURRENCY: '1' })).toBe(1);
    expect(() => ingestionConcurrency({ SENSEI_INGEST_CONCURRENCY: 'two' })).toThrow(
      /SENSEI_INGEST_CONCURRENCY must be a positive integer/,
    );
  });
});
