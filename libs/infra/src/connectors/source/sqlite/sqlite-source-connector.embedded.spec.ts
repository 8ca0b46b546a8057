import { pathToFileURL } from 'node:url';
import { findTable, isSenseiError } from '@sensei/domain';
import { chinookFixtureDir, chinookSqlitePath } from '../../../../../../test/support/chinook';
import { openSourceConnector } from '../open-source-connector';
import type { Row, SourceConnector } from '../source-connector.port';

const collect = async (batches: AsyncIterable<Row[]>) => {
  const sizes: number[] = [];
  const rows: Row[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    rows.push(...batch);
  }
  return { sizes, rows };
};

describe('SQLite source connector on Chinook', () => {
  let source: SourceConnector;

  beforeAll(async () => {
    source = await openSourceConnector({
      kind: 'sqlite',
      uri: pathToFileURL(chinookSqlitePath).href,
    });
  });
  afterAll(() => source.close());

  it('discovers tables, types, keys, indexes and exact row counts', async () => {
    const schema = await source.discover();
    expect(schema.engine).toBe('sqlite');
    expect(schema.tables).toHaveLength(11);
    const track = findTable(schema, 'Track')!;
    expect(track.rowCount).toBe(3503);
    expect(track.primaryKey).toEqual(['TrackId']);
    expect(track.columns.find((c) => c.name === 'UnitPrice')).toMatchObject({
      type: 'decimal',
      nativeType: 'NUMERIC(10,2)',
      precision: 10,
      scale: 2,
      nullable: false,
    });
    expect(track.columns.find((c) => c.name === 'Name')).toMatchObject({
      type: 'text',
      maxLength: 200,
    });
    expect(track.foreignKeys).toContainEqual(
      expect.objectContaining({
        columns: ['AlbumId'],
        referencedTable: 'Album',
        referencedColumns: ['AlbumId'],
      }),
    );
    expect(track.indexes.map((index) => index.name).sort()).toEqual([
      'IFK_TrackAlbumId',
      'IFK_TrackGenreId',
      'IFK_TrackMediaTypeId',
    ]);
    expect(findTable(schema, 'PlaylistTrack')).toMatchObject({
      primaryKey: ['PlaylistId', 'TrackId'],
      rowCount: 8715,
    });
  });

  it('hands out rows in the port convention: decimals and timestamps as canonical text', async () => {
    const [first] = await source.sample('Invoice', 1);
    expect(first).toEqual({
      InvoiceId: 1,
      CustomerId: 2,
      InvoiceDate: '2021-01-01T00:00:00',
      BillingAddress: 'Theodor-Heuss-Straße 34',
      BillingCity: 'Stuttgart',
      BillingState: null,
      BillingCountry: 'Germany',
      BillingPostalCode: '70174',
      Total: '1.98',
    });
  });

  it('streams a whole table in small batches in primary-key order', async () => {
    const { sizes, rows } = await collect(source.stream('PlaylistTrack', { batchRows: 1000 }));
    expect(sizes).toEqual([...Array<number>(8).fill(1000), 715]);
    const keys = rows.map(
      (row) => [row.PlaylistId as number, row.TrackId as number] as [number, number],
    );
    const sorted = [...keys].sort(([a, b], [c, d]) => a - c || b - d);
    expect(keys).toEqual(sorted);
    expect(new Set(keys.map((key) => key.join(':'))).size).toBe(8715);
  });

  it('survives a consumer that stops early', async () => {
    for await (const batch of source.stream('Track', { batchRows: 10 })) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(await source.sample('Track', 3)).toHaveLength(3);
  });

  it('samples up to 10,000 rows by default', async () => {
    expect(await source.sample('PlaylistTrack')).toHaveLength(8715);
    expect(await source.sample('Track')).toHaveLength(3503);
  });

  it('names the table it does not know', async () => {
    await expect(source.sample('Nope')).rejects.toThrow(
      /table "Nope" is not in the source: use one of Album/,
    );
  });
});

describe('opening SQLite sources that are not there', () => {
  it('reports a missing file with the path and the fix', async () => {
    const error: unknown = await openSourceConnector({
      kind: 'sqlite',
      uri: '/nowhere/chinook.db',
    }).catch((e: unknown) => e);
    expect(isSenseiError(error) && error.code).toBe('SOURCE.NOT_FOUND');
    expect((error as Error).message).toMatch(
      /cannot read SQLite file \/nowhere\/chinook.db \(ENOENT\): check the path/,
    );
  });

  it('refuses a file that is not a SQLite database', async () => {
    const uri = `${chinookFixtureDir}/LICENSE.md`;
    await expect(openSourceConnector({ kind: 'sqlite', uri })).rejects.toMatchObject({
      code: 'SOURCE.UNSUPPORTED',
    });
  });

  it('refuses a network URI for a file kind', async () => {
    await expect(
      openSourceConnector({ kind: 'sqlite', uri: 'postgres://db/x' }),
    ).rejects.toMatchObject({
      code: 'SOURCE.INVALID_URI',
    });
  });
});
