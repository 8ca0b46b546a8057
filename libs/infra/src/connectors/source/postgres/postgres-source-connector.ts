import { Client, types, type ClientConfig } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DatabaseSchema } from '@sensei/domain';
import type { SqlExecutor } from '../../../sql/sql-client';
import { describePostgresTarget } from '../../../sql/postgres-target';
import {
  discoverPostgresSchema,
  quotePostgresIdentifier,
  quotePostgresTable,
} from '../../postgres/postgres-catalog';
import {
  DEFAULT_SAMPLE_ROWS,
  type Row,
  type SourceConnector,
  type StreamOptions,
} from '../source-connector.port';
import { sourceConnectionError, type SourceTarget } from '../source-errors';
import { streamOrderColumns } from '../source-ordering';
import { assertBatchRows, requireTable, toSourceRow } from '../source-rows';

/** int8, numeric, money, date/time types, interval, json: as text, normalised by source-values. */
const textTypeOids = new Set([20, 1700, 790, 1082, 1083, 1266, 1114, 1184, 1186, 114, 3802]);
const sourceTypes: ClientConfig['types'] = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    textTypeOids.has(oid)
      ? (value: string) => value
      : (types.getTypeParser(oid, format ?? 'text') as unknown)) as typeof types.getTypeParser,
};

export interface PostgresSourceOptions {
  /** Resolved from the secret store; never part of the URI. */
  password?: string;
  /** Only this schema; every user schema when absent. */
  schema?: string;
}

/**
 * Reads PostgreSQL through one connection holding one REPEATABLE READ READ ONLY transaction for
 * the connector's whole life: discovery, row counts, samples and every stream see one snapshot.
 * Streams use server-side cursors, so a table is never held in memory. `snapshotId` (from
 * `pg_export_snapshot()`) lets further connections join the same snapshot.
 */
export class PostgresSourceConnector implements SourceConnector {
  readonly engine = 'postgres';
  readonly snapshot = 'postgres: one REPEATABLE READ READ ONLY transaction';
  private schema?: Promise<DatabaseSchema>;
  private cursors = 0;
  private closed = false;

  /** Only where the server stores UTF-8: COPY then hands out text exactly as `stream` reads it. */
  readonly streamCsv?: (table: string) => AsyncIterable<Uint8Array>;

  private constructor(
    private readonly client: Client,
    private readonly options: PostgresSourceOptions,
    readonly snapshotId: string | undefined,
    utf8: boolean,
  ) {
    if (utf8) this.streamCsv = (table) => this.copyCsv(table);
  }

  static async open(
    uri: string,
    options: PostgresSourceOptions = {},
  ): Promise<PostgresSourceConnector> {
    const described = describePostgresTarget(uri);
    const target: SourceTarget = { ...described, engine: 'PostgreSQL' };
    const client = new Client({
      connectionString: uri,
      password: options.password,
      types: sourceTypes,
      connectionTimeoutMillis: 5000,
      application_name: 'sensei-source',
    });
    // A dying idle connection emits 'error'; unhandled it would kill the process. The next
    // query fails and reports it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(
        `SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'`,
      );
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The snapshot is taken by the first statement of the transaction: take it now, at open.
      const exported = await client
        .query<{ id: string }>('SELECT pg_export_snapshot() AS id')
        .then((result) => result.rows[0]?.id)
        .catch(async () => {
          // Standbys cannot export snapshots; the transaction (now aborted) must start again.
          await client.query('ROLLBACK');
          await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await client.query('SELECT 1');
          return undefined;
        });
      const encoding = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      const utf8 = encoding.rows[0]?.server_encoding.toUpperCase() === 'UTF8';
      return new PostgresSourceConnector(client, options, exported, utf8);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw sourceConnectionError(error, target);
    }
  }

  discover(): Promise<DatabaseSchema> {
    this.schema ??= discoverPostgresSchema(this.executor(), {
      schema: this.options.schema,
      rowCounts: 'exact',
    });
    return this.schema;
  }

  async sample(table: string, limit = DEFAULT_SAMPLE_ROWS): Promise<Row[]> {
    for await (const batch of this.stream(table, { batchRows: limit })) return batch;
    return [];
  }

  /** The table's rows in stream order: primary key, else a unique key, else every column. */
  private async select(tableName: string): Promise<string> {
    const table = requireTable(await this.discover(), tableName);
    const [schemaName, relation] = tableName.includes('.')
      ? [tableName.slice(0, tableName.indexOf('.')), tableName.slice(tableName.indexOf('.') + 1)]
      : ['public', tableName];
    const columns = table.columns.map((column) => quotePostgresIdentifier(column.name)).join(', ');
    const order = streamOrderColumns(table)
      .map((name) => {
        const column = table.columns.find((candidate) => candidate.name === name);
        // json and other unorderable types sort by their text.
        const orderable = column && ['json', 'unknown'].includes(column.type) ? '::text' : '';
        return `${quotePostgresIdentifier(name)}${orderable}`;
      })
      .join(', ');
    return `SELECT ${columns} FROM ${quotePostgresTable(schemaName, relation)} ORDER BY ${order}`;
  }

  async *stream(tableName: string, { batchRows }: StreamOptions): AsyncGenerator<Row[]> {
    assertBatchRows(batchRows);
    const table = requireTable(await this.discover(), tableName);
    const cursor = `sensei_source_${++this.cursors}`;
    await this.client.query(
      `DECLARE ${cursor} NO SCROLL CURSOR FOR ${await this.select(tableName)}`,
    );
    try {
      for (;;) {
        const fetched = await this.client.query<Record<string, unknown>>(
          `FETCH FORWARD ${batchRows} FROM ${cursor}`,
        );
        if (fetched.rows.length > 0)
          yield fetched.rows.map((raw) => toSourceRow(table.columns, raw));
        if (fetched.rows.length < batchRows) return;
      }
    } finally {
      if (!this.closed) await this.client.query(`CLOSE ${cursor}`).catch(() => undefined);
    }
  }

  /** `COPY (SELECT ... ORDER BY ...) TO STDOUT` in the snapshot transaction, as CSV bytes. */
  private async *copyCsv(tableName: string): AsyncGenerator<Uint8Array> {
    const select = await this.select(tableName);
    const stream = this.client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv)`));
    for await (const chunk of stream) yield chunk as Buffer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }

  private executor(): SqlExecutor {
    return {
      query: async <R>(sql: string, params: readonly unknown[] = []) => {
        const result = await this.client.query(sql, params as unknown[]);
        return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
      },
    };
  }
}
