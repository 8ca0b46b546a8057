import {
  checkEncoding,
  convertText,
  type EncodingVerdict,
  SenseiError,
  type TableSchema,
} from '@sensei/domain';
import type { Row } from '../connectors/source/source-connector.port';

export type EncodingVerdicts = Map<string, EncodingVerdict>;

/** Verdicts for the text columns of a sample whose values are not all plain UTF-8. */
export const sampleEncodings = (table: TableSchema, sample: readonly Row[]): EncodingVerdicts => {
  const verdicts: EncodingVerdicts = new Map();
  for (const column of table.columns) {
    if (column.type !== 'text') continue;
    const verdict = checkEncoding(sample.map((row) => row[column.name] as string | Uint8Array));
    if (verdict.action !== 'none') verdicts.set(column.name, verdict);
  }
  return verdicts;
};

/** Halts for review: text no decoder is sure about must not be guessed into the target. */
export const ambiguousEncoding = (table: string, column: string, evidence: string[]) =>
  new SenseiError(
    'PIPELINE.INVALID_VALUE',
    `${table}.${column} holds text that is not valid UTF-8 and cannot be converted with ` +
      `confidence above 0.9 (${evidence.join('; ') || 'undecodable bytes'}): fix the source ` +
      'encoding or set the column policy, then resume',
    { table, column },
  );

/**
 * Converts text columns as rows stream by: columns the sample judged convertible are decoded
 * with that verdict; raw bytes in any other text column mean the sample missed something, so
 * the value is judged on its own and converted only above the same confidence.
 */
export async function* withUtf8Text(
  table: TableSchema,
  verdicts: EncodingVerdicts,
  batches: AsyncIterable<Row[]>,
): AsyncIterable<Row[]> {
  const textColumns = table.columns.filter((c) => c.type === 'text').map((c) => c.name);
  for await (const batch of batches) {
    for (const row of batch) {
      for (const column of textColumns) {
        const value = row[column];
        const verdict = verdicts.get(column);
        if (
          verdict?.action === 'convert' &&
          (typeof value === 'string' || value instanceof Uint8Array)
        ) {
          row[column] = convertText(value, verdict);
        } else if (value instanceof Uint8Array) {
          const own = checkEncoding([value]);
          if (own.action === 'review') throw ambiguousEncoding(table.name, column, own.evidence);
          row[column] = convertText(value, own);
        }
      }
    }
    yield batch;
  }
}
