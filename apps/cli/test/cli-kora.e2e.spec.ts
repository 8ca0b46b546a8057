import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteSqlClient } from '@sensei/infra';
import { chinookFixtureDir, chinookSqlitePath } from '../../../test/support/chinook';
import { migrateChinook, sensei } from '../../../test/support/sensei-cli';

/**
 * KORA seen from the CLI on real Chinook data: a migration ends with a PASSED certificate that
 * `sensei verify` accepts offline; a failing expectation halts it before delivery, with the
 * evidence exported for a human, who may re-run verification or cancel.
 */
describe('sensei migrate + certificate + verify', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-kora-'));
  const dataDir = join(workDir, 'home');
  const schema = join(chinookFixtureDir, 'chinook-target-schema.sql');
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('Chinook ends with a PASSED certificate that verify accepts offline', async () => {
    const migrated = await migrateChinook(dataDir, workDir);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toMatch(/certificate {2}PASSED kora-/);
    // Every delivered table was read back from the target and matched the certified rows.
    expect(migrated.stdout).toMatch(
      /checksum {5}[0-9a-f]{64} \(read back from the target: equal\)/,
    );

    const bundle = join(workDir, 'bundle');
    expect((await sensei(dataDir, 'certificate', 'chinook', '--out', bundle)).code).toBe(0);
    const verified = await sensei(
      workDir,
      'verify',
      join(bundle, 'certificate.json'),
      '--evidence',
      join(bundle, 'evidence'),
      '--public-key',
      join(bundle, 'public-key.pem'),
    );
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^VERIFIED certificate kora-\S+ for migration chinook: PASSED/);
    // The exported certificate is the very document the event names, byte for byte.
    const document = JSON.parse(readFileSync(join(bundle, 'certificate.json'), 'utf8')) as {
      payload: { checks: unknown[]; methods: string[] };
    };
    expect(document.payload.methods).toEqual([
      'query-replay',
      'row-diff',
      'expectation',
      'statistics',
    ]);
    expect(document.payload.checks.length).toBeGreaterThan(500);
  }, 180_000);

  it('a FAILED certificate halts before delivery; resume re-verifies, cancel ends it', async () => {
    writeFileSync(
      join(workDir, 'genres.yaml'),
      [
        'tables: [Genre]',
        'verification:',
        '  expectations:',
        '    genre:',
        '      - expectation_type: expect_column_values_to_be_between',
        '        kwargs: { column: genre_id, min_value: 1, max_value: 20 }',
      ].join('\n'),
    );
    const target = join(workDir, 'genres-target');
    const halted = await sensei(
      dataDir,
      'migrate',
      '--id',
      'genres',
      '--source',
      chinookSqlitePath,
      '--target',
      target,
      '--target-schema',
      schema,
      '--config',
      join(workDir, 'genres.yaml'),
    );
    expect(halted.code).toBe(1);
    expect(halted.stdout).toMatch(/certificate {2}FAILED/);
    expect(halted.stdout).toMatch(/halted: Certificate kora-\S+ is FAILED: .*genre\.genre_id/);
    expect(halted.stdout).toContain('sensei resume genres');

    // Delivery never started: the target was not even given the table (schema is created on delivery).
    const sql = await PGliteSqlClient.open(target);
    const delivered = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'genre'",
    );
    await sql.close();
    expect(delivered.rows[0]?.n).toBe(0);

    const bundle = join(workDir, 'failed-bundle');
    expect((await sensei(dataDir, 'certificate', 'genres', '--out', bundle)).code).toBe(0);
    const verdict = await sensei(workDir, 'verify', join(bundle, 'certificate.json'));
    expect(verdict.code).toBe(3);

    const again = await sensei(dataDir, 'resume', 'genres', '--reason', 'checked the bounds');
    expect(again.code).toBe(1);
    const first = /certificate {2}FAILED (kora-\S+)/.exec(halted.stdout)?.[1];
    const second = /certificate {2}FAILED (kora-\S+)/.exec(again.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    const cancelled = await sensei(dataDir, 'cancel', 'genres', '--reason', 'bounds are right');
    expect(cancelled.code).toBe(0);
    expect((await sensei(dataDir, 'status', 'genres')).stdout).toContain('cancelled');
  }, 180_000);
});
