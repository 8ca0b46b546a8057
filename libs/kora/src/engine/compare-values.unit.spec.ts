import { DuckDBDateValue, DuckDBDecimalValue, DuckDBTimestampValue } from '@duckdb/node-api';
import { displayValue, jsonValue, valuesMatch } from './compare-values';
import { defaultTolerances, type Tolerances } from './verification-input';

const within = (a: unknown, b: unknown, tolerances: Partial<Tolerances> = {}) =>
  valuesMatch(a, b, { ...defaultTolerances, ...tolerances });

describe('numbers', () => {
  it('HUGEINT sums one apart differ although a double cannot tell them apart', () => {
    const sum = 2n ** 70n;
    expect(Number(sum) === Number(sum + 1n)).toBe(true);
    expect(within(sum, sum + 1n)).toBe(false);
    expect(within(sum, sum)).toBe(true);
  });

  it('decimals of different scales compare by value', () => {
    const a = new DuckDBDecimalValue(232860n, 38, 2); // 2328.60
    expect(within(a, new DuckDBDecimalValue(232860000001n, 38, 8))).toBe(true); // +1e-8
    expect(within(a, new DuckDBDecimalValue(232861n, 38, 2))).toBe(false); // +0.01
    expect(within(a, 2328.6000001)).toBe(true);
    expect(within(a, 2328.61)).toBe(false);
  });

  it('the epsilon is inclusive and NaN equals only NaN', () => {
    expect(within(1, 1.5, { numericEpsilon: 0.5 })).toBe(true);
    expect(within(Number.NaN, Number.NaN)).toBe(true);
    expect(within(Number.NaN, 1)).toBe(false);
  });
});

describe('timestamps and dates', () => {
  const noon = 1_700_000_000_000_000n;
  it('compare within the tolerance in milliseconds', () => {
    const at = (micros: bigint) => new DuckDBTimestampValue(micros);
    expect(within(at(noon), at(noon + 1_000_000n))).toBe(true);
    expect(within(at(noon), at(noon + 1_000_001n))).toBe(false);
    expect(within(at(noon), at(noon + 2_000_000n), { timestampToleranceMs: 2500 })).toBe(true);
  });

  it('a date equals the timestamp of its midnight', () => {
    expect(
      within(new DuckDBDateValue(19_000), new DuckDBTimestampValue(19_000n * 86_400_000_000n)),
    ).toBe(true);
  });
});

describe('strings and nulls', () => {
  it('normalized mode trims, folds case and composes Unicode; exact mode does not', () => {
    const decomposed = 'Cafe\u0301 ';
    expect(within('café', decomposed, { stringMode: 'normalized' })).toBe(true);
    expect(within('CAFÉ', 'café', { stringMode: 'normalized' })).toBe(true);
    expect(within('café', decomposed)).toBe(false);
  });

  it('null equals only null', () => {
    expect(within(null, null)).toBe(true);
    expect(within(null, 0)).toBe(false);
    expect(within('', null, { stringMode: 'normalized' })).toBe(false);
  });
});

describe('how values are shown', () => {
  it('quotes strings so a trailing space shows, and keeps big integers exact in JSON', () => {
    expect(displayValue('USA ')).toBe('"USA "');
    expect(displayValue(new DuckDBDecimalValue(232860n, 38, 2))).toBe('2328.60');
    expect(jsonValue(2n ** 70n)).toBe('1180591620717411303424');
    expect(jsonValue(412n)).toBe(412);
  });
});
