import type { BatchStartState, StreamHead } from './append-plan';
import { genesisHash } from './event-hash';

const maxCachedStreams = 10_000;
const absentStream: StreamHead = { revision: -1, lastPosition: 0, lastHash: genesisHash };

/**
 * Stream heads this store last saw, valid at one global position. Since every append moves the
 * global position, the cache is exact as long as the position has not moved; a write planned
 * from it checks exactly that (see writePlannedBatch), so a stale cache costs a retry, never a
 * wrong result.
 */
export class StreamHeadCache {
  private position: number | undefined;
  private readonly heads = new Map<string, StreamHead>();

  /**
   * The state to plan a batch from, if every one of its streams is cached or is claimed new by
   * its append (`no_stream`). A wrong claim costs nothing but a retry: the write then breaks the
   * unique (stream_id, revision) index and the safe path reports the conflict.
   */
  startState(
    streamIds: readonly string[],
    claimedNew: ReadonlySet<string> = new Set(),
  ): BatchStartState | undefined {
    if (this.position === undefined) return undefined;
    const heads = new Map<string, StreamHead>();
    for (const streamId of streamIds) {
      const head =
        this.heads.get(streamId) ?? (claimedNew.has(streamId) ? absentStream : undefined);
      if (!head) return undefined;
      heads.set(streamId, head);
    }
    // Event ids are not cached: a reused id fails the write's unique index, and the safe path
    // then finds the stored events.
    return { headPosition: this.position, heads, storedIds: new Map() };
  }

  /** Records heads known at `position`; older entries stay only if nothing moved in between. */
  remember(position: number, heads: ReadonlyMap<string, StreamHead>, since?: number): void {
    if (since === undefined || since !== this.position) this.heads.clear();
    for (const [streamId, head] of heads) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    for (const oldest of this.heads.keys()) {
      if (this.heads.size <= maxCachedStreams) break;
      this.heads.delete(oldest);
    }
    this.position = position;
  }

  invalidate(): void {
    this.position = undefined;
    this.heads.clear();
  }
}
