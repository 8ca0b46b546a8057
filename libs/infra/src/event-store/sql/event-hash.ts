import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata } from '../event-store.port';

/** The `prevHash` of a stream's first event. */
export const genesisHash = '0'.repeat(64);

/** What the hash covers: the event as stored (before upcasting) and its place in its stream. */
export interface HashedEventContent {
  streamId: string;
  revision: number;
  id: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

/** RFC 8785 JSON, so the same content hashes the same whatever its key order. */
export const canonicalJson = (value: unknown): string => {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
};

export const hashEvent = (prevHash: string, content: HashedEventContent): string =>
  createHash('sha256')
    .update(prevHash + canonicalJson(content))
    .digest('hex');
