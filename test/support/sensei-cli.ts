import { join } from 'node:path';
import { chinookFixtureDir, chinookSqlitePath } from './chinook';
import { spawnTs } from './spawn-ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real `sensei` process on the repository's sources, stdout and stderr kept apart. */
export const sensei = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  senseiWith({}, dataDir, ...args);

/** `sensei` with these environment variables besides the test's own. */
export const senseiWith = (
  env: NodeJS.ProcessEnv,
  dataDir: string,
  ...args: string[]
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawnTs('apps/cli/src/main.ts', ['--data-dir', dataDir, ...args], env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

/**
 * `sensei migrate --id chinook` of the Chinook SQLite sample into a PGlite target under
 * `workDir/target`, aimed at the snake_case Chinook DDL: the real migration e2e specs start from.
 */
export const migrateChinook = (dataDir: string, workDir: string): Promise<CliRun> =>
  sensei(
    dataDir,
    'migrate',
    '--id',
    'chinook',
    '--source',
    chinookSqlitePath,
    '--target',
    join(workDir, 'target'),
    '--target-schema',
    join(chinookFixtureDir, 'chinook-target-schema.sql'),
  );
