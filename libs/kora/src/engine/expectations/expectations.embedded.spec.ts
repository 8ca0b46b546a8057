import type { ExpectationConfig } from '@sensei/domain';
import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import { deriveExpectations } from './derive-expectations';
import { runExpectations } from './run-expectations';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification();
}, 60_000);
afterAll(() => chinook.close());
afterEach(() => chinook.restoreAll());

/** A writable copy of `table` changed by `statements` (`{t}`: the copy). */
const mutate = (table: string, ...statements: string[]) => chinook.mutate(table, ...statements);

const notPassed = async (expectations: Record<string, ExpectationConfig[]> = {}) =>
  (await runExpectations(chinook.input({ expectations }))).checks
    .filter((check) => check.outcome !== 'passed')
    .map(({ table, column, outcome, message }) => ({ table, column, outcome, message }));

it('derives a suite from the target constraints and the source row count', async () => {
  const suites = await deriveExpectations(chinook.input());
  expect(suites.invoice_line?.map((e) => [e.expectation_type, e.kwargs])).toEqual([
    ['expect_table_row_count_to_equal', { value: 2240 }],
    ...['invoice_line_id', 'invoice_id', 'track_id', 'unit_price', 'quantity'].map((column) => [
      'expect_column_values_to_not_be_null',
      { column },
    ]),
    ['expect_column_values_to_be_unique', { column: 'invoice_line_id' }],
    ...[
      ['invoice_id', 'invoice'],
      ['track_id', 'track'],
    ].map(([column, related]) => [
      'expect_column_values_to_be_in_related_table',
      { column, related_table: related, related_column: `${related}_id` },
    ]),
  ]);
  expect(suites.playlist_track).toContainEqual(
    expect.objectContaining({
      expectation_type: 'expect_compound_columns_to_be_unique',
      kwargs: { column_list: ['playlist_id', 'track_id'] },
    }),
  );
  expect(suites.track).toContainEqual(
    expect.objectContaining({
      expectation_type: 'expect_column_value_lengths_to_be_between',
      kwargs: { column: 'name', min_value: null, max_value: 200 },
    }),
  );
});

