import type { ExpectationConfig } from '@sensei/domain';
import type { CheckOutcome, CheckResult } from '../verification-input';
import { displayKey, displayValue, jsonValue } from '../row-diff/sql-text';
import type { ExpectationCounts } from './evaluate-expectations';

/** Great Expectations' ExpectationValidationResult, as JSON. */
export interface ValidationResult {
  success: boolean | null;
  expectation_config: ExpectationConfig;
  result: Record<string, unknown>;
  exception_info?: { raised_exception: boolean; exception_message: string };
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : (100 * part) / whole);
const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/** GE's success rule: no unexpected value, or at least `mostly` of the non-missing ones. */
const succeeded = (counts: ExpectationCounts) => {
  const { rowCount, config } = counts.compiled;
  if (rowCount !== undefined) return counts.elementCount === rowCount;
  const nonMissing = counts.elementCount - counts.missingCount;
  const mostly = typeof config.kwargs.mostly === 'number' ? config.kwargs.mostly : 1;
  return nonMissing === 0 || (nonMissing - counts.unexpectedCount) / nonMissing >= mostly;
};

export const validationResult = (counts: ExpectationCounts, key: string[]): ValidationResult => {
  const { compiled, elementCount: n, missingCount: m, unexpectedCount: u, samples } = counts;
  const config = compiled.config;
  if (counts.error)
    return {
      success: null,
      expectation_config: config,
      result: {},
      exception_info: { raised_exception: true, exception_message: counts.error },
    };
  if (compiled.rowCount !== undefined)
    return {
      success: succeeded(counts),
      expectation_config: config,
      result: { observed_value: n },
    };
  const single = compiled.columns.length === 1 ? compiled.columns[0] : undefined;
  return {
    success: succeeded(counts),
    expectation_config: config,
    result: {
      element_count: n,
      missing_count: m,
      missing_percent: percent(m, n),
      unexpected_count: u,
      unexpected_percent: percent(u, n - m),
      unexpected_percent_total: percent(u, n),
      unexpected_percent_nonmissing: percent(u, n - m),
      partial_unexpected_list: samples.map((row) =>
        single
          ? jsonValue(row[single])
          : Object.fromEntries(compiled.columns.map((c) => [c, jsonValue(row[c])])),
      ),
      ...(key.length > 0 && {
        unexpected_index_column_names: key,
        partial_unexpected_index_list: samples.map((row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, jsonValue(v)])),
        ),
      }),
    },
  };
};

/** `invoice_line_id=21 (invoice_id=99999)`: the key, then the values that broke it. */
const sampleText = (row: Record<string, unknown>, key: string[], columns: string[]) => {
  const values = columns.filter((c) => !key.includes(c));
  const shown = values.map((c) => `${c}=${displayValue(row[c])}`).join(', ');
  if (key.length === 0) return `(${shown})`;
  return displayKey(key, row) + (shown ? ` (${shown})` : '');
};

/** One check per expectation: failures name table, column(s) and the first keys and values. */
export const expectationCheck = (
  id: string,
  table: string,
  counts: ExpectationCounts,
  key: string[],
): CheckResult => {
  const { compiled } = counts;
  const type = compiled.config.expectation_type;
  const subject = compiled.columns.length ? `${table}.${compiled.columns.join(', ')}` : table;
  const head = `${subject}: ${type} (${compiled.summary})`;
  const success = succeeded(counts);
  const outcome: CheckOutcome = counts.error ? 'inconclusive' : success ? 'passed' : 'failed';
  let message: string;
  if (counts.error) message = `${head} could not be evaluated: ${counts.error}`;
  else if (compiled.rowCount !== undefined)
    message = `${head}: observed ${rows(counts.elementCount)}`;
  else if (counts.unexpectedCount === 0) message = `${head}: met by ${rows(counts.elementCount)}`;
  else {
    const shown = counts.samples.map((row) => sampleText(row, key, compiled.columns));
    const more = counts.unexpectedCount - shown.length;
    message =
      `${head}: ${counts.unexpectedCount.toLocaleString('en-US')} of ${rows(counts.elementCount - counts.missingCount)} unexpected` +
      `${success ? ' (within mostly)' : ''}: ${[...shown, ...(more > 0 ? [`and ${more} more`] : [])].join('; ')}`;
  }
  return {
    id,
    method: 'expectation',
    table,
    ...(compiled.columns.length === 1 && { column: compiled.columns[0] }),
    outcome,
    message,
    details: { ...validationResult(counts, key) },
  };
};
