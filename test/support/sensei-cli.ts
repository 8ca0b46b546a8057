import { spawnTs } from './spawn-ts';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real `sensei` process on the repository's sources, stdout and stderr kept apart. */
export const sensei = (dataDir: string, ...args: string[]): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawnTs('apps/cli/src/main.ts', ['--data-dir', dataDir, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