it('passes the untouched output, with GE validation results as evidence', async () => {
  const result = await runExpectations(chinook.input());
  expect(result.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
  const suites = result.evidence.suites as { expectation_suite_name: string; results: unknown[] }[];
  const invoiceLine = suites.find((s) => s.expectation_suite_name === 'sensei.invoice_line');
  expect(invoiceLine?.results).toContainEqual({
    success: true,
    expectation_config: expect.objectContaining({
      expectation_type: 'expect_column_values_to_be_in_related_table',
      kwargs: { column: 'track_id', related_table: 'track', related_column: 'track_id' },
    }),
    result: expect.objectContaining({
      element_count: 2240,
      missing_count: 0,
      unexpected_count: 0,
      unexpected_percent: 0,
      partial_unexpected_list: [],
    }),
  });
});

describe('the mutation suite, as expectations see it', () => {
  it('a broken foreign key names the relationship, the key and the value', async () => {
    await mutate('invoice_line', 'UPDATE {t} SET invoice_id = 99999 WHERE invoice_line_id = 21');
    expect(await notPassed()).toEqual([
      {
        table: 'invoice_line',
        column: 'invoice_id',
        outcome: 'failed',
        message:
          'invoice_line.invoice_id: expect_column_values_to_be_in_related_table (in invoice(invoice_id)): ' +
          '1 of 2,240 rows unexpected: invoice_line_id=21 (invoice_id=99999)',
      },
    ]);
  });

  it('a null in a NOT NULL column', async () => {
    await mutate('invoice', 'UPDATE {t} SET total = NULL WHERE invoice_id = 9');
    expect(await notPassed()).toEqual([
      {
        table: 'invoice',
        column: 'total',
        outcome: 'failed',
        message:
          'invoice.total: expect_column_values_to_not_be_null (not null): 1 of 412 rows unexpected: invoice_id=9 (total=NULL)',
      },
    ]);
  });

  it('a duplicated row breaks the key and the row count', async () => {
    await mutate('playlist_track', 'INSERT INTO {t} VALUES (1, 2)');
    expect(await notPassed()).toEqual([
      expect.objectContaining({
        table: 'playlist_track',
        message:
          'playlist_track: expect_table_row_count_to_equal (8,715 rows): observed 8,716 rows',
      }),
      expect.objectContaining({
        table: 'playlist_track',
        column: undefined,
        message:
          'playlist_track.playlist_id, track_id: expect_compound_columns_to_be_unique (unique): ' +
          '2 of 8,716 rows unexpected: playlist_id=1, track_id=2; playlist_id=1, track_id=2',
      }),
    ]);
  });

  it('a deleted row breaks the row count, and a too long text its length bound', async () => {
    await mutate(
      'track',
      'DELETE FROM {t} WHERE track_id = 1',
      "UPDATE {t} SET name = repeat('x', 201) WHERE track_id = 10",
    );
    // Checks come table by table: invoice lines and playlist entries still point at track 1.
    expect((await notPassed()).map((check) => check.message)).toEqual([
      'invoice_line.track_id: expect_column_values_to_be_in_related_table (in track(track_id)): ' +
        '1 of 2,240 rows unexpected: invoice_line_id=579 (track_id=1)',
      'playlist_track.track_id: expect_column_values_to_be_in_related_table (in track(track_id)): ' +
        '3 of 8,715 rows unexpected: playlist_id=1, track_id=1; playlist_id=8, track_id=1; playlist_id=17, track_id=1',
      'track: expect_table_row_count_to_equal (3,503 rows): observed 3,502 rows',
      'track.name: expect_column_value_lengths_to_be_between (length between -∞..200): 1 of 3,502 rows unexpected: ' +
        `track_id=10 (name="${'x'.repeat(201)}")`,
    ]);
  });
});

describe('expectations from the migration config', () => {
  const on = (expectation_type: string, kwargs: Record<string, unknown>) => ({
    expectation_type,
    kwargs,
  });

  it('pass when the data meets them', async () => {
    expect(
      await notPassed({
        invoice: [
          on('expect_column_values_to_be_between', {
            column: 'total',
            min_value: 0,
            max_value: 30,
          }),
          on('expect_column_values_to_be_between', {
            column: 'invoice_date',
            min_value: '2021-01-01',
            max_value: '2026-01-01',
          }),
          on('expect_column_pair_values_to_be_equal', {
            column_A: 'billing_city',
            column_B: 'billing_city',
          }),
        ],
        media_type: [
          on('expect_column_values_to_be_in_set', {
            column: 'name',
            value_set: [
              'MPEG audio file',
              'Protected AAC audio file',
              'Protected MPEG-4 video file',
              'Purchased AAC audio file',
              'AAC audio file',
            ],
          }),
        ],
        customer: [
          on('expect_column_values_to_match_regex', {
            column: 'email',
            regex: '^[^@ ]+@[^@ ]+\\.[a-z]+$',
          }),
        ],
      }),
    ).toEqual([]);
  });

  it('fail naming table, column and the first keys with their values', async () => {
    const failed = await notPassed({
      invoice: [
        on('expect_column_values_to_be_between', { column: 'total', max_value: 20 }),
        on('expect_column_pair_values_to_be_equal', {
          column_A: 'billing_country',
          column_B: 'billing_state',
        }),
      ],
      media_type: [
        on('expect_column_values_to_be_in_set', { column: 'name', value_set: ['MPEG audio file'] }),
      ],
      customer: [
        on('expect_column_values_to_match_regex', {
          column: 'email',
          regex: '\\.com$',
          mostly: 0.5,
        }),
      ],
    });
    expect(failed.map((check) => check.message)).toEqual([
      expect.stringMatching(
        /^customer\.email: expect_column_values_to_match_regex \(matching \/\\\.com\$\/\): \d+ of 59 rows unexpected: customer_id=1 /,
      ),
      'invoice.total: expect_column_values_to_be_between (between -∞..20): 4 of 412 rows unexpected: ' +
        'invoice_id=96 (total=21.86); invoice_id=194 (total=21.86); invoice_id=299 (total=23.86); invoice_id=404 (total=25.86)',
      expect.stringMatching(
        /^invoice\.billing_country, billing_state: expect_column_pair_values_to_be_equal \(equal to billing_state\): 412 of 412 rows unexpected: invoice_id=1 \(billing_country="Germany", billing_state=NULL\);/,
      ),
      expect.stringMatching(
        /^media_type\.name: expect_column_values_to_be_in_set \(in \["MPEG audio file"\]\): 4 of 5 rows unexpected: media_type_id=2 \(name="Protected AAC audio file"\);/,
      ),
    ]);
  });

  it('leave a check undecided for a table not verified, and fail one on a column that does not exist', async () => {
    expect(
      await notPassed({
        ledger: [on('expect_column_values_to_not_be_null', { column: 'id' })],
        genre: [on('expect_column_values_to_not_be_null', { column: 'colour' })],
      }),
    ).toEqual([
      {
        table: 'genre',
        column: undefined,
        outcome: 'failed',
        message:
          'genre: expect_column_values_to_not_be_null: column colour does not exist in the target output',
      },
      {
        table: 'ledger',
        column: undefined,
        outcome: 'inconclusive',
        message:
          'ledger: expect_column_values_to_not_be_null: table ledger is not among the verified tables',
      },
    ]);
  });

  it('pass within mostly, and leave only the one DuckDB cannot evaluate undecided', async () => {
    const result = await runExpectations(
      chinook.input({
        expectations: {
          invoice: [
            on('expect_column_values_to_be_between', {
              column: 'total',
              max_value: 20,
              mostly: 0.99,
            }),
            on('expect_column_values_to_be_between', { column: 'total', min_value: 'lots' }),
          ],
        },
      }),
    );
    const invoice = result.checks.filter((c) => c.table === 'invoice' && c.column === 'total');
    expect(invoice.map((c) => [c.outcome, c.message.split(':').slice(0, 3).join(':')])).toEqual([
      ['passed', 'invoice.total: expect_column_values_to_not_be_null (not null): met by 412 rows'],
      [
        'passed',
        'invoice.total: expect_column_values_to_be_between (between -∞..20): 4 of 412 rows unexpected (within mostly)',
      ],
      [
        'inconclusive',
        'invoice.total: expect_column_values_to_be_between (between lots..∞) could not be evaluated: Conversion Error',
      ],
    ]);
  });

  it('reject a bad config before evaluating anything', async () => {
    await expect(
      runExpectations(
        chinook.input({ expectations: { invoice: [on('expect_the_unexpected', {})] } }),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
      message: expect.stringContaining('expect_the_unexpected'),
    });
  });
});
