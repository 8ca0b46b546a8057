import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactStoreContract } from '../../../../test/contract/artifact-store.contract';
import { ChildOutput, spawnTs } from '../../../../test/support/spawn-ts';
import { LocalDirectoryArtifactStore } from './local-directory-artifact-store';

const chinookSqlite = '/work/shared/datasets/chinook/Chinook_Sqlite.sqlite';

artifactStoreContract('local-directory', async () => {
  const root = await mkdtemp(join(tmpdir(), 'sensei-artifacts-'));
  return {
    store: new LocalDirectoryArtifactStore(root),
    corrupt: async (hash) => {
      const path = join(root, 'sha256', hash.slice(0, 2), hash);
      const bytes = await readFile(path);
      bytes[100] = (bytes[100] ?? 0) ^ 0xff;
      await writeFile(path, bytes);
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
});

describe('LocalDirectoryArtifactStore under kill -9', () => {
  it('never leaves a partial file under a final name', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sensei-artifacts-kill-'));
    try {
      const child = new ChildOutput(
        spawnTs('test/support/artifact-put-child.ts', [root, chinookSqlite]),
      );
      await child.waitFor(/writing\n(.|\n)*writing\n(.|\n)*writing/, 30_000);
      child.child.kill('SIGKILL');
      expect(await child.exited()).toBe('SIGKILL');

      const store = new LocalDirectoryArtifactStore(root);
      const listed = [];
      for await (const artifact of store.list()) listed.push(artifact);
      expect(listed).toEqual([]);
      expect((await readdir(join(root, 'tmp'))).length).toBe(1);

      const stored = await store.put(await readFile(chinookSqlite));
      expect((await store.get(stored.hash)).length).toBe(stored.size);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 60_000);
});
