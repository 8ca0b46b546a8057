import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SenseiError, type DatabaseSchema, type TableSchema } from '@sensei/domain';
import {
  DEFAULT_SAMPLE_ROWS,
  type Row,
  type SourceConnector,
  type StreamOptions,
} from '../source-connector.port';
import { assertBatchRows, rebatch, requireTable, toSourceRow } from '../source-rows';
import { duckdbColumnType, duckdbSelectExpression } from './duckdb-types';

export type FileFormat = 'csv' | 'parquet';
const readers: Record<FileFormat, string> = { csv: 'read_csv_auto', parquet: 'read_parquet' };
const formatOf = (path: string): FileFormat | undefined =>
  (({ '.csv': 'csv', '.parquet': 'parquet' }) as const)[extname(path).toLowerCase() as '.csv'];

/** DESCRIBE cells are VARCHAR. */
const text = (value: unknown): string => String(value);
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

interface FileTable {
  name: string;
  path: string;
  format: FileFormat;
}

/** One file, or every .csv/.parquet file of a directory: one table each, named after the file. */
const listFiles = (path: string): FileTable[] => {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) {
    throw new SenseiError(
      'SOURCE.NOT_FOUND',
      `no file or directory at ${path}: check the path in the source URI`,
      { path },
    );
  }
  const paths = stats.isDirectory()
    ? readdirSync(path)
        .sort()
        .map((file) => join(path, file))
    : [path];
  const files = paths.flatMap((file) => {
    const format = formatOf(file);
    return format ? [{ name: basename(file, extname(file)), path: file, format }] : [];
  });
  if (files.length === 0) {
    throw new SenseiError(
      'SOURCE.UNSUPPORTED',
      `${path} holds no .csv or .parquet file: point the source URI at one`,
      { path },
    );
  }
  return files;
};

/**
 * Reads CSV and Parquet files through an in-memory DuckDB with extension downloads switched off
 * (CSV and Parquet readers are built in). Files have no keys: rows stream in file order, which
 * DuckDB preserves (`preserve_insertion_order`, on by default) and which is deterministic.
 */
export class FileSourceConnector implements SourceConnector {
  readonly snapshot = 'files: each read once, in file order';
  private schema?: Promise<DatabaseSchema>;
  private closed = false;

  private constructor(
    readonly engine: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly files: FileTable[],
  ) {}

  static async open(path: string): Promise<FileSourceConnector> {
    const files = listFiles(path);
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      preserve_insertion_order: 'true',
    });
    const connection = await instance.connect();
    const formats = new Set(files.map((file) => file.format));
    const engine = formats.size === 1 ? [...formats][0]! : 'files';
    return new FileSourceConnector(engine, instance, connection, files);
  }

  discover(): Promise<DatabaseSchema> {
    this.schema ??= this.describeFiles();
    return this.schema;
  }

  async sample(table: string, limit = DEFAULT_SAMPLE_ROWS): Promise<Row[]> {
    for await (const batch of this.stream(table, { batchRows: limit })) return batch;
    return [];
  }

  async *stream(tableName: string, { batchRows }: StreamOptions): AsyncGenerator<Row[]> {
    assertBatchRows(batchRows);
    const table = requireTable(await this.discover(), tableName);
    const file = this.files.find((candidate) => candidate.name === tableName)!;
    const columns = table.columns.map((column) =>
      duckdbSelectExpression(quote(column.name), column.type),
    );
    const result = await this.connection.stream(
      `SELECT ${columns.join(', ')} FROM ${this.source(file)}`,
    );
    for await (const batch of rebatch(result.yieldRowObjectJs(), batchRows)) {
      yield batch.map((raw) => toSourceRow(table.columns, raw));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private source(file: FileTable): string {
    return `${readers[file.format]}(${literal(file.path)})`;
  }

  private async describeFiles(): Promise<DatabaseSchema> {
    const tables: TableSchema[] = [];
    for (const file of this.files) {
      const described = await this.read(`DESCRIBE SELECT * FROM ${this.source(file)}`, file);
      const [counted] = await this.read(
        `SELECT count(*)::VARCHAR AS n FROM ${this.source(file)}`,
        file,
      );
      tables.push({
        name: file.name,
        columns: described.map((row, index) => ({
          name: text(row.column_name),
          ordinal: index + 1,
          ...duckdbColumnType(text(row.column_type)),
          nativeType: text(row.column_type),
          // A file declares no constraints: any column may hold nulls.
          nullable: true,
        })),
        primaryKey: [],
        uniqueKeys: [],
        foreignKeys: [],
        indexes: [],
        rowCount: Number(counted?.n ?? 0),
      });
    }
    return { engine: this.engine, tables };
  }

  private async read(sql: string, file: FileTable) {
    try {
      return (await this.connection.runAndReadAll(sql)).getRowObjectsJS();
    } catch (error) {
      throw new SenseiError(
        'SOURCE.UNSUPPORTED',
        `cannot read ${file.path} as ${file.format} (${(error as Error).message.split('\n')[0]}): check the file's format and extension`,
        { path: file.path },
      );
    }
  }
}
