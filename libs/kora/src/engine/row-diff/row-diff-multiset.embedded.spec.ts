import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import type { ColumnPair, TablePair } from '../verification-input';
import { runRowDiff } from './run-row-diff';

let chinook: ChinookVerification;

beforeAll(async () => {
  chinook = await openChinookVerification(['PlaylistTrack']);
  await chinook.connection.run('CREATE SCHEMA IF NOT EXISTS scratch');
}, 60_000);
afterAll(() => chinook.close());

const column = (target: string, duckdbType: string): ColumnPair => ({
  target,
  expression: target,
  duckdbType,
  kind: 'other',
});

/** A keyless pair over two relations built by hand. */
const keyless = (
  table: string,
  expected: string,
  target: string,
  columns: ColumnPair[],
): TablePair => ({
  sourceTable: table,
  targetTable: table,
  sourceRelation: expected,
  expectedRelation: expected,
  targetRelation: target,
  key: [],
  columns,
});

const rowChecks = async (pair: TablePair) => {
  const result = await runRowDiff(chinook.input({ tables: [pair], diffKeyLimit: 3 }));
  return result.checks;
};

const run = (sql: string) => chinook.connection.run(sql);

describe('rows compared as multisets', () => {
  const playlistTrack = () => {
    const pair = chinook.pairs.find((p) => p.targetTable === 'playlist_track')!;
    return keyless('playlist_track_nokey', pair.expectedRelation, 'scratch.pt', pair.columns);
  };

  it('passes a keyless copy of the real output in another row order', async () => {
    await run(
      'CREATE OR REPLACE TABLE scratch.pt AS SELECT * FROM kora_target.playlist_track ORDER BY track_id DESC',
    );
    const checks = await rowChecks(playlistTrack());
    expect(checks.map((c) => [c.outcome, c.message])).toEqual([
      ['passed', 'playlist_track_nokey: 8,715 rows equal as a multiset within tolerances (no key)'],
    ]);
  });

  it('counts a deleted and a duplicated row, with sample rows', async () => {
    await run('CREATE OR REPLACE TABLE scratch.pt AS SELECT * FROM kora_target.playlist_track');
    await run('DELETE FROM scratch.pt WHERE playlist_id = 1 AND track_id = 2');
    await run('INSERT INTO scratch.pt VALUES (1, 3), (1, 3)');
    const [check] = await rowChecks(playlistTrack());
    expect(check).toMatchObject({ outcome: 'failed', details: { missing: 1, extra: 2 } });
    expect(check?.message).toBe(
      'playlist_track_nokey (no key, compared as a multiset): 1 row missing from target: ' +
        '{"playlist_id":1,"track_id":2}; 2 extra rows in target: {"playlist_id":1,"track_id":3} x2',
    );
  });

  it('tells {a, a} from {b, b}, which an XOR of row hashes would not', async () => {
    await run(
      "CREATE OR REPLACE TABLE scratch.e AS SELECT * FROM (VALUES ('a'), ('a'), ('c')) v(s)",
    );
    await run(
      "CREATE OR REPLACE TABLE scratch.t AS SELECT * FROM (VALUES ('b'), ('b'), ('c')) v(s)",
    );
    const [check] = await rowChecks(
      keyless('letters', 'scratch.e', 'scratch.t', [column('s', 'VARCHAR')]),
    );
    expect(check?.message).toBe(
      'letters (no key, compared as a multiset): 2 rows missing from target: {"s":"a"} x2; ' +
        '2 extra rows in target: {"s":"b"} x2',
    );
  });

  it('compares the rows of a key repeated on both sides as a multiset too', async () => {
    await run(
      "CREATE OR REPLACE TABLE scratch.e AS SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (2, 'c')) v(k, s)",
    );
    await run(
      "CREATE OR REPLACE TABLE scratch.t AS SELECT * FROM (VALUES (1, 'b'), (1, 'a'), (2, 'c')) v(k, s)",
    );
    const keyed = (): TablePair => ({
      ...keyless('pairs', 'scratch.e', 'scratch.t', [
        column('k', 'INTEGER'),
        column('s', 'VARCHAR'),
      ]),
      key: ['k'],
    });
    expect((await rowChecks(keyed())).map((c) => c.outcome)).toEqual(['passed', 'passed']);
    await run("UPDATE scratch.t SET s = 'a' WHERE s = 'b'");
    expect(
      (await rowChecks(keyed())).filter((c) => c.outcome === 'failed').map((c) => c.message),
    ).toEqual(['pairs: 1 repeated key whose rows differ: k=1']);
  });

  it('pairs rows whose values straddle a bucket boundary within the tolerances', async () => {
    await run(
      "CREATE OR REPLACE TABLE scratch.e AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 10:00:00', 0.99::DOUBLE), (2, TIMESTAMP '2024-01-01 11:00:00', 1.5::DOUBLE)) v(n, ts, x)",
    );
    await run(
      "CREATE OR REPLACE TABLE scratch.t AS SELECT * FROM (VALUES (1, TIMESTAMP '2024-01-01 09:59:59.6', 0.99::DOUBLE), (2, TIMESTAMP '2024-01-01 11:00:02', 1.5::DOUBLE)) v(n, ts, x)",
    );
    const columns = [column('n', 'INTEGER'), column('ts', 'TIMESTAMP'), column('x', 'DOUBLE')];
    const [check] = await rowChecks(keyless('events', 'scratch.e', 'scratch.t', columns));
    // Row 1 left its 1 s bucket (10:00:00 -> 09:59:59.6) and still pairs up; row 2 is 2 s off.
    expect(check?.details).toMatchObject({ missing: 1, extra: 1, pairedWithinTolerance: 1 });
    expect(check?.message).toBe(
      'events (no key, compared as a multiset): 1 row missing from target: ' +
        '{"n":2,"ts":"2024-01-01 11:00:00","x":1.5}; 1 extra row in target: {"n":2,"ts":"2024-01-01 11:00:02","x":1.5}',
    );
  });
});
