import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { SenseiError } from '@sensei/domain';
import type { ArtifactStore, StoredArtifact } from '../artifacts/artifact-store.port';

/** Manifests are canonical JSON (RFC 8785), so equal content always has the same hash. */
export const putJson = async (store: ArtifactStore, value: unknown): Promise<StoredArtifact> => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('manifest has no JSON representation');
  return store.put(Buffer.from(text, 'utf8'));
};

export const getJson = async <T>(store: ArtifactStore, hash: string, what: string): Promise<T> => {
  try {
    return JSON.parse((await store.get(hash)).toString('utf8')) as T;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new SenseiError('ARTIFACT.CORRUPTED', `${what} ${hash} is not JSON`, { hash });
    }
    throw error;
  }
};

export const sha256Hex = (text: string): string =>
  createHash('sha256').update(text, 'utf8').digest('hex');
