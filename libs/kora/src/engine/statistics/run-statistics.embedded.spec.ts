import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import type { MethodResult, TablePair, VerificationInput } from '../verification-input';
import { runStatistics } from './run-statistics';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification(['Customer', 'Track']);
}, 60_000);
afterAll(() => chinook.close());
afterEach(() => chinook.restoreAll());

/** A writable copy of `table` changed by `statements` (`{t}`: the copy). */
const mutate = (table: string, ...statements: string[]) => chinook.mutate(table, ...statements);

const statistics = (overrides: Partial<VerificationInput> = {}) =>
  runStatistics(chinook.input(overrides));

const notPassed = (result: MethodResult) =>
  result.checks.filter((check) => check.outcome !== 'passed').map((check) => check.message);

const ksOf = (result: MethodResult, id: string) =>
  result.checks.find((check) => check.id === id)?.details?.statistic;

describe('untouched output', () => {
  it('passes with KS 0 on every numeric column, two statements per table', async () => {
    const result = await statistics();
    expect(notPassed(result)).toEqual([]);
    const ks = result.checks.filter((check) => check.id.endsWith(':ks'));
    expect(ks.map((check) => check.column)).toEqual([
      'customer_id',
      'support_rep_id',
      'track_id',
      'album_id',
      'media_type_id',
      'genre_id',
      'milliseconds',
      'bytes',
      'unit_price',
    ]);
    expect(ks.every((check) => check.details?.statistic === 0)).toBe(true);
    expect(ks.every((check) => check.details?.sameValueCounts === true)).toBe(true);
    expect(result.statementCount).toBe(4);
    expect(result.evidence.tables).toMatchObject({
      track: {
        rows: { source: 3503, target: 3503 },
        columns: { composer: { 'null-ratio': { source: 977 / 3503, target: 977 / 3503 } } },
      },
    });
  });
});

describe('distributions', () => {
  it('every track a minute longer is flagged by the KS statistic', async () => {
    await mutate('track', 'UPDATE {t} SET milliseconds = milliseconds + 60000');
    const failed = notPassed(await statistics());
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^track\.milliseconds: KS statistic 0\.3\d+ exceeds 0\.01 \(source 3503 values, target 3503 values\)$/,
    );
  });

  it('every track 10 ms longer moves KS above 0 but within the default threshold', async () => {
    await mutate('track', 'UPDATE {t} SET milliseconds = milliseconds + 10');
    const result = await statistics();
    expect(notPassed(result)).toEqual([]);
    expect(ksOf(result, 'statistics:track.milliseconds:ks')).toBeGreaterThan(0);
    expect(notPassed(await statistics({ maxKsStatistic: 0 }))).toHaveLength(1);
  });

  it('compares the CDFs only of a column whose value counts differ, in one more statement', async () => {
    await mutate('track', 'UPDATE {t} SET milliseconds = milliseconds + 10');
    const result = await statistics();
    const sameCounts = Object.fromEntries(
      result.checks
        .filter((check) => check.id.startsWith('statistics:track.') && check.id.endsWith(':ks'))
        .map((check) => [check.column, check.details?.sameValueCounts]),
    );
    expect(sameCounts).toEqual({
      track_id: true,
      album_id: true,
      media_type_id: true,
      genre_id: true,
      milliseconds: false,
      bytes: true,
      unit_price: true,
    });
    expect(result.statementCount).toBe(5);
  });

  it('values moved between rows keep every value count: KS is 0 (the row diff sees the move)', async () => {
    await mutate(
      'track',
      'UPDATE {t} SET milliseconds = CASE track_id WHEN 1 THEN (SELECT milliseconds FROM {t} WHERE track_id = 2) ELSE (SELECT milliseconds FROM {t} WHERE track_id = 1) END WHERE track_id IN (1, 2)',
    );
    const result = await statistics();
    expect(notPassed(result)).toEqual([]);
    const check = result.checks.find((c) => c.id === 'statistics:track.milliseconds:ks');
    expect(check?.details).toMatchObject({ statistic: 0, sameValueCounts: true });
  });
});

describe('null ratios and row counts', () => {
  it('composers lost on 40 tracks fail the null ratio unless the threshold allows 2 %', async () => {
    await mutate(
      'track',
      'UPDATE {t} SET composer = NULL WHERE track_id <= 40 AND composer IS NOT NULL',
    );
    expect(notPassed(await statistics())).toEqual([
      'track.composer: null ratio differs by 0.0114188: source 0.278904, target 0.290323 (max delta 0)',
    ]);
    expect(notPassed(await statistics({ maxNullRatioDelta: 0.02 }))).toEqual([]);
  });

  it('a deleted customer fails the row count', async () => {
    await mutate('customer', 'DELETE FROM {t} WHERE customer_id = 59');
    expect(notPassed(await statistics())).toContain(
      'customer: row count differs: source 59, target 58',
    );
  });
});

describe('the KS statistic itself', () => {
  const relation = async (name: string, values: string) => {
    await chinook.connection.run('CREATE SCHEMA IF NOT EXISTS ks_spec');
    await chinook.connection.run(
      `CREATE OR REPLACE VIEW ks_spec.${name} AS SELECT * FROM (VALUES ${values}) AS t(v)`,
    );
    return `ks_spec.${name}`;
  };
  const pairOf = async (source: string, target: string): Promise<TablePair> => ({
    sourceTable: 'S',
    targetTable: 'numbers',
    sourceRelation: await relation('s', source),
    expectedRelation: 'ks_spec.s',
    targetRelation: await relation('t', target),
    key: [],
    columns: [
      {
        target: 'v',
        source: 'v',
        expression: 'CAST("v" AS INTEGER)',
        duckdbType: 'INTEGER',
        kind: 'numeric',
      },
    ],
  });

  it('groups ties before comparing the CDFs and ignores nulls', async () => {
    // Source CDF 2/3 then 1, target 1/3 then 1: the gap is 1/3, at value 1.
    const pair = await pairOf('(1), (1), (2), (NULL)', '(1), (2), (2), (NULL)');
    const result = await runStatistics(chinook.input({ tables: [pair] }));
    expect(ksOf(result, 'statistics:numbers.v:ks')).toBeCloseTo(1 / 3, 12);
  });

  it('is 1 when one side has no values', async () => {
    const pair = await pairOf('(1), (2)', '(NULL), (NULL)');
    const result = await runStatistics(chinook.input({ tables: [pair] }));
    expect(ksOf(result, 'statistics:numbers.v:ks')).toBe(1);
    expect(notPassed(result)).toContain(
      'numbers.v: null ratio differs by 1: source 0, target 1 (max delta 0)',
    );
  });
});
