import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** An in-memory DuckDB for one pipeline step; close it when the step ends. */
export interface DuckDbSession {
  connection: DuckDBConnection;
  /** Another connection to the same database (closed with the session), for concurrent reads. */
  connect(): Promise<DuckDBConnection>;
  close(): void;
}

/**
 * One thread by default so that scans, joins and Parquet writes happen in one order: the same input then
 * gives byte-identical Parquet files and the same row order in every run. UTC so that
 * timestamptz values render the same whatever the machine's zone. Verification, which writes
 * no artifact from DuckDB's row order, may ask for more threads.
 */
export const openDuckDbSession = async (
  options: { threads?: number } = {},
): Promise<DuckDbSession> => {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 1),
    preserve_insertion_order: 'true',
  });
  const connections: DuckDBConnection[] = [];
  const connect = async () => {
    const connection = await instance.connect();
    connections.push(connection);
    await connection.run("SET TimeZone = 'UTC'");
    return connection;
  };
  const connection = await connect();
  return {
    connection,
    connect,
    close: () => {
      for (const open of connections) open.closeSync();
      instance.closeSync();
    },
  };
};

export const quoteDuckDbIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const quoteDuckDbString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/**
 * Parquet settings shared by every writer; changing them changes every artifact hash. zstd at
 * level 1: 500k rows of the bench's orders wrote in 124-129 ms at 13.7 MB, against 192-223 ms
 * at 13.4 MB with the default level 3 (snappy: 182-200 ms, 25.7 MB).
 */
export const parquetCopyOptions = '(FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1)';
