import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const registerTs = resolve(__dirname, 'register-ts.js');

/** Starts `node` on a TypeScript file of this repository (see register-ts.js). */
export const spawnTs = (
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): ChildProcess =>
  spawn(process.execPath, ['--require', registerTs, script, ...args], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Collects a child's output and lets a test wait for a line that matches. */
export class ChildOutput {
  private text = '';
  private waiters: Array<{
    pattern: RegExp;
    resolve: (match: RegExpMatchArray) => void;
    reject: (error: Error) => void;
  }> = [];

  constructor(readonly child: ChildProcess) {
    // 'close', not 'exit': output can still be arriving when the process has exited.
    child.once('close', (code, signal) => {
      for (const waiter of this.waiters) {
        waiter.reject(
          new Error(
            `child exited (${signal ?? code}) before printing ${String(waiter.pattern)}:\n${this.text}`,
          ),
        );
      }
      this.waiters = [];
    });
    const append = (chunk: Buffer) => {
      this.text += chunk.toString();
      this.waiters = this.waiters.filter((waiter) => {
        const match = this.text.match(waiter.pattern);
        if (match) waiter.resolve(match);
        return !match;
      });
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  }

  get all(): string {
    return this.text;
  }

  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const match = this.text.match(pattern);
    if (match) return Promise.resolve(match);
    return new Promise((resolveMatch, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no output matching ${String(pattern)} within ${timeoutMs} ms:\n${this.text}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pattern,
        resolve: (found) => {
          clearTimeout(timer);
          resolveMatch(found);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  /** Resolves with the exit code, or the signal that ended the process. */
  exited(): Promise<number | NodeJS.Signals> {
    const { child } = this;
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    if (child.signalCode !== null) return Promise.resolve(child.signalCode);
    return new Promise((resolveExit) =>
      child.once('exit', (code, signal) => resolveExit(signal ?? code ?? -1)),
    );
  }
}
