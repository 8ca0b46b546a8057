import {
  runExpectations,
  runQueryReplay,
  runRowDiff,
  runStatistics,
  runVerification,
  type CheckResult,
  type Tolerances,
  type VerificationMethodRunner,
  type VerificationOutcome,
} from '@sensei/kora';
import { openChinookVerification, type ChinookVerification } from '../support/kora-chinook';

/**
 * The mutation suite on the real Chinook migration: after transformation, one change to
 * the output under verification, then all four KORA methods. Each mutation must give FAILED
 * naming the table, the column and the key; changes inside the tolerances must PASS.
 */
const methods: VerificationMethodRunner[] = [
  { method: 'query-replay', run: runQueryReplay },
  { method: 'row-diff', run: runRowDiff },
  { method: 'expectation', run: runExpectations },
  { method: 'statistics', run: runStatistics },
];

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification();
}, 120_000);
afterAll(() => chinook.close());
afterEach(() => chinook.restoreAll());

/** One table's output changed by `statements` (`{t}`: a fresh copy), then all four methods. */
const verifyAfter = async (
  table: string,
  statements: string[],
  tolerances?: Partial<Tolerances>,
): Promise<VerificationOutcome> => {
  await chinook.mutate(table, ...statements);
  const base = chinook.input();
  return runVerification(
    chinook.input({ tolerances: { ...base.tolerances, ...tolerances } }),
    methods,
  );
};

const failed = (outcome: VerificationOutcome): CheckResult[] =>
  outcome.checks.filter((check) => check.outcome === 'failed');

/** Some failed check names the table, the column (when given) and the key. */
const expectNamed = (
  outcome: VerificationOutcome,
  table: string,
  column: string | undefined,
  key: string,
) => {
  expect(outcome.status).toBe('FAILED');
  const naming = failed(outcome).filter(
    (check) =>
      check.table === table &&
      (column === undefined || check.column === column || check.message.includes(column)) &&
      check.message.includes(key),
  );
  if (naming.length === 0) {
    throw new Error(
      `no failed check names ${table}.${column ?? '*'} key ${key}; failed:\n` +
        failed(outcome)
          .map((c) => `  ${c.id}: ${c.message}`)
          .join('\n'),
    );
  }
};

describe('KORA on the untouched Chinook output', () => {
  it('is PASSED with checks from all four methods', async () => {
    const outcome = await runVerification(chinook.input(), methods);
    expect(failed(outcome).map((c) => c.message)).toEqual([]);
    expect(outcome.status).toBe('PASSED');
    expect(new Set(outcome.checks.map((c) => c.method))).toEqual(
      new Set(['query-replay', 'row-diff', 'expectation', 'statistics']),
    );
  }, 60_000);
});

describe('KORA mutation suite: each change is FAILED naming table, column and key', () => {
  it('a deleted row', async () => {
    const outcome = await verifyAfter('invoice_line', [
      `DELETE FROM {t} WHERE invoice_line_id = 17`,
    ]);
    expectNamed(outcome, 'invoice_line', undefined, '17');
  }, 60_000);

  it('a duplicated row', async () => {
    const outcome = await verifyAfter('track', [
      `INSERT INTO {t} SELECT * FROM {t} WHERE track_id = 5`,
    ]);
    expectNamed(outcome, 'track', undefined, '5');
  }, 60_000);

  it('a numeric changed by 0.01', async () => {
    const outcome = await verifyAfter('invoice', [
      `UPDATE {t} SET total = total + 0.01 WHERE invoice_id = 100`,
    ]);
    expectNamed(outcome, 'invoice', 'total', '100');
  }, 60_000);

  it('a timestamp shifted by 2 s', async () => {
    const outcome = await verifyAfter('invoice', [
      `UPDATE {t} SET invoice_date = invoice_date + INTERVAL 2 SECOND WHERE invoice_id = 7`,
    ]);
    expectNamed(outcome, 'invoice', 'invoice_date', '7');
  }, 60_000);

  it('a truncated string', async () => {
    const outcome = await verifyAfter('track', [
      `UPDATE {t} SET name = left(name, 5) WHERE track_id = 10`,
    ]);
    expectNamed(outcome, 'track', 'name', '10');
  }, 60_000);

  it("two columns' values swapped", async () => {
    const outcome = await verifyAfter('customer', [
      `UPDATE {t} SET first_name = last_name, last_name = first_name WHERE customer_id = 3`,
    ]);
    expectNamed(outcome, 'customer', 'first_name', '3');
    expectNamed(outcome, 'customer', 'last_name', '3');
  }, 60_000);

  it('a not-null value set to null', async () => {
    const outcome = await verifyAfter('track', [
      `UPDATE {t} SET milliseconds = NULL WHERE track_id = 20`,
    ]);
    expectNamed(outcome, 'track', 'milliseconds', '20');
  }, 60_000);

  it('a broken foreign key', async () => {
    const outcome = await verifyAfter('invoice_line', [
      `UPDATE {t} SET track_id = 999999 WHERE invoice_line_id = 30`,
    ]);
    expectNamed(outcome, 'invoice_line', 'track_id', '30');
    const integrity = failed(outcome).filter((c) => c.method === 'expectation');
    expect(integrity.map((c) => c.message).join('\n')).toMatch(
      /track_id[\s\S]*999999|999999[\s\S]*track_id/,
    );
  }, 60_000);
});

describe('KORA tolerances: changes inside them PASS', () => {
  it('a numeric changed by 1e-6', async () => {
    const outcome = await verifyAfter('invoice', [
      `ALTER TABLE {t} ALTER total TYPE DOUBLE`,
      `UPDATE {t} SET total = total + 0.000001 WHERE invoice_id = 100`,
    ]);
    expect(failed(outcome).map((c) => c.message)).toEqual([]);
    expect(outcome.status).toBe('PASSED');
  }, 60_000);

  it('a timestamp shifted by 0.5 s', async () => {
    const outcome = await verifyAfter('invoice', [
      `UPDATE {t} SET invoice_date = invoice_date + INTERVAL 500 MILLISECOND WHERE invoice_id = 7`,
    ]);
    expect(failed(outcome).map((c) => c.message)).toEqual([]);
    expect(outcome.status).toBe('PASSED');
  }, 60_000);

  it("a trailing space passes in 'normalized' mode and fails in 'exact'", async () => {
    const mutation = [`UPDATE {t} SET city = city || ' ' WHERE customer_id = 4`];
    const normalized = await verifyAfter('customer', mutation, { stringMode: 'normalized' });
    expect(failed(normalized).map((c) => c.message)).toEqual([]);
    await chinook.restoreTarget('customer');
    const exact = await verifyAfter('customer', mutation, { stringMode: 'exact' });
    expectNamed(exact, 'customer', 'city', '4');
  }, 60_000);
});
