import { genesisHash, hashEvent } from '../event-store/sql/event-hash';
import type { BundleEvent } from './audit-bundle';

export type ChainCheck =
  | { ok: true; eventCount: number; lastHash: string }
  | {
      ok: false;
      revision: number;
      /** Absent when the event at that revision is missing altogether. */
      position?: number;
      reason: 'hash_mismatch' | 'broken_link' | 'missing_event' | 'out_of_order';
      message: string;
    };

const place = (streamId: string, revision: number, position?: number) =>
  `event at stream ${streamId} revision ${revision}${position === undefined ? '' : ` (position ${position})`}`;

/**
 * Recomputes a stream's hash chain from the genesis hash, exactly as the event store computes it
 * on append (`hashEvent` over the stored content and its place in the stream), and names the first
 * event whose content, link or place is wrong.
 */
export const recomputeChain = (streamId: string, events: readonly BundleEvent[]): ChainCheck => {
  let prevHash = genesisHash;
  let previousPosition = 0;
  for (const [expectedRevision, event] of events.entries()) {
    const { revision, position } = event;
    if (revision !== expectedRevision) {
      return {
        ok: false,
        revision: expectedRevision,
        reason: 'missing_event',
        message: `${place(streamId, expectedRevision)} is missing: the next one is revision ${revision}`,
      };
    }
    if (position <= previousPosition) {
      return {
        ok: false,
        revision,
        position,
        reason: 'out_of_order',
        message: `${place(streamId, revision, position)} comes before the event it follows (position ${previousPosition})`,
      };
    }
    const hash = hashEvent(prevHash, {
      streamId,
      revision,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    });
    if (event.prevHash !== prevHash) {
      return {
        ok: false,
        revision,
        position,
        reason: 'broken_link',
        message: `${place(streamId, revision, position)} does not link to the event before it: its prevHash was changed`,
      };
    }
    if (event.hash !== hash) {
      return {
        ok: false,
        revision,
        position,
        reason: 'hash_mismatch',
        message: `${place(streamId, revision, position)} (${event.type}) does not match its hash: its content or its hash was changed`,
      };
    }
    prevHash = hash;
    previousPosition = position;
  }
  return { ok: true, eventCount: events.length, lastHash: prevHash };
};
