import type { EventMetadata, StreamVerification } from '../event-store.port';
import { genesisHash, hashEvent } from './event-hash';
import type { StreamHead } from './append-plan';

export interface StoredEventForVerification {
  event_id: string;
  revision: string | number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string;
}

/**
 * Replays a stream's hash chain over its stored rows (ordered by revision) and compares the end
 * with the stream head, which records the last revision and hash at append time: so an edited
 * row, a missing row and a removed tail are each told apart.
 */
export const verifyStoredStream = (
  streamId: string,
  head: StreamHead | undefined,
  rows: readonly StoredEventForVerification[],
): StreamVerification => {
  const eventCount = rows.length;
  const failed = (
    firstBadRevision: number,
    reason: 'hash_mismatch' | 'missing_event' | 'truncated',
    detail: string,
  ): StreamVerification => ({ ok: false, streamId, eventCount, firstBadRevision, reason, detail });

  let prevHash = genesisHash;
  let expectedRevision = 0;
  for (const row of rows) {
    const revision = Number(row.revision);
    if (revision !== expectedRevision) {
      return failed(
        expectedRevision,
        'missing_event',
        `revision ${expectedRevision} is missing; the next stored is ${revision}`,
      );
    }
    const hash = hashEvent(prevHash, {
      streamId,
      revision,
      id: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
    });
    if (row.prev_hash !== prevHash || row.hash !== hash) {
      return failed(
        revision,
        'hash_mismatch',
        `revision ${revision} does not match its hash: it was edited`,
      );
    }
    prevHash = hash;
    expectedRevision += 1;
  }
  const lastRevision = expectedRevision - 1;
  if (head && head.revision > lastRevision) {
    return failed(
      expectedRevision,
      'truncated',
      `the stream ends at revision ${lastRevision} but was appended up to ${head.revision}`,
    );
  }
  if ((head?.lastHash ?? genesisHash) !== prevHash) {
    return failed(
      Math.max(lastRevision, 0),
      'hash_mismatch',
      head
        ? 'the last event does not match the hash recorded for the stream head'
        : 'the stream head is missing',
    );
  }
  return { ok: true, streamId, eventCount, lastHash: prevHash };
};
