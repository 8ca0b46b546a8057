import { resolveConfig } from './migration-config';

const fieldOf = (config: unknown): unknown => {
  try {
    resolveConfig(config as never);
    return undefined;
  } catch (error) {
    return (error as { details?: { field?: unknown } }).details?.field;
  }
};

describe('verification settings in a migration config', () => {
  it('accepts tolerances, queries and Great Expectations-style expectations', () => {
    const config = {
      tolerances: { numericEpsilon: 0.01, timestampToleranceMs: 500, stringMode: 'normalized' },
      verification: {
        maxQueries: 200,
        queries: [{ name: 'revenue by country', sql: 'SELECT 1' }],
        expectations: {
          invoice: [
            {
              expectation_type: 'expect_column_values_to_not_be_null',
              kwargs: { column: 'total' },
            },
          ],
        },
      },
    };
    expect(resolveConfig(config as never).verification?.maxQueries).toBe(200);
  });

  it.each([
    [{ tolerances: { numericEpsilon: -1 } }, 'config.tolerances.numericEpsilon'],
    [{ tolerances: { stringMode: 'fuzzy' } }, 'config.tolerances.stringMode'],
    [{ verification: { maxQueries: 0 } }, 'config.verification.maxQueries'],
    [{ verification: { maxQueries: 2.5 } }, 'config.verification.maxQueries'],
    [{ verification: { queries: [{ name: 'q' }] } }, 'config.verification.queries[0].sql'],
    [{ verification: { queries: 'SELECT 1' } }, 'config.verification.queries'],
    [
      { verification: { expectations: { invoice: [{ kwargs: {} }] } } },
      'config.verification.expectations.invoice[0]',
    ],
    [{ verification: { maxKsStatistic: 2 } }, 'config.verification.maxKsStatistic'],
  ])('rejects %j naming %s', (config, field) => {
    expect(fieldOf(config)).toBe(field);
  });
});
