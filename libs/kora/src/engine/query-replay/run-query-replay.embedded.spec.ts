import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import type { MethodResult, Tolerances, VerificationInput } from '../verification-input';
import { runQueryReplay } from './run-query-replay';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification();
}, 60_000);
afterAll(() => chinook.close());
afterEach(() => chinook.restoreAll());

/** A writable copy of `table` changed by `statements` (`{t}`: the copy). */
const mutate = (table: string, ...statements: string[]) => chinook.mutate(table, ...statements);

const replay = (
  tolerances: Partial<Tolerances> = {},
  overrides: Partial<VerificationInput> = {},
) => {
  const input = chinook.input(overrides);
  return runQueryReplay({ ...input, tolerances: { ...input.tolerances, ...tolerances } });
};

const notPassed = (result: MethodResult) =>
  result.checks.filter((check) => check.outcome !== 'passed').map((check) => check.message);

const byCountry = {
  name: 'revenue by country',
  sql: 'SELECT "BillingCountry", sum("Total") FROM "Invoice" GROUP BY 1',
};

describe('untouched output', () => {
  it('passes several hundred generated queries run as a few fused statements', async () => {
    const result = await replay();
    expect(notPassed(result)).toEqual([]);
    expect(result.queryCount).toBe(result.checks.length);
    expect(result.queryCount).toBeGreaterThan(400);
    expect(result.statementCount).toBeLessThan(result.queryCount / 10);
    const ids = result.checks.map((check) => check.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'replay:invoice:row-count',
        'replay:invoice.total:sum',
        'replay:invoice.total:avg',
        'replay:invoice.invoice_date:max',
        'replay:customer.company:count-distinct',
        'replay:invoice.billing_country:group-by',
        'replay:invoice_line:fk:invoice_line_invoice_id_fkey:orphans',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.evidence.queries).toMatchObject({ droppedByCap: 0, run: result.queryCount });
  });
});

describe('nulls', () => {
  it('a value set to NULL fails the null count and shows a NULL group beside the values', async () => {
    await mutate('invoice', `UPDATE {t} SET billing_country = NULL WHERE invoice_id = 1`);
    const result = await replay();
    expect(notPassed(result)).toEqual([
      'invoice.billing_country: count differs: source 412, target 411',
      'invoice.billing_country: null count differs: source 0, target 1',
      expect.stringMatching(/^invoice\.billing_country: group-by counts: results differ: /),
    ]);
    const groups = result.checks.find((c) => c.id === 'replay:invoice.billing_country:group-by')
      ?.details?.groups as { source: unknown[][]; target: unknown[][] };
    expect(groups.source.find(([value]) => value === null)).toBeUndefined();
    expect(groups.target.find(([value]) => value === null)).toEqual([null, 1]);
    const germany = (rows: unknown[][]) => rows.find(([value]) => value === 'Germany')?.[1];
    expect([germany(groups.source), germany(groups.target)]).toEqual([28, 27]);
  });
});

describe('numeric tolerance', () => {
  it('a total changed by 0.01 fails the sum and the value counts, naming table, column and values', async () => {
    // Invoice 1's 1.98 becomes 1.99: totals have 23 distinct values, so they are also grouped.
    await mutate('invoice', 'UPDATE {t} SET total = total + 0.01 WHERE invoice_id = 1');
    expect(notPassed(await replay())).toEqual([
      'invoice.total: sum differs: source 2328.60, target 2328.61 (tolerance 0.0001)',
      'invoice.total: group-by counts: results differ: row 2 of 23 differs; first difference: source [1.98,111], target [1.98,110]',
    ]);
  });

  it('a total changed by 1e-6 passes at the default epsilon, value counts included, and fails at 1e-7', async () => {
    await mutate(
      'invoice',
      'ALTER TABLE {t} ALTER total TYPE DECIMAL(14,8)',
      'UPDATE {t} SET total = total + 0.000001 WHERE invoice_id = 1',
    );
    expect(notPassed(await replay())).toEqual([]);
    expect(notPassed(await replay({ numericEpsilon: 1e-7 }))).toEqual([
      'invoice.total: count distinct differs: source 23, target 24',
      'invoice.total: sum differs: source 2328.60, target 2328.60000100 (tolerance 1e-7)',
      'invoice.total: group-by counts: results differ: row count differs: source 23, target 24; first difference: source [1.98,111], target [1.98,110]',
    ]);
  });
});

