import {
  runExpectations,
  runQueryReplay,
  runRowDiff,
  runStatistics,
  type MethodResult,
} from '@sensei/kora';
import {
  openChinookVerification,
  type ChinookVerification,
} from '../../../../../test/support/kora-chinook';
import { openDuckDbSession } from '../../pipeline-io/duckdb-session';
import { silentProgress } from '../pipeline-context';
import { koraMethods } from './kora-methods';
import { defineVerificationRelation } from './verification-relations';

const relationKinds = async (chinook: ChinookVerification) => {
  const reader = await chinook.connection.runAndReadAll(
    `SELECT schema_name || '.' || table_name AS name, 'table' AS kind FROM duckdb_tables()
       WHERE schema_name LIKE 'kora_%'
     UNION ALL
     SELECT schema_name || '.' || view_name, 'view' FROM duckdb_views()
       WHERE schema_name LIKE 'kora_%' AND NOT internal`,
  );
  return Object.fromEntries(reader.getRows().map(([name, kind]) => [String(name), String(kind)]));
};

/** A method's checks and evidence without its timings, which differ from run to run. */
const outcome = ({ elapsedMs: _elapsed, ...result }: MethodResult) => result;

describe('KORA relations loaded into DuckDB tables', () => {
  let loaded: ChinookVerification;
  let viewed: ChinookVerification;

  beforeAll(async () => {
    loaded = await openChinookVerification();
    viewed = await openChinookVerification(undefined, { loadRows: 0 });
  });

  afterAll(async () => {
    await loaded?.close();
    await viewed?.close();
  });

  it('loads a small checkpoint once: every relation of every Chinook table is a table', async () => {
    const kinds = await relationKinds(loaded);
    expect(Object.keys(kinds)).toHaveLength(3 * loaded.pairs.length);
    expect(new Set(Object.values(kinds))).toEqual(new Set(['table']));
    expect(new Set(Object.values(await relationKinds(viewed)))).toEqual(new Set(['view']));
  });

  it.each([
    ['query replay', runQueryReplay],
    ['row diff', runRowDiff],
    ['expectations', runExpectations],
    ['statistics', runStatistics],
  ])('%s answers the same on loaded tables as through views', async (_name, run) => {
    const onTables = await run(loaded.input());
    expect(onTables.checks.length).toBeGreaterThan(0);
    expect(outcome(onTables)).toEqual(outcome(await run(viewed.input())));
  });

  it('still finds a changed value in a loaded table', async () => {
    await loaded.mutate('invoice', `UPDATE {t} SET total = total + 0.01 WHERE invoice_id = 7`);
    try {
      const diff = await runRowDiff(loaded.input());
      expect(diff.checks.find((c) => c.outcome === 'failed')?.table).toBe('invoice');
    } finally {
      await loaded.restoreAll();
    }
  });
});

describe('the budget of loaded rows', () => {
  it('loads tables while source plus output rows fit, the others stay views', async () => {
    // Target-name order: employee (8 + 8 rows), genre (25 + 25), media_type (5 + 5) fit in 100.
    const chinook = await openChinookVerification(undefined, { loadRows: 100 });
    try {
      const kinds = await relationKinds(chinook);
      const tables = Object.entries(kinds)
        .filter(([, kind]) => kind === 'table')
        .map(([name]) => name.split('.').pop())
        .sort();
      expect([...new Set(tables)]).toEqual([
        'Employee',
        'Genre',
        'MediaType',
        'employee',
        'genre',
        'media_type',
      ]);
      expect(kinds['kora_target.track']).toBe('view');
    } finally {
      await chinook.close();
    }
  });
});

describe('defineVerificationRelation', () => {
  it('makes a relation whose SQL fails to load a view, so each check reading it sees the error', async () => {
    const session = await openDuckDbSession();
    try {
      const { connection } = session;
      const failing = `SELECT CAST(v AS INTEGER) AS v FROM (VALUES ('1'), ('x')) t(v)`;
      expect(await defineVerificationRelation(connection, 'broken', failing, true)).toBe('view');
      await expect(connection.runAndReadAll('SELECT count(v) FROM broken')).rejects.toThrow(
        /Could not convert string 'x'/,
      );
      const fine = `SELECT CAST(v AS INTEGER) AS v FROM (VALUES ('1'), ('2')) t(v)`;
      expect(await defineVerificationRelation(connection, 'fine', fine, true)).toBe('table');
      const reader = await connection.runAndReadAll('SELECT sum(v) FROM fine');
      expect(Number(reader.getRows()[0]?.[0])).toBe(3);
    } finally {
      session.close();
    }
  });
});

describe('a verification that runs out of its memory bound', () => {
  it('leaves checks inconclusive, each naming SENSEI_VERIFY_MEMORY as the fix', async () => {
    const env = { SENSEI_VERIFY_MEMORY: '1MB' };
    const chinook = await openChinookVerification(['Genre'], { env });
    try {
      const [replay] = koraMethods(silentProgress, env);
      const result = await replay!.run(chinook.input());
      const inconclusive = result.checks.filter((check) => check.outcome === 'inconclusive');
      expect(inconclusive.length).toBeGreaterThan(0);
      for (const check of inconclusive) {
        expect(check.message).toMatch(
          /Out of Memory Error: .* \(verification's DuckDB memory is SENSEI_VERIFY_MEMORY=1MB: raise it, then `sensei resume`\)$/,
        );
      }
    } finally {
      await chinook.close();
    }
  });
});
