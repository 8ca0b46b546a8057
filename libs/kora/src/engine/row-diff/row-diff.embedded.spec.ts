import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import type { CheckResult, Tolerances } from '../verification-input';
import { runRowDiff } from './run-row-diff';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification();
}, 60_000);
afterAll(() => chinook.close());
// Each test mutates a fresh copy of the real output; the next one starts from the untouched view.
afterEach(() => chinook.restoreAll());

/** A writable copy of `table` changed by `statements` (`{t}`: the copy). */
const mutate = (table: string, ...statements: string[]) => chinook.mutate(table, ...statements);

const failures = async (tolerances?: Partial<Tolerances>, diffKeyLimit = 20) => {
  const input = chinook.input({ diffKeyLimit });
  const result = await runRowDiff({ ...input, tolerances: { ...input.tolerances, ...tolerances } });
  return result.checks.filter((check) => check.outcome !== 'passed');
};

const summary = (checks: CheckResult[]) =>
  checks.map(({ table, column, message }) => ({ table, column, message }));

it('passes the untouched output, at one hashing pass per side', async () => {
  const result = await runRowDiff(chinook.input());
  expect(result.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
  expect(result.checks).toHaveLength(2 * chinook.pairs.length);
  // Per table: both sides' column types, then one checksum pass per side and nothing else.
  expect(result.statementCount).toBe(4 * chinook.pairs.length);
  const invoiceLine = (result.evidence.tables as { table: string; rows: unknown }[]).find(
    (table) => table.table === 'invoice_line',
  );
  expect(invoiceLine?.rows).toEqual({ sourceRows: 2240, targetRows: 2240 });
});

describe('the mutation suite: each change FAILS naming table, column and key', () => {
  it.each([
    {
      change: 'delete a row',
      table: 'invoice_line',
      sql: 'DELETE FROM {t} WHERE invoice_line_id = 17',
      expected: [
        {
          column: 'invoice_line_id',
          text: ['invoice_line:', 'invoice_line_id=17', 'missing from target'],
        },
      ],
    },
    {
      change: 'duplicate a row',
      table: 'invoice_line',
      sql: 'INSERT INTO {t} SELECT * FROM {t} WHERE invoice_line_id = 18',
      expected: [
        { column: 'invoice_line_id', text: ['invoice_line_id=18 (2 in target, 1 in source)'] },
      ],
    },
    {
      change: 'change a numeric by 0.01',
      table: 'invoice_line',
      sql: 'UPDATE {t} SET unit_price = unit_price + 0.01 WHERE invoice_line_id = 19',
      expected: [
        {
          column: 'unit_price',
          text: ['invoice_line.unit_price', 'invoice_line_id=19 (source 0.99, target 1.00)'],
        },
      ],
    },
    {
      change: 'shift a timestamp by 2 s',
      table: 'invoice',
      sql: "UPDATE {t} SET invoice_date = invoice_date + INTERVAL '2 seconds' WHERE invoice_id = 5",
      expected: [
        {
          column: 'invoice_date',
          text: [
            'invoice.invoice_date',
            'invoice_id=5 (source 2021-01-11 00:00:00, target 2021-01-11 00:00:02)',
          ],
        },
      ],
    },
    {
      change: 'truncate a string',
      table: 'track',
      sql: 'UPDATE {t} SET name = left(name, 4) WHERE track_id = 10',
      expected: [
        {
          column: 'name',
          text: ['track.name', 'track_id=10 (source "Evil Walks", target "Evil")'],
        },
      ],
    },
    {
      change: "swap two columns' values",
      table: 'invoice',
      sql: 'UPDATE {t} SET billing_city = billing_country, billing_country = billing_city WHERE invoice_id = 7',
      expected: [
        {
          column: 'billing_city',
          text: ['invoice.billing_city', 'invoice_id=7 (source "Berlin", target "Germany")'],
        },
        {
          column: 'billing_country',
          text: ['invoice.billing_country', 'invoice_id=7 (source "Germany", target "Berlin")'],
        },
      ],
    },
    {
      change: 'set a not-null value to null',
      table: 'invoice',
      sql: 'UPDATE {t} SET total = NULL WHERE invoice_id = 9',
      expected: [
        {
          column: 'total',
          text: [
            'invoice.total',
            'invoice_id=9 (source 3.96, target NULL: null where a value was expected)',
          ],
        },
      ],
    },
    {
      change: 'break a foreign key',
      table: 'invoice_line',
      sql: 'UPDATE {t} SET invoice_id = 99999 WHERE invoice_line_id = 21',
      expected: [
        {
          column: 'invoice_id',
          text: ['invoice_line.invoice_id', 'invoice_line_id=21 (source 4, target 99999)'],
        },
      ],
    },
  ])('$change', async ({ table, sql, expected }) => {
    await mutate(table, sql);
    const failed = await failures();
    expect(failed.map((check) => [check.table, check.column])).toEqual(
      expected.map((e) => [table, e.column]),
    );
    for (const [i, { text }] of expected.entries())
      for (const part of text) expect(failed[i]?.message).toContain(part);
  });

  it('names composite keys column by column', async () => {
    await mutate('playlist_track', 'DELETE FROM {t} WHERE playlist_id = 1 AND track_id = 2');
    expect(summary(await failures())).toEqual([
      {
        table: 'playlist_track',
        column: undefined,
        message: 'playlist_track: 1 key missing from target: playlist_id=1, track_id=2',
      },
    ]);
  });

  it('names the first diffKeyLimit keys and counts them all', async () => {
    await mutate('invoice_line', 'DELETE FROM {t} WHERE invoice_line_id BETWEEN 101 AND 105');
    const [failed] = await failures({}, 2);
    expect(failed?.message).toBe(
      'invoice_line: 5 keys missing from target: invoice_line_id=101; invoice_line_id=102; and 3 more',
    );
    expect(failed?.details).toMatchObject({ missing: 5, sourceRows: 2240, targetRows: 2235 });
  });

  it('fails a column the output lacks', async () => {
    await mutate('genre', 'ALTER TABLE {t} DROP COLUMN name');
    expect(summary(await failures())).toEqual([
      {
        table: 'genre',
        column: 'name',
        message: 'genre.name: column missing from the target output',
      },
    ]);
  });
});
