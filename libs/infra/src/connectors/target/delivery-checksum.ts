import { createHash } from 'node:crypto';
import type { RowsDigest, TextValue } from './target-connector.port';

/**
 * The delivery checksum, defined so that anyone can recompute it from the target with SQL alone:
 *
 * - row text: the row as PostgreSQL prints a record, `ROW(c1, c2, ...)::text` (NULL is nothing,
 *   `""` is the empty string), with `TimeZone = 'UTC'` and default float output;
 * - row digest: the first 8 bytes of sha256(row text, UTF-8) as a signed 64-bit integer;
 * - table digest: row count and the sum of row digests modulo 2^64 (order-independent, and a
 *   duplicated row changes it);
 * - delivery checksum: sha256 of the lines `<table>\t<row count>\t<sum as 16 hex digits>`,
 *   sorted by table name and joined by `\n`.
 *
 * `tableDigestSql` is the target side of the same definition.
 */
const modulus = 1n << 64n;

// ASCII white space only: Postgres tests bytes with C isspace().
const needsQuotes = /^$|["\\(),\t\n\v\f\r ]/;

/** PostgreSQL's record_out: quote when empty or holding `"\(),` or white space; double `"` and `\`. */
export const recordText = (values: readonly TextValue[]): string =>
  `(${values
    .map((value) => {
      if (value === null) return '';
      return needsQuotes.test(value) ? `"${value.replace(/["\\]/g, (ch) => ch + ch)}"` : value;
    })
    .join(',')})`;

export const rowDigest = (values: readonly TextValue[]): bigint =>
  createHash('sha256').update(recordText(values), 'utf8').digest().readBigInt64BE(0);

export const emptyDigest = (): RowsDigest => ({ rowCount: 0, digestSum: 0n });

export const addRows = (
  digest: RowsDigest,
  rows: readonly (readonly TextValue[])[],
): RowsDigest => {
  let sum = digest.digestSum;
  for (const row of rows) sum = (sum + rowDigest(row)) % modulus;
  return { rowCount: digest.rowCount + rows.length, digestSum: (sum + modulus) % modulus };
};

export const digestText = (digest: RowsDigest): string =>
  `${digest.rowCount}:${digest.digestSum.toString(16).padStart(16, '0')}`;

export const deliveryChecksum = (tables: Record<string, RowsDigest>): string =>
  createHash('sha256')
    .update(
      Object.keys(tables)
        .sort()
        .map((name) => {
          const digest = tables[name]!;
          return `${name}\t${digest.rowCount}\t${digest.digestSum.toString(16).padStart(16, '0')}`;
        })
        .join('\n'),
    )
    .digest('hex');

export const quotePostgresTable = (table: string): string =>
  table
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');

export const quotePostgresColumns = (columns: readonly string[]): string =>
  columns.map((column) => `"${column.replace(/"/g, '""')}"`).join(', ');

/** Row count and digest sum (as text: numeric) of a table; run with `TimeZone = 'UTC'`. */
export const tableDigestSql = (table: string, columns: readonly string[]): string =>
  `SELECT count(*)::text AS row_count, coalesce(sum(('x' || left(encode(sha256(convert_to(` +
  `ROW(${quotePostgresColumns(columns)})::text, 'UTF8')), 'hex'), 16))::bit(64)::bigint::numeric), 0)::text ` +
  `AS digest_sum FROM ${quotePostgresTable(table)}`;

export const digestFromSql = (row: { row_count: unknown; digest_sum: unknown }): RowsDigest => ({
  rowCount: Number(row.row_count),
  digestSum: ((BigInt(String(row.digest_sum)) % modulus) + modulus) % modulus,
});
