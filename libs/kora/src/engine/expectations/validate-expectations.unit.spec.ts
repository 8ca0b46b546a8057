import { isSenseiError } from '@sensei/domain';
import { validateExpectations } from './validate-expectations';

const problemsOf = (expectations: unknown): string[] => {
  try {
    validateExpectations(expectations);
    return [];
  } catch (error) {
    if (!isSenseiError(error) || error.code !== 'VALIDATION.FAILED') throw error;
    return (error.details.problems as { table: string; index: number; problem: string }[]).map(
      ({ table, index, problem }) => `${table}[${index}]: ${problem}`,
    );
  }
};

it('accepts every supported expectation with good kwargs, and no config at all', () => {
  expect(problemsOf(undefined)).toEqual([]);
  expect(
    problemsOf({
      invoice: [
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: { column: 'total' } },
        { expectation_type: 'expect_column_values_to_be_unique', kwargs: { column: 'invoice_id' } },
        {
          expectation_type: 'expect_compound_columns_to_be_unique',
          kwargs: { column_list: ['customer_id', 'invoice_date'] },
        },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: {
            column: 'total',
            min_value: 0,
            max_value: null,
            strict_min: true,
            mostly: 0.99,
          },
        },
        {
          expectation_type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'billing_country', value_set: ['USA', 'Canada'] },
          meta: { owner: 'finance' },
        },
        {
          expectation_type: 'expect_column_values_to_match_regex',
          kwargs: {
            column: 'billing_postal_code',
            regex: '^[0-9A-Z -]+$',
            result_format: 'SUMMARY',
          },
        },
        { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: 412 } },
        {
          expectation_type: 'expect_column_pair_values_to_be_equal',
          kwargs: { column_A: 'billing_city', column_B: 'billing_city' },
        },
        {
          expectation_type: 'expect_column_value_lengths_to_be_between',
          kwargs: { column: 'billing_city', min_value: 1, max_value: 40 },
        },
        {
          expectation_type: 'expect_column_values_to_be_in_related_table',
          kwargs: {
            column: 'customer_id',
            related_table: 'customer',
            related_column: 'customer_id',
          },
        },
      ],
    }),
  ).toEqual([]);
});

it('names every bad expectation by table, position and type (VALIDATION.FAILED)', () => {
  expect(
    problemsOf({
      invoice: [
        { expectation_type: 'expect_column_values_to_be_purple', kwargs: { column: 'total' } },
        { expectation_type: 'expect_column_values_to_not_be_null', kwargs: {} },
        { expectation_type: 'expect_column_values_to_be_between', kwargs: { column: 'total' } },
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'total', min_value: 5, max_value: 1, mostly: 2 },
        },
        {
          expectation_type: 'expect_column_values_to_match_regex',
          kwargs: { column: 'c', regex: '(?=a)b' },
        },
        {
          expectation_type: 'expect_column_values_to_be_in_set',
          kwargs: { column: 'c', value_set: [{}] },
        },
        { expectation_type: 'expect_table_row_count_to_equal', kwargs: { value: -1, colum: 'x' } },
        {
          expectation_type: 'expect_column_values_to_be_in_related_table',
          kwargs: { column_list: ['a', 'b'], related_table: 't', related_column: 'a' },
        },
      ],
      track: [{ kwargs: { column: 'name' } }],
      genre: 'not a list',
    }),
  ).toEqual([
    expect.stringMatching(
      /^invoice\[0\]: unknown expectation_type "expect_column_values_to_be_purple" \(supported: /,
    ),
    'invoice[1]: expect_column_values_to_not_be_null: kwargs.column is required',
    'invoice[2]: expect_column_values_to_be_between: needs min_value or max_value',
    'invoice[3]: expect_column_values_to_be_between: kwargs.mostly must be a number from 0 to 1',
    'invoice[4]: expect_column_values_to_match_regex: kwargs.regex uses lookaround or a back-reference (RE2 has neither)',
    'invoice[5]: expect_column_values_to_be_in_set: kwargs.value_set must be a list of numbers, strings, booleans or nulls',
    'invoice[6]: expect_table_row_count_to_equal: kwargs.value must be a non-negative integer',
    'invoice[6]: expect_table_row_count_to_equal: unknown kwargs.colum',
    'invoice[7]: expect_column_values_to_be_in_related_table: needs as many related columns as columns',
    expect.stringMatching(/^track\[0\]: unknown expectation_type undefined/),
    'genre[-1]: must be a list of expectations',
  ]);
});

it('refuses a config that is not keyed by table', () => {
  expect(() => validateExpectations([{ expectation_type: 'x' }])).toThrow(
    expect.objectContaining({ code: 'VALIDATION.FAILED' }),
  );
});

it('checks min <= max once the kwargs themselves are well-formed', () => {
  expect(
    problemsOf({
      t: [
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'x', min_value: 5, max_value: 1 },
        },
      ],
    }),
  ).toEqual(['t[0]: expect_column_values_to_be_between: min_value is greater than max_value']);
});
