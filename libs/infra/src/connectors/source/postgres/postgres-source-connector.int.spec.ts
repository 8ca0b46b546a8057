import { Client } from 'pg';
import { findTable } from '@sensei/domain';
import {
  loadChinookIntoPostgres,
  type ChinookDatabase,
} from '../../../../../../test/support/chinook';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryArtifactStore } from '../../../artifacts/local-directory-artifact-store';
import {
  csvLoadable,
  writeCsvPartitions,
  writeTablePartitions,
} from '../../../pipeline-io/partition-writer';
import { openSourceConnector } from '../open-source-connector';
import type { Row, SourceConnector } from '../source-connector.port';
import { PostgresSourceConnector } from './postgres-source-connector';

const collect = async (batches: AsyncIterable<Row[]>) => {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
};

describe('PostgreSQL source connector on Chinook', () => {
  let chinook: ChinookDatabase;
  let source: SourceConnector;

  beforeAll(async () => {
    chinook = await loadChinookIntoPostgres();
    source = await openSourceConnector({ kind: 'postgres', uri: chinook.uri });
  });
  afterAll(async () => {
    await source?.close();
    await chinook?.drop();
  });

  it('discovers the schema with exact row counts', async () => {
    const schema = await source.discover();
    expect(schema.tables.map((table) => table.name)).toEqual([
      'album',
      'artist',
      'customer',
      'employee',
      'genre',
      'invoice',
      'invoice_line',
      'media_type',
      'playlist',
      'playlist_track',
      'track',
    ]);
    expect(findTable(schema, 'playlist_track')).toMatchObject({
      rowCount: 8715,
      primaryKey: ['playlist_id', 'track_id'],
    });
    expect(findTable(schema, 'customer')!.foreignKeys).toEqual([
      expect.objectContaining({
        columns: ['support_rep_id'],
        referencedTable: 'employee',
        referencedColumns: ['employee_id'],
      }),
    ]);
  });

  it('hands out rows in the same convention as the other engines', async () => {
    expect(await source.sample('invoice', 1)).toEqual([
      {
        invoice_id: 1,
        customer_id: 2,
        invoice_date: '2021-01-01T00:00:00',
        billing_address: 'Theodor-Heuss-Straße 34',
        billing_city: 'Stuttgart',
        billing_state: null,
        billing_country: 'Germany',
        billing_postal_code: '70174',
        total: '1.98',
      },
    ]);
  });

  it('streams with a server-side cursor in primary-key order, in batches', async () => {
    const batches = await collect(source.stream('playlist_track', { batchRows: 2000 }));
    expect(batches.map((batch) => batch.length)).toEqual([2000, 2000, 2000, 2000, 715]);
    const keys = batches
      .flat()
      .map((row) => [row.playlist_id as number, row.track_id as number] as [number, number]);
    expect(keys).toEqual([...keys].sort(([a, b], [c, d]) => a - c || b - d));
    for await (const batch of source.stream('track', { batchRows: 5 })) {
      expect(batch).toHaveLength(5);
      break;
    }
    expect(await source.sample('genre', 2)).toHaveLength(2);
  });

  it('keeps one snapshot: rows committed after open are not seen', async () => {
    const pinned = await PostgresSourceConnector.open(chinook.uri);
    expect(pinned.snapshotId).toMatch(/\S+/);
    const writer = new Client({ connectionString: chinook.uri });
    await writer.connect();
    try {
      await writer.query(`INSERT INTO genre (genre_id, name) VALUES (1000, 'Written after open')`);
      const seen = (await collect(pinned.stream('genre', { batchRows: 10 }))).flat();
      expect(seen).toHaveLength(25);
      expect(findTable(await pinned.discover(), 'genre')!.rowCount).toBe(25);
      const fresh = await PostgresSourceConnector.open(chinook.uri);
      expect(findTable(await fresh.discover(), 'genre')!.rowCount).toBe(26);
      await fresh.close();
    } finally {
      await writer.query('DELETE FROM genre WHERE genre_id = 1000');
      await writer.end();
      await pinned.close();
    }
  });

  it('is read-only', async () => {
    const readOnly = await PostgresSourceConnector.open(chinook.uri);
    const sql = (readOnly as unknown as { client: Client }).client;
    await expect(sql.query(`DELETE FROM genre`)).rejects.toThrow(/read-only transaction/);
    await readOnly.close();
  });

  it('explains an unreachable server and a missing database in one line', async () => {
    await expect(
      openSourceConnector({ kind: 'postgres', uri: 'postgres://postgres@127.0.0.1:1/x' }),
    ).rejects.toMatchObject({
      code: 'SOURCE.UNREACHABLE',
      message: expect.stringMatching(
        /^cannot reach PostgreSQL at 127.0.0.1:1 \(ECONNREFUSED\): start it/,
      ),
    });
    const missing = new URL(chinook.uri);
    missing.pathname = '/sensei_no_such_db';
    await expect(
      openSourceConnector({ kind: 'postgres', uri: missing.toString() }),
    ).rejects.toMatchObject({
      code: 'SOURCE.NOT_FOUND',
      message: expect.stringMatching(/database "sensei_no_such_db" does not exist/),
    });
    await expect(
      openSourceConnector({ kind: 'postgres', uri: 'mysql://h/db' }),
    ).rejects.toMatchObject({
      code: 'SOURCE.INVALID_URI',
    });
  });

  describe('COPY CSV path (streamCsv)', () => {
    const edgeDdl = `CREATE TABLE public.csv_edges (
      id integer PRIMARY KEY, b boolean, s smallint, big bigint, amount numeric(14,2),
      d double precision, t text, u uuid, day date, at timestamp, zoned timestamptz)`;
    const edgeRows = `INSERT INTO public.csv_edges VALUES
      (1, true, -32768, -9223372036854775808, -999999999999.99, 'NaN', '', NULL,
       'infinity', '2009-01-01 00:00:00.000001', '2020-02-29 23:59:59.999999+02'),
      (2, false, 32767, 9223372036854775807, 0.10, 'Infinity', NULL, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11',
       '1999-12-31', 'infinity', '-infinity'),
      (3, NULL, NULL, NULL, NULL, '-Infinity', e'line\none, "quoted", back\\slash\r\ttab', NULL,
       NULL, NULL, NULL),
      (4, NULL, 0, 0, 0, 1e-7, 'café ☕ "', NULL, '2000-02-29', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00'),
      (5, NULL, 1, 1, 1, 0.1, '""', NULL, NULL, NULL, NULL),
      (6, NULL, 2, 2, 2, -0.0, ',', NULL, NULL, NULL, NULL),
      (7, NULL, 3, 3, 3, 123456789.123456789, e'\n', NULL, NULL, NULL, NULL)`;

    it('gives the same partitions, byte for byte, as the row path', async () => {
      const admin = new Client({ connectionString: chinook.uri });
      await admin.connect();
      await admin.query(`DROP TABLE IF EXISTS public.csv_edges; ${edgeDdl}; ${edgeRows}`);
      await admin.end();
      const root = await mkdtemp(join(tmpdir(), 'sensei-pg-csv-'));
      const fresh = await openSourceConnector({ kind: 'postgres', uri: chinook.uri });
      try {
        expect(fresh.streamCsv).toBeDefined();
        const store = new LocalDirectoryArtifactStore(root);
        const schema = await fresh.discover();
        const loadable = schema.tables.filter(csvLoadable).map((table) => table.name);
        expect(loadable).toEqual(
          expect.arrayContaining(['csv_edges', 'invoice', 'invoice_line', 'playlist_track']),
        );
        for (const table of schema.tables.filter(csvLoadable)) {
          const sizes = table.name === 'csv_edges' ? [1, 2, 3, 100] : [1000, 100_000];
          for (const rowsPerPartition of sizes) {
            const byRows = await writeTablePartitions(
              store,
              table,
              fresh.stream(table.name, { batchRows: 999 }),
              { rowsPerPartition },
            );
            const byCsv = await writeCsvPartitions(store, table, fresh.streamCsv!(table.name), {
              rowsPerPartition,
            });
            expect({ table: table.name, partitions: byCsv }).toEqual({
              table: table.name,
              partitions: byRows,
            });
          }
        }
      } finally {
        await fresh.close();
        await rm(root, { recursive: true, force: true });
        const cleanup = new Client({ connectionString: chinook.uri });
        await cleanup.connect();
        await cleanup.query('DROP TABLE IF EXISTS public.csv_edges');
        await cleanup.end();
      }
    }, 120_000);
  });
});
