import { readFile } from 'node:fs/promises';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import { SenseiError, type DatabaseSchema } from '@sensei/domain';
import {
  DEFAULT_SAMPLE_ROWS,
  type Row,
  type SourceConnector,
  type StreamOptions,
} from '../source-connector.port';
import { streamOrderColumns } from '../source-ordering';
import { assertBatchRows, requireTable, toSourceRow } from '../source-rows';
import { discoverSqliteSchema, quoteSqliteIdentifier } from './sqlite-catalog';

let sqlJs: Promise<SqlJsStatic> | undefined;
const loadSqlJs = () => (sqlJs ??= initSqlJs());

/** sql.js reads the step loop's values with this option to keep 64-bit integers exact. */
type GetWithBigInt = (params: null, config: { useBigInt: boolean }) => unknown[];

/**
 * Reads a SQLite file through sql.js (SQLite compiled to WASM; Node 20 has no built-in SQLite).
 * The file is read once into memory and never written back, which is both read-only access and
 * a consistent snapshot. Rows leave through a prepared-statement step loop, one batch at a time.
 */
export class SqliteSourceConnector implements SourceConnector {
  readonly engine = 'sqlite';
  readonly snapshot = 'sqlite: the file read once into memory';
  private schema?: DatabaseSchema;
  private closed = false;

  private constructor(private readonly db: Database) {}

  static async open(path: string): Promise<SqliteSourceConnector> {
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new SenseiError(
        'SOURCE.NOT_FOUND',
        `cannot read SQLite file ${path} (${error.code ?? error.message}): check the path in the source URI`,
        { path, code: error.code },
      );
    });
    const SQL = await loadSqlJs();
    const db = new SQL.Database(bytes);
    try {
      db.exec('SELECT count(*) FROM sqlite_master');
    } catch (error) {
      db.close();
      throw new SenseiError(
        'SOURCE.UNSUPPORTED',
        `${path} is not a SQLite database (${(error as Error).message}): point the source URI at a .sqlite/.db file`,
        { path },
      );
    }
    return new SqliteSourceConnector(db);
  }

  async discover(): Promise<DatabaseSchema> {
    this.schema ??= discoverSqliteSchema(this.db);
    return this.schema;
  }

  async sample(table: string, limit = DEFAULT_SAMPLE_ROWS): Promise<Row[]> {
    for await (const batch of this.stream(table, { batchRows: limit })) return batch;
    return [];
  }

  async *stream(tableName: string, { batchRows }: StreamOptions): AsyncGenerator<Row[]> {
    assertBatchRows(batchRows);
    const table = requireTable(await this.discover(), tableName);
    const names = table.columns.map((column) => column.name);
    const order = streamOrderColumns(table).map(quoteSqliteIdentifier).join(', ');
    const statement = this.db.prepare(
      `SELECT ${names.map(quoteSqliteIdentifier).join(', ')} FROM ${quoteSqliteIdentifier(tableName)} ORDER BY ${order}`,
    );
    const get = statement.get.bind(statement) as unknown as GetWithBigInt;
    try {
      let batch: Row[] = [];
      while (statement.step()) {
        const values = get(null, { useBigInt: true });
        const raw: Record<string, unknown> = {};
        names.forEach((name, i) => (raw[name] = values[i]));
        batch.push(toSourceRow(table.columns, raw));
        if (batch.length === batchRows) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      if (!this.closed) statement.free();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
