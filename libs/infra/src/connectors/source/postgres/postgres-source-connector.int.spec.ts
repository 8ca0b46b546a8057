import { Client } from 'pg';
import { findTable } from '@sensei/domain';
import {
  loadChinookIntoPostgres,
  type ChinookDatabase,
} from '../../../../../../test/support/chinook';
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
});
