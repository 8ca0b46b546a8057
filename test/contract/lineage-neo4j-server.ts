import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '../..');
const script = (name: string) => join(repo, 'scripts', 'neo4j', name);
const cacheDir = process.env.NEO4J_CACHE_DIR ?? join(repo, '.sensei', 'neo4j');

export const freePort = (): Promise<number> =>
  new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });

const run = (file: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> =>
  new Promise((done, fail) => {
    execFile(
      file,
      { env: { ...process.env, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        if (error) fail(new Error(`${file} failed: ${error.message}\n${stdout}\n${stderr}`));
        else done(stdout);
      },
    );
  });

/**
 * A second Neo4j of the test's own, started and stopped with the repository's scripts, that a test
 * may kill -9 without disturbing the server other tests use.
 */
export class OwnNeo4j {
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<OwnNeo4j> {
    const server = new OwnNeo4j(await freePort(), dataDir);
    await server.start();
    return server;
  }

  get url(): string {
    return `bolt://127.0.0.1:${this.port}`;
  }

  /** Starts it on the same port and data directory (recovering after a kill). */
  async start(): Promise<void> {
    await run(script('start.sh'), this.env(), 180_000);
  }

  /** SIGKILL: no shutdown, no checkpoint; the next start recovers from the transaction log. */
  kill(): void {
    const pid = Number(readFileSync(join(cacheDir, `run-${this.port}`, 'pid'), 'utf8'));
    process.kill(pid, 'SIGKILL');
  }

  async stop(): Promise<void> {
    await run(script('stop.sh'), this.env(), 60_000);
    rmSync(join(cacheDir, `run-${this.port}`), { recursive: true, force: true });
  }

  private env(): NodeJS.ProcessEnv {
    return { NEO4J_BOLT_PORT: String(this.port), NEO4J_DATA_DIR: this.dataDir };
  }
}
