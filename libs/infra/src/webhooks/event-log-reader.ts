import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { sleep } from './abortable';

/**
 * What an SSE stream and the webhook dispatcher need from the log: read after a position and
 * wait for more. The same shape as the read side's `EventFeed` (read/waitForEvents), so either
 * may tail the store in this process or another process over HTTP.
 */
export interface EventLogReader {
  /** Events with position > fromPosition, ascending, at most maxCount. */
  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]>;
  /** Resolves when events after `position` may exist, or after timeoutMs, or on abort. */
  waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
}

/**
 * Tails an event store in this process. A SQL store wakes waiters on every append (and, through
 * LISTEN, on appends by other processes); every store is also polled, at `pollIntervalMs`.
 */
export class StoreEventLogReader implements EventLogReader {
  constructor(
    private readonly store: EventStore,
    private readonly pollIntervalMs = 500,
  ) {
    if (store instanceof SqlEventStore) void store.listenForAppends();
  }

  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]> {
    return this.store.readAll({ fromPosition, maxCount });
  }

  async waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (!(this.store instanceof SqlEventStore)) {
      return sleep(Math.min(timeoutMs, this.pollIntervalMs), signal);
    }
    const appends = this.store.appendSignal;
    // Generation first, then look: an append between the two still wakes the wait below.
    const generation = appends.generation;
    if ((await this.read(position, 1)).length > 0) return;
    // Capped: without LISTEN (or while it reconnects) appends by other processes wake no one.
    await appends.wait(generation, Math.min(timeoutMs, this.pollIntervalMs), signal);
  }
}
