import { createConnection } from 'mysql2/promise';
import { findTable } from '@sensei/domain';
import {
  loadChinookIntoMariaDb,
  type ChinookDatabase,
} from '../../../../../../test/support/chinook';
import { openSourceConnector } from '../open-source-connector';
import type { Row, SourceConnector } from '../source-connector.port';

const collect = async (batches: AsyncIterable<Row[]>) => {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
};

describe('MySQL/MariaDB source connector on Chinook', () => {
  let chinook: ChinookDatabase;
  let source: SourceConnector;

  beforeAll(async () => {
    chinook = await loadChinookIntoMariaDb();
    source = await openSourceConnector({ kind: 'mysql', uri: chinook.uri });
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    await chinook?.drop();
  });

  it('discovers tables, keys, indexes and exact row counts', async () => {
    const schema = await source.discover();
    expect(schema.engine).toBe('mysql');
    expect(schema.tables).toHaveLength(11);
    const track = findTable(schema, 'Track')!;
    expect(track).toMatchObject({ rowCount: 3503, primaryKey: ['TrackId'] });
    expect(track.columns.find((c) => c.name === 'UnitPrice')).toMatchObject({
      type: 'decimal',
      precision: 10,
      scale: 2,
    });
    expect(track.foreignKeys.map((key) => key.referencedTable).sort()).toEqual([
      'Album',
      'Genre',
      'MediaType',
    ]);
    expect(track.indexes.map((index) => index.name)).toContain('IFK_TrackAlbumId');
  });

  it('hands out rows in the same convention as the other engines', async () => {
    expect(await source.sample('Invoice', 1)).toEqual([
      {
        InvoiceId: 1,
        CustomerId: 2,
        InvoiceDate: '2021-01-01T00:00:00',
        BillingAddress: 'Theodor-Heuss-Straße 34',
        BillingCity: 'Stuttgart',
        BillingState: null,
        BillingCountry: 'Germany',
        BillingPostalCode: '70174',
        Total: '1.98',
      },
    ]);
  });

  it('streams in primary-key order and batches, and recovers from an early stop', async () => {
    const batches = await collect(source.stream('PlaylistTrack', { batchRows: 3000 }));
    expect(batches.map((batch) => batch.length)).toEqual([3000, 3000, 2715]);
    const keys = batches
      .flat()
      .map((row) => [row.PlaylistId as number, row.TrackId as number] as [number, number]);
    expect(keys).toEqual([...keys].sort(([a, b], [c, d]) => a - c || b - d));
    for await (const batch of source.stream('Track', { batchRows: 7 })) {
      expect(batch).toHaveLength(7);
      break;
    }
    expect(await source.sample('Genre', 3)).toHaveLength(3);
  });

  it('keeps one snapshot: rows committed after open are not seen', async () => {
    const pinned = await openSourceConnector({ kind: 'mysql', uri: chinook.uri });
    const writer = await createConnection({ uri: chinook.uri });
    try {
      await writer.query(`INSERT INTO Genre (GenreId, Name) VALUES (1000, 'Written after open')`);
      expect((await collect(pinned.stream('Genre', { batchRows: 4 }))).flat()).toHaveLength(25);
      expect(findTable(await pinned.discover(), 'Genre')!.rowCount).toBe(25);
    } finally {
      await writer.query('DELETE FROM Genre WHERE GenreId = 1000');
      await writer.end();
      await pinned.close();
    }
  });

  it('explains an unreachable server and a missing database in one line', async () => {
    await expect(
      openSourceConnector({ kind: 'mysql', uri: 'mysql://root@127.0.0.1:1/x' }),
    ).rejects.toMatchObject({
      code: 'SOURCE.UNREACHABLE',
      message: expect.stringMatching(/^cannot reach MySQL at 127.0.0.1:1 \(ECONNREFUSED\)/),
    });
    await expect(
      openSourceConnector({ kind: 'mysql', uri: 'mysql://root@127.0.0.1:3306/sensei_no_such_db' }),
    ).rejects.toMatchObject({ code: 'SOURCE.NOT_FOUND' });
  });
});
