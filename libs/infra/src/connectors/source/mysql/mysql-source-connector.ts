import type { Connection as CallbackConnection } from 'mysql2';
import { createConnection, type Connection } from 'mysql2/promise';
import type { Readable } from 'node:stream';
import type { DatabaseSchema, TableSchema } from '@sensei/domain';
import {
  DEFAULT_SAMPLE_ROWS,
  type Row,
  type SourceConnector,
  type StreamOptions,
} from '../source-connector.port';
import { sourceConnectionError, type SourceTarget } from '../source-errors';
import { streamOrderColumns } from '../source-ordering';
import { assertBatchRows, requireTable, toSourceRow } from '../source-rows';
import { discoverMysqlSchema } from './mysql-catalog';
import { readableBatches } from './mysql-row-stream';

const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;

export interface MysqlSourceOptions {
  /** Resolved from the secret store; never part of the URI. */
  password?: string;
}

const describeTarget = (uri: string): SourceTarget => {
  const url = new URL(uri);
  return {
    engine: 'MySQL',
    host: url.hostname || 'localhost',
    port: Number(url.port || 3306),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username) || 'root',
  };
};

/**
 * Reads MySQL/MariaDB through one connection holding one
 * `START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY` (REPEATABLE READ) for the connector's
 * life. Rows stream from the server (mysql2 query streams), never buffered whole. One connection
 * means one result at a time: a second stream started while one is open waits for it.
 */
export class MysqlSourceConnector implements SourceConnector {
  readonly engine = 'mysql';
  readonly snapshot =
    'mysql: START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY (REPEATABLE READ)';
  private schema?: Promise<DatabaseSchema>;
  private closed = false;

  private constructor(
    private readonly connection: Connection,
    private readonly database: string,
  ) {}

  static async open(uri: string, options: MysqlSourceOptions = {}): Promise<MysqlSourceConnector> {
    const target = describeTarget(uri);
    let connection: Connection | undefined;
    try {
      connection = await createConnection({
        uri,
        password: options.password,
        connectTimeout: 5000,
        // Precision-sensitive values arrive as text and are normalised by source-values.
        supportBigNumbers: true,
        bigNumberStrings: true,
        decimalNumbers: false,
        dateStrings: true,
        charset: 'utf8mb4_general_ci',
      });
      connection.on('error', () => undefined);
      await connection.query(`SET time_zone = '+00:00'`);
      await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      const [rows] = await connection.query('SELECT DATABASE() AS db');
      const database = (rows as { db: string | null }[])[0]?.db;
      if (!database) {
        throw Object.assign(new Error('no database in the URI'), { code: 'ER_BAD_DB_ERROR' });
      }
      return new MysqlSourceConnector(connection, database);
    } catch (error) {
      await connection?.end().catch(() => undefined);
      throw sourceConnectionError(error, target);
    }
  }

  discover(): Promise<DatabaseSchema> {
    this.schema ??= discoverMysqlSchema(this.connection, this.database, quote);
    return this.schema;
  }

  async sample(tableName: string, limit = DEFAULT_SAMPLE_ROWS): Promise<Row[]> {
    const table = requireTable(await this.discover(), tableName);
    const [rows] = await this.connection.query(
      `${this.selectSql(table)} LIMIT ${Math.max(0, Math.floor(limit))}`,
    );
    return (rows as Record<string, unknown>[]).map((raw) => toSourceRow(table.columns, raw));
  }

  async *stream(tableName: string, { batchRows }: StreamOptions): AsyncGenerator<Row[]> {
    assertBatchRows(batchRows);
    const table = requireTable(await this.discover(), tableName);
    // The promise API has no streaming query; its underlying callback connection does.
    const callbackApi = (this.connection as unknown as { connection: CallbackConnection })
      .connection;
    const query = callbackApi.query(this.selectSql(table));
    const readable: Readable = query.stream({ highWaterMark: batchRows });
    for await (const batch of readableBatches(readable, batchRows)) {
      yield (batch as Record<string, unknown>[]).map((raw) => toSourceRow(table.columns, raw));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.query('ROLLBACK').catch(() => undefined);
    await this.connection.end().catch(() => undefined);
  }

  private selectSql(table: TableSchema): string {
    const columns = table.columns.map((column) => quote(column.name)).join(', ');
    const order = streamOrderColumns(table).map(quote).join(', ');
    return `SELECT ${columns} FROM ${quote(table.name)} ORDER BY ${order}`;
  }
}
