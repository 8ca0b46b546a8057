import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPGliteEventStore } from '@sensei/infra';
import { chinookSqlitePath } from '../../../test/support/chinook';
import { type CliRun, sensei, senseiWith } from '../../../test/support/sensei-cli';

/** Every event in a data directory; none where the CLI never even opened its event store. */
const eventsIn = async (dataDir: string) => {
  if (!existsSync(join(dataDir, 'data'))) return [];
  const store = await createPGliteEventStore(join(dataDir, 'data'));
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
};

/** Refused: one `sensei: …` line on stderr naming the cause, no stack, status 1. */
const expectRefusal = (run: CliRun, cause: RegExp) => {
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  expect({ code: run.code, lines }).toEqual({ code: 1, lines: [expect.stringMatching(cause)] });
  expect(lines[0]).toMatch(/^sensei: /);
};

describe('sensei CLI: bad input is refused in one line and records nothing', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-cli-errors-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(workDir, name), text);
    return join(workDir, name);
  };
  let caseNumber = 0;
  /** Each case gets its own data directory, so "no events" is about that command alone. */
  const refuse = async (args: string[], cause: RegExp, env: NodeJS.ProcessEnv = {}) => {
    const dataDir = join(workDir, `home-${++caseNumber}`);
    const target = join(workDir, `target-${caseNumber}`);
    expectRefusal(await senseiWith(env, dataDir, 'migrate', ...args, '--target', target), cause);
    expect(await eventsIn(dataDir)).toEqual([]);
  };

  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('refuses a source that is neither a URL nor a known file', async () => {
    await refuse(['--source', 'notaurl'], /notaurl is neither a database URL/);
  }, 120_000);

  it('refuses a pipeline setting it cannot use before recording anything', async () => {
    await refuse(['--source', chinookSqlitePath], /^sensei: SENSEI_VERIFY_MEMORY="lots" is not/, {
      SENSEI_VERIFY_MEMORY: 'lots',
    });
  }, 120_000);

  it('refuses a SQLite file that does not exist', async () => {
    await refuse(['--source', join(workDir, 'missing.sqlite')], /missing\.sqlite \(ENOENT\)/);
  }, 120_000);

  it('refuses an unreachable PostgreSQL source before recording the migration', async () => {
    await refuse(
      ['--source', 'postgres://postgres@127.0.0.1:1/x'],
      /cannot reach PostgreSQL at 127\.0\.0\.1:1 \(ECONNREFUSED\)/,
    );
  }, 120_000);

  it('refuses a --target-schema file that is not valid SQL', async () => {
    const ddl = file('broken.sql', 'CREATE TABLE half_written (\n');
    await refuse(
      ['--source', chinookSqlitePath, '--target-schema', ddl],
      /target schema file is not valid PostgreSQL DDL: syntax error/,
    );
  }, 120_000);

  it('refuses a --config with an unknown setting', async () => {
    const config = file('unknown.yaml', 'sampleSize: 100\nbatchSzie: 500\n');
    await refuse(
      ['--source', chinookSqlitePath, '--config', config],
      /batchSzie is not a setting \(known: /,
    );
  }, 120_000);

  it('refuses a --config that is not YAML', async () => {
    const config = file('broken.yaml', 'tables: [Artist\n  sampleSize: -\n');
    await refuse(['--source', chinookSqlitePath, '--config', config], /is not valid YAML/);
  }, 120_000);

  it('refuses `status` of a migration that does not exist', async () => {
    const dataDir = join(workDir, 'home-status');
    const run = await sensei(dataDir, 'status', 'no-such-migration');
    expectRefusal(run, /migration no-such-migration does not exist/);
    expect(run.stdout).toBe('');
  }, 120_000);

  it('records and halts a migration whose target schema cannot be filled, with the reason', async () => {
    const dataDir = join(workDir, 'home-unmappable');
    const migrationId = '5e1f0000-0000-4000-8000-00000000dead';
    const source = file('people.csv', 'id,name\n1,Ada\n2,Grace\n');
    const ddl = file(
      'people.sql',
      'CREATE TABLE people (id INT PRIMARY KEY, name TEXT, badge TEXT NOT NULL);\n',
    );
    const reason = /people\.badge is NOT NULL without a default and no source column maps to it/;
    const run = await sensei(
      dataDir,
      ...['migrate', '--id', migrationId, '--source', source],
      ...['--target', join(workDir, 'people-target'), '--target-schema', ddl],
    );
    const failures = run.stderr.split('\n').filter((line) => line.startsWith('sensei: '));
    expect({ code: run.code, failures }).toEqual({
      code: 1,
      failures: [expect.stringMatching(reason)],
    });
    expect(run.stderr).not.toMatch(/^\s+at /m);

    const status = await sensei(dataDir, 'status', migrationId);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain(`migration ${migrationId}: halted`);
    expect(status.stdout).toMatch(
      new RegExp(`halted: the source cannot fill the target schema: ${reason.source}`),
    );
  }, 240_000);
});
