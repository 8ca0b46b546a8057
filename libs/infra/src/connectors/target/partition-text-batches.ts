import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDbSession } from '../../pipeline-io/duckdb-session';
import { addRows, emptyDigest } from './delivery-checksum';
import { toCsv } from './delivery-ledger';
import {
  quoteDuckDbIdentifier as quote,
  quoteDuckDbString,
} from '../../pipeline-io/duckdb-session';
import type { RowsDigest, TextValue } from './target-connector.port';

/**
 * DuckDB's text for a column, re-spelled where PostgreSQL prints the same value differently, so
 * what is sent is what the target will print back (the delivery checksum depends on it).
 */
const postgresText = (column: string, duckDbType: string): string => {
  const c = quote(column);
  if (duckDbType === 'BOOLEAN')
    return `CASE WHEN ${c} IS NULL THEN NULL WHEN ${c} THEN 't' ELSE 'f' END`;
  if (duckDbType === 'FLOAT' || duckDbType === 'DOUBLE') {
    return `CASE WHEN isnan(${c}) THEN 'NaN' WHEN isinf(${c}) AND ${c} > 0 THEN 'Infinity' WHEN isinf(${c}) THEN '-Infinity' ELSE regexp_replace(CAST(${c} AS VARCHAR), '\\.0(e|$)', '\\1') END`;
  }
  if (duckDbType === 'BLOB') return `'\\x' || lower(hex(${c}))`;
  if (duckDbType === 'INTERVAL')
    return `regexp_replace(CAST(${c} AS VARCHAR), ' month(s?)', ' mon\\1', 'g')`;
  return `CAST(${c} AS VARCHAR)`;
};

export interface TextBatch {
  columns: string[];
  rows: TextValue[][];
}

/**
 * Streams a Parquet file as batches of `batchSize` rows in PostgreSQL text form, in file order
 * (one DuckDB thread), so batch n always holds the same rows: batch keys are stable across runs.
 */
export async function* readTextBatches(
  session: DuckDbSession,
  file: string,
  batchSize: number,
): AsyncIterable<TextBatch> {
  const source = `read_parquet(${quoteDuckDbString(file)})`;
  const described = await session.connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const schema = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const columns = schema.map((column) => column.column_name);
  const select = schema.map(
    (column) =>
      `${postgresText(column.column_name, column.column_type)} AS ${quote(column.column_name)}`,
  );
  const result = await session.connection.stream(`SELECT ${select.join(', ')} FROM ${source}`);
  let rows: TextValue[][] = [];
  for await (const chunk of result.yieldRows()) {
    for (const row of chunk) {
      rows.push(row as TextValue[]);
      if (rows.length === batchSize) {
        yield { columns, rows };
        rows = [];
      }
    }
  }
  if (rows.length > 0) yield { columns, rows };
}

export interface CsvBatch {
  columns: string[];
  rowCount: number;
  /** The rows as `toCsv` spells them, UTF-8: every value quoted, `"` doubled, NULL an empty field. */
  csv: Uint8Array;
  /** The batch's delivery digest (see delivery-checksum.ts), computed by DuckDB. */
  digest: RowsDigest;
}

/** A SQL string literal (DuckDB keeps backslashes in it as they are). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
/** PostgreSQL's record_out quotes a value that is empty or holds `"\(),` or ASCII white space. */
const recordNeedsQuotes = literal('["\\\\(),\\t\\n\\v\\f\\r ]');

const plainTextType =
  /^(BOOLEAN|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\)|UUID)$/;

const temporalTextType =
  /^(DATE|TIME|TIME WITH TIME ZONE|TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|TIMESTAMP WITH TIME ZONE)$/;

/**
 * The same batches as `readTextBatches`, the same rows in the same order, but DuckDB writes each
 * batch's CSV and computes its delivery digest (row text as `ROW(...)::text` prints it, sha256,
 * first 8 bytes, summed modulo 2^64), so no value passes through JavaScript one by one.
 *
 * When no value holds a line feed, each row is one line of the CSV, and DuckDB's own CSV writer
 * (about 3x faster than building the lines in SQL, measured) writes the partition to a scratch
 * file that is cut into batches at every `batchSize`-th line. Otherwise the lines are built and
 * grouped in SQL.
 */