describe('timestamp tolerance', () => {
  // Shifting every invoice of the last day keeps the distinct count and moves the maximum.
  const shiftLastDay = (micros: number) =>
    mutate(
      'invoice',
      `UPDATE {t} SET invoice_date = invoice_date + INTERVAL ${micros} MICROSECOND ` +
        `WHERE invoice_date = (SELECT max(invoice_date) FROM {t})`,
    );

  it('the latest invoice 2 s later fails max', async () => {
    await shiftLastDay(2_000_000);
    expect(notPassed(await replay())).toEqual([
      'invoice.invoice_date: max differs: source 2025-12-22 00:00:00, target 2025-12-22 00:00:02 (tolerance 1000 ms)',
    ]);
  });

  it('the latest invoice 0.5 s later passes', async () => {
    await shiftLastDay(500_000);
    expect(notPassed(await replay())).toEqual([]);
  });

  // A day with several invoices: one of them moved makes a new distinct value unless the
  // distinct count honours the tolerance.
  const shiftOneOfABusyDay = (micros: number) =>
    mutate(
      'invoice',
      `UPDATE {t} SET invoice_date = invoice_date + INTERVAL ${micros} MICROSECOND WHERE invoice_id = ` +
        `(SELECT min(invoice_id) FROM {t} WHERE invoice_date IN (SELECT invoice_date FROM {t} GROUP BY 1 HAVING count(*) > 1))`,
    );

  it('one invoice of a busy day 0.4 s later still counts as that day', async () => {
    await shiftOneOfABusyDay(400_000);
    expect(notPassed(await replay())).toEqual([]);
  });

  it('one invoice of a busy day 3 s later is a new distinct value', async () => {
    await shiftOneOfABusyDay(3_000_000);
    expect(notPassed(await replay())).toEqual([
      'invoice.invoice_date: count distinct differs: source 354, target 355',
    ]);
  });
});

describe('string mode', () => {
  // One of the 91 USA invoices gains a trailing space: a 25th distinct country, a new group.
  beforeEach(() =>
    mutate(
      'invoice',
      `UPDATE {t} SET billing_country = 'USA ' WHERE invoice_id = (SELECT min(invoice_id) FROM {t} WHERE billing_country = 'USA')`,
    ),
  );

  it('exact mode fails count distinct and the group-by', async () => {
    const failed = notPassed(await replay({ stringMode: 'exact' }));
    expect(failed).toHaveLength(2);
    expect(failed[0]).toBe('invoice.billing_country: count distinct differs: source 24, target 25');
    expect(failed[1]).toMatch(
      /^invoice\.billing_country: group-by counts: results differ: row count differs: source 24, target 25/,
    );
  });

  it('normalized mode (trim, case fold, NFC) passes', async () => {
    expect(notPassed(await replay({ stringMode: 'normalized' }))).toEqual([]);
  });
});

describe('rows and keys', () => {
  it('a deleted row fails the row count', async () => {
    await mutate('invoice_line', 'DELETE FROM {t} WHERE invoice_line_id = 1');
    const failed = notPassed(await replay());
    expect(failed).toContain('invoice_line: row count differs: source 2240, target 2239');
  });

  it('a child pointing at no parent fails the foreign-key orphan count', async () => {
    await mutate('invoice_line', 'UPDATE {t} SET invoice_id = 99999 WHERE invoice_line_id = 1');
    expect(notPassed(await replay())).toContain(
      'invoice_line.invoice_id -> invoice.invoice_id: orphan rows differ: source 0, target 1',
    );
  });
});

