import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { EvidenceSource } from '@sensei/kora';
import type { ArtifactStore } from '@sensei/infra';

const readIfPresent = async (path: string): Promise<Buffer | undefined> => {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
};

/**
 * Files named by their hash in a folder (evidence, partitions), under any name they plausibly
 * have: `<hash>` (what `sensei certificate` exports), `<hash>.json`, or the artifact store's
 * `sha256/<first two hex>/<hash>`. Hashes are checked to be 64 hex digits before they get here,
 * so they cannot name another path.
 */
export const hashedFilesDirectory = (dir: string): EvidenceSource => {
  const root = resolve(dir);
  return {
    description: `directory ${root}`,
    read: async (hash) => {
      const candidates = [hash, `${hash}.json`, join('sha256', hash.slice(0, 2), hash)];
      for (const candidate of candidates) {
        const bytes = await readIfPresent(join(root, candidate));
        if (bytes) return bytes;
      }
      return undefined;
    },
  };
};

/** Files in an artifact store; its `get` checks hashes and throws NOT_FOUND or CORRUPTED. */
export const hashedFilesInStore = (store: ArtifactStore): EvidenceSource => ({
  description: store.description,
  read: (hash) => store.get(hash),
});
