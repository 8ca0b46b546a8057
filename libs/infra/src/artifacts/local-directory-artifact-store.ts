import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SenseiError } from '@sensei/domain';
import {
  isArtifactHash,
  type ArtifactSource,
  type ArtifactStore,
  type LocalArtifactFile,
  type PutArtifactOptions,
  type StoredArtifact,
} from './artifact-store.port';
import {
  artifactKey,
  artifactNotFound,
  assertIntact,
  chunksOf,
  sha256OfFile,
} from './artifact-bytes';

export const defaultArtifactDirectory = './.sensei/artifacts';

/** fsync a directory so a rename or link in it survives a power cut, not just a process kill. */
const syncDirectory = async (path: string) => {
  const handle = await open(path, 'r');
  await handle.sync().finally(() => handle.close());
};

const isMissing = (error: unknown) => (error as { code?: unknown }).code === 'ENOENT';

/**
 * The embedded artifact store: `<root>/sha256/<first two hex>/<hash>`. Bytes go to
 * `<root>/tmp/` first, are fsynced, and only then get their final name by `link`, which fails
 * rather than replaces when the name exists: a kill -9 leaves at most a stray temp file, never a
 * half-written artifact. Stray temp files are harmless and may be deleted at any time when no
 * writer runs.
 */
export class LocalDirectoryArtifactStore implements ArtifactStore {
  readonly description: string;
  private readonly root: string;

  constructor(root: string = defaultArtifactDirectory) {
    this.root = resolve(root);
    this.description = `local-directory:${this.root}`;
  }

  async put(source: ArtifactSource, options: PutArtifactOptions = {}): Promise<StoredArtifact> {
    const temp = join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    await mkdir(dirname(temp), { recursive: true });
    try {
      const stored = await this.writeTemp(temp, source);
      if (options.expectedHash !== undefined && options.expectedHash !== stored.hash) {
        throw new SenseiError(
          'ARTIFACT.HASH_MISMATCH',
          `refused to store bytes hashing to ${stored.hash} under ${options.expectedHash}`,
          { expectedHash: options.expectedHash, actualHash: stored.hash },
        );
      }
      await this.publish(temp, stored.hash);
      return stored;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(hash: string): Promise<Buffer> {
    const bytes = await readFile(this.pathOf(hash)).catch((error: unknown) => {
      throw isMissing(error) ? artifactNotFound(hash, this.description) : error;
    });
    assertIntact(hash, createHash('sha256').update(bytes).digest('hex'), this.description);
    return bytes;
  }

  async has(hash: string): Promise<boolean> {
    return (await this.stat(hash)) !== undefined;
  }

  async stat(hash: string): Promise<StoredArtifact | undefined> {
    const found = await stat(this.pathOf(hash)).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    return found && { hash, size: found.size };
  }

  async localFile(hash: string): Promise<LocalArtifactFile> {
    const path = this.pathOf(hash);
    const actual = await sha256OfFile(path).catch((error: unknown) => {
      throw isMissing(error) ? artifactNotFound(hash, this.description) : error;
    });
    assertIntact(hash, actual, this.description);
    return { path, release: async () => undefined };
  }

  async *list(): AsyncIterable<StoredArtifact> {
    const base = join(this.root, 'sha256');
    const prefixes = await readdir(base).catch(() => [] as string[]);
    for (const prefix of prefixes.sort()) {
      for (const name of (await readdir(join(base, prefix))).sort()) {
        if (isArtifactHash(name))
          yield { hash: name, size: (await stat(join(base, prefix, name))).size };
      }
    }
  }

  private async writeTemp(temp: string, source: ArtifactSource): Promise<StoredArtifact> {
    const hash = createHash('sha256');
    let size = 0;
    const handle = await open(temp, 'wx');
    try {
      for await (const chunk of chunksOf(source)) {
        hash.update(chunk);
        size += chunk.byteLength;
        await handle.write(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { hash: hash.digest('hex'), size };
  }

  /** Gives the verified temp file its final name; a corrupted file already there is replaced. */
  private async publish(temp: string, hash: string): Promise<void> {
    const target = this.pathOf(hash);
    await mkdir(dirname(target), { recursive: true });
    try {
      await link(temp, target);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      // Same name means same bytes, unless the file there rotted: then the bytes just proven to
      // hash to this name repair it (atomically; readers see the old or the new file).
      if ((await sha256OfFile(target)) === hash) return;
      await rename(temp, target);
    }
    await syncDirectory(dirname(target));
  }

  private pathOf(hash: string): string {
    return join(this.root, ...artifactKey(hash).split('/'));
  }
}
