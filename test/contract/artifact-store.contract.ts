import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactStore } from '../../libs/infra/src/artifacts/artifact-store.port';

export interface ArtifactStoreHarness {
  store: ArtifactStore;
  /** Flips bytes of a stored artifact behind the store's back, as disk rot or an editor would. */
  corrupt(hash: string): Promise<void>;
  dispose(): Promise<void>;
}

const chinookSqlite = '/work/shared/datasets/chinook/Chinook_Sqlite.sqlite';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** One suite for every ArtifactStore adapter (local directory, S3). */
export const artifactStoreContract = (
  adapter: string,
  open: () => Promise<ArtifactStoreHarness>,
): void => {
  describe(`ArtifactStore contract: ${adapter}`, () => {
    let harness: ArtifactStoreHarness;
    let realBytes: Buffer;
    beforeAll(async () => {
      realBytes = await readFile(chinookSqlite);
    });
    beforeEach(async () => {
      harness = await open();
    });
    afterEach(() => harness.dispose());

    it('names bytes by their sha256 and gives the same bytes back', async () => {
      const stored = await harness.store.put(realBytes);
      expect(stored).toEqual({ hash: sha256(realBytes), size: realBytes.length });
      expect((await harness.store.get(stored.hash)).equals(realBytes)).toBe(true);
      expect(await harness.store.has(stored.hash)).toBe(true);
      expect(await harness.store.stat(stored.hash)).toEqual(stored);
    });

    it('stores a file and a stream under the same name as the bytes', async () => {
      const file = join(tmpdir(), `artifact-contract-${process.pid}-${Date.now()}`);
      await writeFile(file, realBytes);
      const fromFile = await harness.store.put({ file });
      const fromStream = await harness.store.put(
        Readable.from([realBytes.subarray(0, 1000), realBytes.subarray(1000)]),
      );
      expect(fromFile.hash).toBe(sha256(realBytes));
      expect(fromStream).toEqual(fromFile);
      const listed = [];
      for await (const artifact of harness.store.list()) listed.push(artifact);
      expect(listed).toEqual([fromFile]);
    });

    it('lists every stored artifact once with its size, the empty one included', async () => {
      const parts = [realBytes, realBytes.subarray(0, 4096), Buffer.alloc(0)];
      for (const bytes of [...parts, realBytes]) await harness.store.put(bytes);
      const listed = [];
      for await (const artifact of harness.store.list()) listed.push(artifact);
      const expected = parts.map((bytes) => ({ hash: sha256(bytes), size: bytes.length }));
      const byHash = (a: { hash: string }, b: { hash: string }) => a.hash.localeCompare(b.hash);
      expect(listed.sort(byHash)).toEqual(expected.sort(byHash));
      expect((await harness.store.get(sha256(Buffer.alloc(0)))).length).toBe(0);
    });

    it('lets concurrent writers put the same bytes: all succeed, one intact artifact', async () => {
      const results = await Promise.all(
        Array.from({ length: 6 }, () => harness.store.put(realBytes)),
      );
      expect(new Set(results.map((stored) => stored.hash))).toEqual(new Set([sha256(realBytes)]));
      expect((await harness.store.get(sha256(realBytes))).equals(realBytes)).toBe(true);
    });

    it('refuses other bytes under an existing name and keeps the original', async () => {
      const original = await harness.store.put(realBytes);
      const other = realBytes.subarray(0, 4096);
      await expect(harness.store.put(other, { expectedHash: original.hash })).rejects.toMatchObject(
        { code: 'ARTIFACT.HASH_MISMATCH' },
      );
      expect((await harness.store.get(original.hash)).equals(realBytes)).toBe(true);
    });

    it('detects a corrupted artifact on every kind of read, and a put repairs it', async () => {
      const stored = await harness.store.put(realBytes);
      await harness.corrupt(stored.hash);
      await expect(harness.store.get(stored.hash)).rejects.toMatchObject({
        code: 'ARTIFACT.CORRUPTED',
      });
      await expect(harness.store.localFile(stored.hash)).rejects.toMatchObject({
        code: 'ARTIFACT.CORRUPTED',
      });
      await harness.store.put(realBytes);
      expect((await harness.store.get(stored.hash)).equals(realBytes)).toBe(true);
    });

    it('reports an unknown hash as not found, and a malformed one as invalid', async () => {
      const absent = sha256(Buffer.from('never stored'));
      expect(await harness.store.has(absent)).toBe(false);
      await expect(harness.store.get(absent)).rejects.toMatchObject({ code: 'ARTIFACT.NOT_FOUND' });
      await expect(harness.store.localFile(absent)).rejects.toMatchObject({
        code: 'ARTIFACT.NOT_FOUND',
      });
      await expect(harness.store.get('../../etc/passwd')).rejects.toMatchObject({
        code: 'VALIDATION.FAILED',
      });
    });

    it('hands out a local file holding the bytes', async () => {
      const stored = await harness.store.put(realBytes);
      const local = await harness.store.localFile(stored.hash);
      try {
        expect(sha256(await readFile(local.path))).toBe(stored.hash);
      } finally {
        await local.release();
      }
      // Releasing a file handed out never loses the artifact itself.
      expect((await harness.store.get(stored.hash)).equals(realBytes)).toBe(true);
    });
  });
};
