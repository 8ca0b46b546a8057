import type { CheckResult } from '../verification-input';
import type { KeyedDiff, KeyProblem } from './keyed-leaf-diff';
import type { MultisetDiff, SampleRow } from './multiset-leaf-diff';
import { displayKey, displayValue, jsonValue } from './sql-text';

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const named = (shown: string[], total: number, shownCount = shown.length) =>
  [...shown, ...(total > shownCount ? [`and ${total - shownCount} more`] : [])].join('; ');

const jsonRecord = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, jsonValue(v)]));

const check = (
  table: string,
  id: string,
  outcome: 'passed' | 'failed',
  message: string,
  extra: Partial<CheckResult> = {},
): CheckResult => ({ id: `row-diff:${id}`, method: 'row-diff', table, outcome, message, ...extra });

export interface TableCounts {
  sourceRows: number;
  targetRows: number;
}

const problemText: Record<Exclude<KeyProblem, 'differs'>, string> = {
  missing: 'missing from target',
  extra: 'extra in target (not in source)',
  duplicated: 'present a different number of times',
};

/** Presence checks (missing, extra, duplicated keys) and one check per differing column. */
export const keyedChecks = (
  table: string,
  key: string[],
  counts: TableCounts,
  diff: KeyedDiff | undefined,
  rules: Record<string, string>,
): CheckResult[] => {
  const keyColumn = key.length === 1 ? { column: key[0] } : {};
  const presence = (['missing', 'extra', 'duplicated'] as const)
    .filter((problem) => (diff?.counts[problem] ?? 0) > 0)
    .map((problem) => {
      const keys = (diff?.keys ?? []).filter((row) => row.problem === problem);
      const shown = keys.map(
        (row) =>
          displayKey(key, row.key) +
          (problem === 'duplicated'
            ? ` (${row.targetRows} in target, ${row.sourceRows} in source)`
            : ''),
      );
      return `${count(diff!.counts[problem], 'key')} ${problemText[problem]}: ${named(shown, diff!.counts[problem])}`;
    });
  const checks: CheckResult[] = [
    presence.length > 0
      ? check(table, `${table}:rows`, 'failed', `${table}: ${presence.join('; ')}`, {
          ...keyColumn,
          details: {
            ...counts,
            ...diff?.counts,
            keys: diff?.keys.map((row) => ({ ...row, key: jsonRecord(row.key) })),
          },
        })
      : check(
          table,
          `${table}:rows`,
          'passed',
          `${table}: every key (${key.join(', ')}) once on both sides, ${count(counts.targetRows, 'row')}`,
          { ...keyColumn, details: { ...counts } },
        ),
  ];
  for (const column of diff?.columns ?? []) {
    const shown = column.samples.map(
      (s) =>
        `${displayKey(key, s.key)} (source ${displayValue(s.source)}, target ${displayValue(s.target)}` +
        `${s.target === null && s.source !== null ? ': null where a value was expected' : ''})`,
    );
    checks.push(
      check(
        table,
        `${table}.${column.column}`,
        'failed',
        `${table}.${column.column}: ${count(column.rows, 'row differs', 'rows differ')} (${rules[column.column]}): ${named(shown, column.rows)}`,
        {
          column: column.column,
          details: {
            rows: column.rows,
            nullsInTarget: column.nullsInTarget,
            rule: rules[column.column],
            samples: column.samples.map((s) => ({
              key: jsonRecord(s.key),
              source: jsonValue(s.source),
              target: jsonValue(s.target),
            })),
          },
        },
      ),
    );
  }
  if ((diff?.unattributed ?? 0) > 0)
    checks.push(
      check(
        table,
        `${table}:values`,
        'failed',
        `${table}: ${count(diff!.unattributed, 'repeated key')} whose rows differ: ${named(
          diff!.keys
            .filter((row) => row.problem === 'differs')
            .map((row) => displayKey(key, row.key)),
          diff!.unattributed,
        )}`,
      ),
    );
  else if (!diff?.columns.length)
    checks.push(
      check(
        table,
        `${table}:values`,
        'passed',
        `${table}: every matched row equal within tolerances in ${count(Object.keys(rules).length, 'column')}`,
        { details: { rules } },
      ),
    );
  return checks;
};

/** Sample rows, each with its multiplicity; the rows they stand for, for `and N more`. */
const sampleText = (samples: SampleRow[], total: number) =>
  named(
    samples.map((s) => `${JSON.stringify(jsonRecord(s.row))}${s.times > 1 ? ` x${s.times}` : ''}`),
    total,
    samples.reduce((sum, s) => sum + s.times, 0),
  );

/** A table without a key: one check on the multiset of its rows. */
export const multisetChecks = (
  table: string,
  counts: TableCounts,
  diff: MultisetDiff | undefined,
): CheckResult[] => {
  if (!diff || diff.missing + diff.extra === 0)
    return [
      check(
        table,
        `${table}:rows`,
        'passed',
        `${table}: ${count(counts.targetRows, 'row')} equal as a multiset within tolerances (no key)`,
        { details: { ...counts, pairedWithinTolerance: diff?.pairedWithinTolerance ?? 0 } },
      ),
    ];
  const parts = [
    diff.missing > 0 &&
      `${count(diff.missing, 'row')} missing from target: ${sampleText(diff.missingSamples, diff.missing)}`,
    diff.extra > 0 &&
      `${count(diff.extra, 'extra row', 'extra rows')} in target: ${sampleText(diff.extraSamples, diff.extra)}`,
  ].filter(Boolean);
  return [
    check(
      table,
      `${table}:rows`,
      'failed',
      `${table} (no key, compared as a multiset): ${parts.join('; ')}`,
      {
        details: {
          ...counts,
          missing: diff.missing,
          extra: diff.extra,
          pairedWithinTolerance: diff.pairedWithinTolerance,
          missingSamples: diff.missingSamples.map((s) => ({
            row: jsonRecord(s.row),
            times: s.times,
          })),
          extraSamples: diff.extraSamples.map((s) => ({ row: jsonRecord(s.row), times: s.times })),
        },
      },
    ),
  ];
};
