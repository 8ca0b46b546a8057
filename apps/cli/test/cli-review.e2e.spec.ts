import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGliteSqlClient } from '@sensei/infra';
import { chinookFixtureDir, chinookSqlitePath } from '../../../test/support/chinook';
import { sensei } from '../../../test/support/sensei-cli';

/**
 * The fail-safe seen from the CLI: with the review threshold raised to 1, no mapping may skip a
 * human. The run stops for review (exit 2); a reviewer approves one mapping and edits the other;
 * `resume` finishes, and the edit is what reached the target.
 */
describe('sensei review: low-confidence mappings wait for a human', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-review-'));
  const dataDir = join(workDir, 'home');
  const target = join(workDir, 'target');
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('stops for review, takes approve and edit, and resumes to completion', async () => {
    const ddl = readFileSync(join(chinookFixtureDir, 'chinook-target-schema.sql'), 'utf8');
    const genreOnly = ddl.slice(ddl.indexOf('CREATE TABLE genre'));
    writeFileSync(join(workDir, 'genre.sql'), genreOnly.slice(0, genreOnly.indexOf(');') + 2));
    writeFileSync(join(workDir, 'config.yaml'), 'tables: [Genre]\nreviewThreshold: 1\n');

    const first = await sensei(
      dataDir,
      'migrate',
      '--id',
      'genres',
      '--source',
      chinookSqlitePath,
      '--target',
      target,
      '--target-schema',
      join(workDir, 'genre.sql'),
      '--config',
      join(workDir, 'config.yaml'),
    );
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('2 mappings wait for review');

    const listed = await sensei(dataDir, 'review', 'list', 'genres');
    const ids = [...listed.stdout.matchAll(/^(map:\S+)$/gm)].map((match) => match[1] ?? '');
    expect(ids.sort()).toEqual(['map:Genre.GenreId:genre.genre_id', 'map:Genre.Name:genre.name']);

    expect((await sensei(dataDir, 'review', 'approve', 'genres', ids[0] ?? '')).code).toBe(0);
    const edit = await sensei(
      dataDir,
      'review',
      'edit',
      'genres',
      ids[1] ?? '',
      '--expression',
      'upper("Name")',
      '--rationale',
      'house style: upper case',
    );
    expect(edit.stdout).toMatch(/MappingSuperseded, MappingProposed, MappingApproved/);

    const resumed = await sensei(dataDir, 'resume', 'genres');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('migration genres: completed');
    const db = await PGliteSqlClient.open(target);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM genre WHERE genre_id = 1');
    await db.close();
    expect(rows).toEqual([{ name: 'ROCK' }]);
  }, 240_000);
});
