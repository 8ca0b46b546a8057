import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Database, SqlValue } from 'sql.js';
import {
  compileTransformation,
  proposeMappings,
  type CompiledTransformation,
  type DatabaseSchema,
} from '@sensei/domain';
import {
  chinookPostgresTarget,
  chinookSqliteSchema,
  openChinookSqlite,
} from '../support/chinook-schemas';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** DuckDB types for SQLite's storage classes, as a partition writer would see the raw values. */
const rawType = (declared: string) =>
  /INT/i.test(declared) ? 'BIGINT' : /NUMERIC|REAL|DOUB/i.test(declared) ? 'DOUBLE' : 'VARCHAR';
const literal = (value: SqlValue) =>
  typeof value === 'string'
    ? `'${value.replace(/'/g, "''")}'`
    : value === null
      ? 'NULL'
      : String(value);

/** Copies one real Chinook SQLite table into a Parquet file: the shape of a source partition. */
const writeSourceParquet = async (
  db: Database,
  duck: DuckDBConnection,
  table: string,
  file: string,
) => {
  const [info] = db.exec(`PRAGMA table_info("${table}")`);
  const [data] = db.exec(`SELECT * FROM "${table}"`);
  const columns = (info?.values ?? []).map(
    (row) => `"${String(row[1])}" ${rawType(String(row[2]))}`,
  );
  await duck.run(`CREATE OR REPLACE TABLE raw_rows (${columns.join(', ')})`);
  const rows = (data?.values ?? []).map((row) => `(${row.map(literal).join(', ')})`);
  await duck.run(`INSERT INTO raw_rows VALUES ${rows.join(', ')}`);
  await duck.run(`COPY raw_rows TO '${file}' (FORMAT parquet)`);
};

describe('compiled transformation SQL on real Chinook rows in DuckDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sensei-transform-'));
  let source: DatabaseSchema;
  let compiled: CompiledTransformation;
  let duck: DuckDBConnection;
  let closeDuck = () => {};
  const policy = {
    'Customer.Company': 'hash',
    'Customer.Email': 'mask',
    'Customer.FirstName': 'mask',
    'Customer.Fax': 'drop',
  } as const;

  beforeAll(async () => {
    source = await chinookSqliteSchema();
    const postgres = await chinookPostgresTarget();
    const target = postgres.schema;
    await postgres.sql.close();
    const proposal = proposeMappings({ source, target });
    compiled = compileTransformation({
      mappings: proposal.mappings,
      source,
      target,
      piiPolicy: policy,
      hashOf: sha256,
    });
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    duck = await instance.connect();
    closeDuck = () => {
      duck.closeSync();
      instance.closeSync();
    };
    const sqlite = await openChinookSqlite();
    for (const table of ['InvoiceLine', 'Employee', 'Customer', 'Track']) {
      await writeSourceParquet(sqlite, duck, table, join(dir, `${table}.parquet`));
    }
    sqlite.close();
  }, 60_000);
  afterAll(() => {
    closeDuck();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (targetTable: string) => {
    const table = compiled.tables.find((t) => t.targetTable === targetTable)!;
    const file = join(dir, `${table.sourceTable}.parquet`);
    await duck.run(
      `CREATE OR REPLACE TEMP VIEW source_rows AS SELECT * FROM read_parquet('${file}')`,
    );
    return { table, result: await duck.runAndReadAll(table.sql) };
  };

  it('compiles all 11 tables, loadable parents first, with a SHA-256 over the canonical text', () => {
    expect(compiled.tables).toHaveLength(11);
    expect(compiled.sqlHash).toBe(sha256(compiled.canonicalText));
    const order = compiled.loadOrder.tables;
    expect(order.indexOf('invoice')).toBeLessThan(order.indexOf('invoice_line'));
    expect(order.indexOf('employee')).toBeLessThan(order.indexOf('customer'));
    expect(compiled.loadOrder.deferred).toEqual([
      expect.objectContaining({ table: 'employee', cause: 'self' }),
    ]);
  });

  it.each(['invoice_line', 'employee', 'customer', 'track'])(
    'runs %s in DuckDB, producing the target column names and types',
    async (targetTable) => {
      const { table, result } = await run(targetTable);
      expect(result.columnNames()).toEqual(table.columns.map((c) => c.name));
      expect(result.columnTypes().map(String)).toEqual(table.columns.map((c) => c.duckdbType));
      expect(result.currentRowCount).toBeGreaterThan(0);
    },
  );

  it('converts values faithfully: decimals, timestamps, keys', async () => {
    const line = (await run('invoice_line')).result.getRowObjectsJson()[0];
    expect(line).toEqual({
      invoice_line_id: 1,
      invoice_id: 1,
      track_id: 2,
      unit_price: '0.99',
      quantity: 1,
    });
    const employee = (await run('employee')).result.getRowObjectsJson()[0];
    expect(employee).toMatchObject({
      employee_id: 1,
      reports_to: null,
      birth_date: '1962-02-18 00:00:00',
    });
  });

  it('applies the PII policy in DuckDB: hash (SHA-256 hex), mask (shape kept), drop', async () => {
    const [first] = (await run('customer')).result.getRowObjectsJson();
    expect(first).toMatchObject({
      customer_id: 1,
      company: sha256('Embraer - Empresa Brasileira de Aeronáutica S.A.'),
      email: 'xxxxx@xxxxxxx.xxx.xx',
      first_name: 'xxxx', // Luís: the accented letter is masked too
      fax: null,
    });
  });

  it('writes byte-identical Parquet on every run', async () => {
    const { table } = await run('invoice_line');
    const write = async (name: string) => {
      await duck.run(`COPY (${table.sql}) TO '${join(dir, name)}' (FORMAT parquet)`);
      return readFileSync(join(dir, name));
    };
    expect((await write('a.parquet')).equals(await write('b.parquet'))).toBe(true);
  });
});
