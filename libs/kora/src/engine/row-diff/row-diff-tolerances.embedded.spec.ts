import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import type { Tolerances } from '../verification-input';
import { runRowDiff, type RowDiffOptions } from './run-row-diff';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification(['Customer', 'Invoice', 'InvoiceLine']);
}, 60_000);
afterAll(() => chinook.close());
afterEach(() => chinook.restoreAll());

/** A writable copy of `table` changed by `statements` (`{t}`: the copy). */
const mutate = (table: string, ...statements: string[]) => chinook.mutate(table, ...statements);

const rowDiff = async (tolerances: Partial<Tolerances> = {}, options?: RowDiffOptions) => {
  const input = chinook.input();
  return runRowDiff({ ...input, tolerances: { ...input.tolerances, ...tolerances } }, options);
};

const failedMessages = async (tolerances: Partial<Tolerances> = {}) =>
  (await rowDiff(tolerances)).checks
    .filter((check) => check.outcome !== 'passed')
    .map((check) => check.message);

describe('changes inside the tolerances pass', () => {
  it('a numeric moved by 1e-6 (default epsilon 0.0001)', async () => {
    await mutate(
      'invoice_line',
      'ALTER TABLE {t} ALTER unit_price TYPE DECIMAL(14,8)',
      'UPDATE {t} SET unit_price = unit_price + 0.000001 WHERE invoice_line_id = 19',
    );
    expect(await failedMessages()).toEqual([]);
    expect(await failedMessages({ numericEpsilon: 1e-7 })).toEqual([
      'invoice_line.unit_price: 1 row differs (numeric ±1e-7): invoice_line_id=19 (source 0.99, target 0.99000100)',
    ]);
  });

  it('a numeric across a bucket boundary but within epsilon, while one beyond fails', async () => {
    // 0.99 / 0.003 = 330.0 and 0.992 / 0.003 = 330.67: different buckets, 0.002 apart.
    await mutate(
      'invoice_line',
      'ALTER TABLE {t} ALTER unit_price TYPE DOUBLE',
      'UPDATE {t} SET unit_price = unit_price + 0.002 WHERE invoice_line_id = 19',
      'UPDATE {t} SET unit_price = unit_price + 0.004 WHERE invoice_line_id = 20',
    );
    const failed = await failedMessages({ numericEpsilon: 0.003 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(
      /^invoice_line\.unit_price: 1 row differs \(numeric ±0\.003\): invoice_line_id=20 \(source 0\.99, target 0\.99[34]/,
    );
  });

  it('a timestamp moved by 0.5 s either way (across a bucket boundary when earlier)', async () => {
    await mutate(
      'invoice',
      "UPDATE {t} SET invoice_date = invoice_date + INTERVAL '500 milliseconds' WHERE invoice_id = 5",
      "UPDATE {t} SET invoice_date = invoice_date - INTERVAL '500 milliseconds' WHERE invoice_id = 6",
    );
    const result = await rowDiff();
    expect(result.checks.filter((check) => check.outcome !== 'passed')).toEqual([]);
    // The earlier one left its 1 s bucket: the exact predicate, not the hash, let it pass.
    const invoice = (result.evidence.tables as Record<string, unknown>[]).find(
      (table) => table.table === 'invoice',
    );
    expect(invoice).toMatchObject({ segments: { comparedRowByRow: 1 } });
    expect(await failedMessages({ timestampToleranceMs: 100 })).toHaveLength(1);
  });

  it('a trailing space, case and Unicode form in normalized mode, not in exact mode', async () => {
    await mutate(
      'customer',
      "UPDATE {t} SET first_name = first_name || ' ' WHERE customer_id = 3",
      // Gonçalves decomposed (c + combining cedilla, U+0327) and in upper case.
      "UPDATE {t} SET last_name = upper('Gonc' || chr(807) || 'alves') WHERE customer_id = 1",
    );
    expect(await failedMessages({ stringMode: 'normalized' })).toEqual([]);
    expect(await failedMessages({ stringMode: 'exact' })).toEqual([
      'customer.first_name: 1 row differs (exact): customer_id=3 (source "François", target "François ")',
      'customer.last_name: 1 row differs (exact): customer_id=1 (source "Gonçalves", target "GONC\u0327ALVES")',
    ]);
  });
});

describe('bisection', () => {
  it('narrows a difference down level by level and finds the same key', async () => {
    await mutate('invoice_line', 'UPDATE {t} SET quantity = 2 WHERE invoice_line_id = 1234');
    const result = await rowDiff({}, { initialBits: 2, splitBits: 2, leafRows: 16 });
    const failed = result.checks.filter((check) => check.outcome === 'failed');
    expect(failed.map((check) => check.message)).toEqual([
      'invoice_line.quantity: 1 row differs (numeric ±0.0001): invoice_line_id=1234 (source 1, target 2)',
    ]);
    const evidence = (result.evidence.tables as Record<string, unknown>[]).find(
      (table) => table.table === 'invoice_line',
    );
    // 2,240 rows: 4 segments of ~560, then ~140, ~35, ~9 rows: three levels below the first.
    expect(evidence).toMatchObject({
      bisectionDepth: 3,
      segments: { comparedRowByRow: 1, mismatched: 4 },
    });
  });
});
