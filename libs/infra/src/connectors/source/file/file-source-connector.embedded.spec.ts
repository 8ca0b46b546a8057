import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { chinookSqlitePath } from '../../../../../../test/support/chinook';
import { openSourceConnector } from '../open-source-connector';
import type { Row } from '../source-connector.port';
import { SqliteSourceConnector } from '../sqlite/sqlite-source-connector';

const csvField = (value: Row[string]) =>
  value === null
    ? ''
    : /[",\n]/.test(String(value))
      ? `"${String(value).replace(/"/g, '""')}"`
      : String(value);

const collect = async (batches: AsyncIterable<Row[]>) => {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
};

/** Chinook's Invoice table exported to CSV and to a typed Parquet file, read back. */
describe('CSV and Parquet source connector', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sensei-file-source-'));
  const csvPath = join(dir, 'invoice.csv');
  const parquetPath = join(dir, 'invoice.parquet');
  let invoices: Row[];

  beforeAll(async () => {
    const sqlite = await SqliteSourceConnector.open(chinookSqlitePath);
    invoices = await sqlite.sample('Invoice');
    await sqlite.close();
    const header = Object.keys(invoices[0]!);
    const lines = invoices.map((row) => header.map((column) => csvField(row[column]!)).join(','));
    writeFileSync(csvPath, [header.join(','), ...lines].join('\n') + '\n');
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    await connection.run(`COPY (SELECT InvoiceId::INTEGER AS InvoiceId, CustomerId::INTEGER AS CustomerId,
        InvoiceDate::TIMESTAMP AS InvoiceDate, BillingAddress, BillingCity, BillingState, BillingCountry,
        BillingPostalCode::VARCHAR AS BillingPostalCode, Total::DECIMAL(10,2) AS Total
      FROM read_csv('${csvPath}', all_varchar = true)) TO '${parquetPath}' (FORMAT parquet)`);
    connection.closeSync();
    duck.closeSync();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a typed Parquet file into exactly the rows the SQLite source gave', async () => {
    const source = await openSourceConnector({ kind: 'parquet', uri: `file://${parquetPath}` });
    try {
      const schema = await source.discover();
      expect(schema).toMatchObject({
        engine: 'parquet',
        tables: [{ name: 'invoice', rowCount: 412 }],
      });
      expect(schema.tables[0]!.columns.find((c) => c.name === 'Total')).toMatchObject({
        type: 'decimal',
        precision: 10,
        scale: 2,
      });
      const batches = await collect(source.stream('invoice', { batchRows: 100 }));
      expect(batches.map((batch) => batch.length)).toEqual([100, 100, 100, 100, 12]);
      expect(batches.flat()).toEqual(invoices);
    } finally {
      await source.close();
    }
  });

  it('infers CSV column types and streams rows in file order', async () => {
    const source = await openSourceConnector({ kind: 'csv', uri: csvPath });
    try {
      const [table] = (await source.discover()).tables;
      expect(table).toMatchObject({ name: 'invoice', rowCount: 412, primaryKey: [] });
      expect(table!.columns.map((c) => c.type)).toEqual(
        expect.arrayContaining(['timestamp', 'text']),
      );
      const rows = (await collect(source.stream('invoice', { batchRows: 50 }))).flat();
      expect(rows.map((row) => String(row.InvoiceId))).toEqual(
        invoices.map((row) => String(row.InvoiceId)),
      );
      expect(rows.map((row) => row.InvoiceDate)).toEqual(invoices.map((row) => row.InvoiceDate));
      expect(rows.map((row) => row.BillingAddress)).toEqual(
        invoices.map((row) => row.BillingAddress),
      );
      expect(await source.sample('invoice', 2)).toHaveLength(2);
    } finally {
      await source.close();
    }
  });

  it('reports a missing file and a file that is not CSV', async () => {
    await expect(openSourceConnector({ kind: 'csv', uri: join(dir, 'nope.csv') })).rejects.toThrow(
      /no file or directory at .*nope.csv: check the path/,
    );
    const broken = join(dir, 'broken.parquet');
    writeFileSync(broken, 'not parquet');
    const source = await openSourceConnector({ kind: 'parquet', uri: broken });
    await expect(source.discover()).rejects.toMatchObject({ code: 'SOURCE.UNSUPPORTED' });
    await source.close();
  });
});
