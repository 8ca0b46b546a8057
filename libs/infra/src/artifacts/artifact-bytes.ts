import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SenseiError } from '@sensei/domain';
import { isArtifactHash, type ArtifactSource, type StoredArtifact } from './artifact-store.port';

/** Every kind of `ArtifactSource` as one stream of chunks. */
export async function* chunksOf(source: ArtifactSource): AsyncIterable<Uint8Array> {
  if (source instanceof Uint8Array) yield source;
  else if ('file' in source) yield* createReadStream(source.file) as AsyncIterable<Buffer>;
  else yield* source as AsyncIterable<Uint8Array>;
}

export const sha256OfFile = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** A fresh, unused file name in `directory` (the caller creates and deletes the file). */
export const scratchPath = (directory: string, label: string): string =>
  join(directory, `sensei-${label}-${Date.now()}-${randomBytes(8).toString('hex')}`);

/** Writes the chunks to a new file at `path`, hashing them on the way. */
export const writeHashed = async (
  chunks: AsyncIterable<Uint8Array>,
  path: string,
): Promise<StoredArtifact> => {
  const hash = createHash('sha256');
  let size = 0;
  await pipeline(
    chunks,
    async function* (source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        hash.update(chunk);
        size += chunk.byteLength;
        yield chunk;
      }
    },
    createWriteStream(path, { flags: 'wx' }),
  );
  return { hash: hash.digest('hex'), size };
};

/** `sha256/<first two hex>/<hash>`: where both stores keep an artifact below their root. */
export const artifactKey = (hash: string): string => {
  if (!isArtifactHash(hash)) {
    throw new SenseiError('VALIDATION.FAILED', `not an artifact hash (sha256 hex): ${hash}`);
  }
  return `sha256/${hash.slice(0, 2)}/${hash}`;
};

export const artifactNotFound = (hash: string, store: string): SenseiError =>
  new SenseiError('ARTIFACT.NOT_FOUND', `artifact ${hash} is not in ${store}`, { hash });

/** Bytes that hash to another name are corruption, never silently wrong data. */
export const assertIntact = (hash: string, actual: string, store: string): void => {
  if (actual === hash) return;
  throw new SenseiError(
    'ARTIFACT.CORRUPTED',
    `artifact ${hash} in ${store} is corrupted: its bytes hash to ${actual}`,
    { hash, actualHash: actual },
  );
};
