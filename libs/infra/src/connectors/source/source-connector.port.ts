import type { DatabaseSchema } from '@sensei/domain';

/**
 * One row as every source connector hands it out: column name -> JS value. The representation is
 * chosen by the column's logical type (from `discover()`), never by the value, so the same data
 * yields byte-identical rows (and partition hashes) whichever engine it came from:
 *
 * | logical type              | value                                                        |
 * |---------------------------|--------------------------------------------------------------|
 * | (any) SQL NULL            | `null`                                                       |
 * | boolean                   | `true` / `false`                                             |
 * | smallint, integer         | `number`                                                     |
 * | bigint                    | `string` of decimal digits (`"-42"`): int8 exceeds 2^53      |
 * | decimal                   | `string`, canonical: no exponent, no `+`, no trailing        |
 * |                           | fractional zeros (`"0.99"`, `"10"`, `"-0.5"`)               |
 * | real, double              | `number`                                                     |
 * | text, uuid                | `string` (uuid lower-case)                                   |
 * | date                      | `"YYYY-MM-DD"`                                               |
 * | time                      | `"HH:MM:SS[.ffffff]"` (fraction without trailing zeros)      |
 * | timestamp (no zone)       | `"YYYY-MM-DDTHH:MM:SS[.ffffff]"` (wall clock, no zone)       |
 * | timestamptz               | same, converted to UTC and suffixed `Z`                      |
 * | interval                  | `string` as the engine prints it                             |
 * | json                      | `string`: `JSON.stringify(JSON.parse(text))` (compact)       |
 * | bytes                     | `Uint8Array`                                                 |
 * | unknown                   | `string` as the engine prints it                             |
 *
 * Text is a JS string when the engine decoded it; a driver that could not decode stored bytes as
 * UTF-8 hands the raw `Uint8Array` instead, for the encoding check to judge.
 */
export type SourceValue = null | boolean | number | string | Uint8Array;
export type Row = Record<string, SourceValue>;

export interface StreamOptions {
  /** Rows per yielded batch (each batch holds at most this many rows). */
  batchRows: number;
}

export const DEFAULT_SAMPLE_ROWS = 10_000;

/**
 * A read-only view of one source store, pinned to one consistent snapshot for its whole life:
 * `discover`, `sample` and every `stream` see the same data, so row counts, profiles and
 * partitions agree even while the source keeps taking writes.
 */
export interface SourceConnector {
  /** e.g. `postgres`, `mysql`, `sqlite`, `csv`, `parquet` (the `DatabaseSchema.engine`). */
  readonly engine: string;
  /** How the one consistent snapshot is held, for the verification checkpoint. */
  readonly snapshot: string;
  /** Tables (qualified as `TableSchema.name`), columns, keys, indexes and exact row counts. */
  discover(): Promise<DatabaseSchema>;
  /** The first `limit` rows in stream order (default 10,000), for profiling. */
  sample(table: string, limit?: number): Promise<Row[]>;
  /**
   * Every row of `table`, in a deterministic order (primary key, else a unique key, else all
   * columns; files: file order), in batches, never holding the table in memory.
   */
  stream(table: string, options: StreamOptions): AsyncIterable<Row[]>;
  /**
   * Optional bulk path: the rows `stream` yields, in the same order, as CSV in the engine's own
   * text (PostgreSQL `COPY ... TO STDOUT (FORMAT csv)`: NULL an unquoted empty field, `""` the
   * empty string), UTF-8. Offered only where the engine's text converts to the same stored values
   * as `stream`'s (see `csvLoadable` in partition-writer.ts); absent elsewhere.
   */
  readonly streamCsv?: (table: string) => AsyncIterable<Uint8Array>;
  /** Ends the snapshot and releases connections/handles; idempotent. */
  close(): Promise<void>;
}
