import { findColumn, findTable } from '@sensei/domain';
import { PGliteSqlClient } from '../../sql/pglite-sql-client';
import { discoverPostgresSchema } from './postgres-catalog';

const ddl = [
  `CREATE SCHEMA sales`,
  `CREATE TABLE artist (artist_id int PRIMARY KEY, name varchar(120) NOT NULL UNIQUE)`,
  `CREATE TABLE sales.invoice (
     id bigserial PRIMARY KEY,
     artist_id int NOT NULL REFERENCES artist (artist_id),
     total numeric(10,2) NOT NULL DEFAULT 0,
     issued_at timestamptz,
     payload jsonb,
     code char(3),
     CONSTRAINT invoice_code_total_key UNIQUE (code, total))`,
  `CREATE INDEX invoice_artist_idx ON sales.invoice (artist_id, issued_at)`,
  `INSERT INTO artist VALUES (1, 'AC/DC'), (2, 'Accept')`,
];

describe('discoverPostgresSchema over PGlite', () => {
  let sql: PGliteSqlClient;

  beforeAll(async () => {
    sql = await PGliteSqlClient.open('memory://');
    for (const statement of ddl) await sql.query(statement);
  });
  afterAll(() => sql.close());

  it('names public tables bare and other schemas qualified, with exact row counts', async () => {
    const schema = await discoverPostgresSchema(sql, { rowCounts: 'exact', engine: 'pglite' });
    expect(schema.engine).toBe('pglite');
    expect(schema.tables.map((table) => [table.name, table.rowCount])).toEqual([
      ['artist', 2],
      ['sales.invoice', 0],
    ]);
  });

  it('reports columns with logical and native types, keys and secondary indexes', async () => {
    const schema = await discoverPostgresSchema(sql);
    const invoice = findTable(schema, 'sales.invoice')!;
    expect(invoice.columns.map((column) => [column.name, column.type, column.nullable])).toEqual([
      ['id', 'bigint', false],
      ['artist_id', 'integer', false],
      ['total', 'decimal', false],
      ['issued_at', 'timestamptz', true],
      ['payload', 'json', true],
      ['code', 'text', true],
    ]);
    expect(findColumn(invoice, 'id')).toMatchObject({ generated: true, ordinal: 1 });
    expect(findColumn(invoice, 'total')).toMatchObject({
      nativeType: 'numeric(10,2)',
      precision: 10,
      scale: 2,
      defaultExpression: '0',
    });
    expect(findColumn(invoice, 'code')).toMatchObject({ maxLength: 3 });
    expect(invoice.primaryKey).toEqual(['id']);
    expect(invoice.uniqueKeys).toEqual([['code', 'total']]);
    expect(invoice.foreignKeys).toEqual([
      {
        name: 'invoice_artist_id_fkey',
        columns: ['artist_id'],
        referencedTable: 'artist',
        referencedColumns: ['artist_id'],
      },
    ]);
    expect(invoice.indexes).toEqual([
      { name: 'invoice_artist_idx', columns: ['artist_id', 'issued_at'], unique: false },
    ]);
    expect(findTable(schema, 'artist')).toMatchObject({ uniqueKeys: [['name']], indexes: [] });
  });

  it('limits discovery to one schema when asked', async () => {
    const schema = await discoverPostgresSchema(sql, { schema: 'sales' });
    expect(schema.tables.map((table) => table.name)).toEqual(['sales.invoice']);
  });
});