describe('a mapping that cannot be evaluated', () => {
  it("makes its table's checks inconclusive with DuckDB's reason, and the rest still runs", async () => {
    const tables = chinook.pairs.map((pair) =>
      pair.targetTable !== 'album'
        ? pair
        : {
            ...pair,
            columns: pair.columns.map((column) =>
              column.target === 'title'
                ? { ...column, expression: 'CAST("Title" AS INTEGER)', duckdbType: 'INTEGER' }
                : column,
            ),
          },
    );
    const result = await replay({}, { tables });
    const album = result.checks.filter(
      (check) => check.table === 'album' && !check.id.includes(':fk:'),
    );
    expect(album.length).toBeGreaterThan(10);
    expect(album.every((check) => check.outcome === 'inconclusive')).toBe(true);
    expect(album[0]!.message).toMatch(/^album: row count could not run: Conversion Error/);
    const others = result.checks.filter((check) => check.table !== 'album');
    expect(others.every((check) => check.outcome === 'passed')).toBe(true);
  });
});

describe('user queries on source names', () => {
  it('pass on the untouched output and record the effective SQL of both sides', async () => {
    const result = await replay({}, { userQueries: [byCountry] });
    const check = result.checks.find((c) => c.id === 'replay:user:revenue by country')!;
    expect(check.outcome).toBe('passed');
    expect(check.details).toMatchObject({
      effective: {
        source: { searchPath: 'kora_replay_source', sql: byCountry.sql },
        target: { searchPath: 'kora_replay_target', sql: byCountry.sql },
      },
      rowCounts: { source: 24, target: 24 },
    });
  });

  it('fail once the target changes', async () => {
    await mutate('invoice', 'UPDATE {t} SET total = total + 1 WHERE invoice_id = 1');
    const result = await replay({}, { userQueries: [byCountry] });
    const check = result.checks.find((c) => c.id === 'replay:user:revenue by country')!;
    expect(check.outcome).toBe('failed');
    expect(check.message).toMatch(/^user query "revenue by country": results differ: row 12 of 24/);
    expect(check.message).toContain('source ["Germany","156.48"], target ["Germany","157.48"]');
  });

  it('a broken or writing query is inconclusive with the reason, and nothing is written', async () => {
    const result = await replay(
      {},
      {
        userQueries: [
          { name: 'typo', sql: 'SELECT "Nope" FROM "Invoice"' },
          { name: 'writes', sql: 'CREATE TABLE stolen AS SELECT * FROM "Invoice"' },
        ],
      },
    );
    const messages = notPassed(result);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^user query "typo" could not run: on the source: .*"Nope"/);
    expect(messages[1]).toBe(
      'user query "writes" could not run: on the source: a replay query must be a SELECT',
    );
    const tables = await chinook.connection.runAndReadAll(
      "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'stolen'",
    );
    expect(Number(tables.getRows()[0]![0])).toBe(0);
  });
});

describe('the query cap', () => {
  it('keeps row counts, then user queries, then aggregates, and records what it dropped', async () => {
    const all = await replay({}, { userQueries: [byCountry] });
    const capped = await replay({}, { userQueries: [byCountry], maxQueries: 20 });
    expect(capped.queryCount).toBe(20);
    expect(capped.checks.slice(0, 11).every((c) => c.id.endsWith(':row-count'))).toBe(true);
    expect(capped.checks[11]!.id).toBe('replay:user:revenue by country');
    expect(capped.checks[12]!.id).toBe('replay:album.album_id:count');
    const groupBys = all.checks.filter((check) => check.id.endsWith(':group-by')).length;
    expect(groupBys).toBeGreaterThan(10);
    // No room is left for group-bys, so they are not even planned: the total is a floor.
    expect(capped.evidence.queries).toMatchObject({
      total: all.queryCount - groupBys,
      groupBysPlanned: false,
      run: 20,
      droppedByCap: all.queryCount - groupBys - 20,
      maxQueries: 20,
    });
  });
});