export async function* readCsvBatches(
  session: DuckDbSession,
  file: string,
  batchSize: number,
): AsyncIterable<CsvBatch> {
  const described = await session.connection.runAndReadAll(
    `DESCRIBE SELECT * FROM read_parquet(${quoteDuckDbString(file)})`,
  );
  const schema = described.getRowObjectsJS() as { column_name: string; column_type: string }[];
  const columns = schema.map((column) => column.column_name);
  if (columns.includes('file_row_number')) {
    // The row number DuckDB adds would shadow the column: take the JavaScript path instead.
    for await (const { rows } of readTextBatches(session, file, batchSize)) {
      yield { columns, rowCount: rows.length, csv: toCsvText(rows), digest: jsDigest(rows) };
    }
    return;
  }
  const sql = csvSql(schema, file, batchSize);
  await session.connection.run(sql.load);
  try {
    yield* csvBatchesOfTexts(session, file, columns, sql);
  } finally {
    await session.connection.run(sql.drop);
  }
}

async function* csvBatchesOfTexts(
  session: DuckDbSession,
  file: string,
  columns: string[],
  sql: ReturnType<typeof csvSql>,
): AsyncIterable<CsvBatch> {
  const digests = await session.connection.runAndReadAll(sql.digestsAndLineFeeds);
  const perBatch = digests.getRows().map(([, rowCount, digestSum, lineFeeds]) => ({
    rowCount: Number(rowCount),
    digest: { rowCount: Number(rowCount), digestSum: BigInt(String(digestSum)) },
    lineFeeds: lineFeeds === true,
  }));
  if (perBatch.some((batch) => batch.lineFeeds)) {
    yield* readCsvBatchesBuiltInSql(session, columns, sql.linesAndDigests);
    return;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'sensei-delivery-'));
  try {
    const csvFile = join(scratch, 'partition.csv');
    await session.connection.run(
      `COPY (${sql.texts}) TO ${quoteDuckDbString(csvFile)} (FORMAT csv, HEADER false, FORCE_QUOTE *)`,
    );
    const bytes = await readFile(csvFile);
    let start = 0;
    for (const { rowCount, digest } of perBatch) {
      const end = afterLines(bytes, start, rowCount);
      yield { columns, rowCount, csv: bytes.subarray(start, end), digest };
      start = end;
    }
    if (start !== bytes.length)
      throw new Error(`${file}: DuckDB's CSV has more lines than the partition has rows`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The offset just past the `lines`-th line feed from `start`. */
const afterLines = (bytes: Buffer, start: number, lines: number): number => {
  let at = start;
  for (let line = 0; line < lines; line += 1) {
    const feed = bytes.indexOf(10, at);
    if (feed < 0) throw new Error("DuckDB's CSV has fewer lines than the partition has rows");
    at = feed + 1;
  }
  return at;
};

async function* readCsvBatchesBuiltInSql(
  session: DuckDbSession,
  columns: string[],
  sql: string,
): AsyncIterable<CsvBatch> {
  const result = await session.connection.stream(sql);
  for await (const chunk of result.yieldRows()) {
    for (const [, rowCount, csv, digestSum] of chunk) {
      yield {
        columns,
        rowCount: Number(rowCount),
        csv: Buffer.from(String(csv)),
        digest: { rowCount: Number(rowCount), digestSum: BigInt(String(digestSum)) },
      };
    }
  }
}

/**
 * The statements of `readCsvBatches` for one Parquet file: its rows' PostgreSQL text is computed
 * once into a temporary table, which the digests and the CSV writer both read (computing it
 * in each of them cost a quarter more, measured).
 */
const csvSql = (
  schema: ReadonlyArray<{ column_name: string; column_type: string }>,
  file: string,
  batchSize: number,
) => {
  const source = `read_parquet(${quoteDuckDbString(file)}, file_row_number = true)`;
  const columns = schema.map((column) => column.column_name);
  const texts = schema.map(
    (column) =>
      `${postgresText(column.column_name, column.column_type)} AS ${quote(column.column_name)}`,
  );
  // Numbers, booleans and uuids print as digits, letters, `-`, `.` and `+` only: never empty,
  // never a character that needs quoting or doubling, so they skip the (costly) checks.
  const plain = schema.map((column) => plainTextType.test(column.column_type));
  // Dates and times: no quote or backslash either; white space or `(BC)` need quoting.
  const temporal = schema.map((column) => temporalTextType.test(column.column_type));
  const names = columns.map(quote);
  const csvLine = names
    .map((c, i) =>
      plain[i] || temporal[i]
        ? `coalesce('"' || ${c} || '"', '')`
        : `coalesce('"' || replace(${c}, '"', '""') || '"', '')`,
    )
    .join(` || ',' || `);
  // `concat` reads NULL as '' (record_out's spelling of NULL) and measured faster than `||`.
  const recordValue = (c: string, i: number) =>
    plain[i]
      ? c
      : temporal[i]
        ? `CASE WHEN ${c} IS NULL THEN '' WHEN contains(${c}, ' ') OR contains(${c}, '(') ` +
          `THEN '"' || ${c} || '"' ELSE ${c} END`
        : `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} = '' OR regexp_matches(${c}, ${recordNeedsQuotes}) ` +
          `THEN '"' || regexp_replace(${c}, '(["\\\\])', '\\1\\1', 'g') || '"' ELSE ${c} END`;
  const record = `concat('(', ${names.map(recordValue).join(`, ',', `)}, ')')`;
  const digest = `CAST(CAST('0x' || left(sha256(${record}), 16) AS UBIGINT) AS HUGEINT)`;
  const digestSum = `CAST(sum(digest) % CAST('18446744073709551616' AS HUGEINT) AS VARCHAR) AS digest_sum`;
  // One name will do: a session prepares one partition at a time and drops the table after it.
  const textTable = quote('delivery_texts');
  const free = names.filter((_, i) => !plain[i] && !temporal[i]);
  const lineFeed =
    free.length > 0 ? free.map((c) => `contains(${c}, chr(10))`).join(' OR ') : 'false';
  return {
    load: `CREATE OR REPLACE TEMP TABLE ${textTable} AS SELECT file_row_number, ${texts.join(', ')} FROM ${source}`,
    drop: `DROP TABLE IF EXISTS ${textTable}`,
    /** The rows' text in file order, as the CSV writer takes them. */
    texts: `SELECT ${names.join(', ')} FROM ${textTable} ORDER BY file_row_number`,
    /** Per batch: row count, digest sum, and whether any value holds a line feed. */
    digestsAndLineFeeds: `SELECT batch, count(*)::BIGINT AS row_count, ${digestSum},
        coalesce(bool_or(line_feed), false) AS line_feeds
      FROM (
        SELECT file_row_number // ${batchSize} AS batch, ${digest} AS digest,
          (${lineFeed}) AS line_feed
        FROM ${textTable}
      )
      GROUP BY batch ORDER BY batch`,
    /** Per batch: row count, the CSV lines joined in file order, digest sum. */
    linesAndDigests: `SELECT batch, count(*)::BIGINT AS row_count,
        string_agg(line, '' ORDER BY file_row_number) AS csv, ${digestSum}
      FROM (
        SELECT file_row_number, file_row_number // ${batchSize} AS batch,
          ${csvLine} || chr(10) AS line, ${digest} AS digest
        FROM ${textTable}
      )
      GROUP BY batch ORDER BY batch`,
  };
};

const toCsvText = (rows: TextValue[][]) => Buffer.from(toCsv(rows));
const jsDigest = (rows: TextValue[][]) => addRows(emptyDigest(), rows);
