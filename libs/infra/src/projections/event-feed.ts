import type { RecordedEvent } from '../event-store/event-store.port';
import type { SqlEventStore } from '../event-store/sql/sql-event-store';

/** Where the read side takes events from: the event store itself, or a command API over SSE. */
export interface EventFeed {
  /** Events with position > fromPosition, ascending, at most maxCount. */
  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]>;
  /** Resolves when events after `position` may exist, or after timeoutMs, or when signal aborts. */
  waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Last committed position and its time, for lag; undefined when the log is empty. */
  head(): Promise<{ position: number; recordedAt: string } | undefined>;
  readonly description: string;
  close(): Promise<void>;
}

export interface EventStoreFeedOptions {
  /** Whether `close()` closes the store too (default false: the caller opened it). */
  ownsStore?: boolean;
}

/**
 * The feed over a SqlEventStore (PostgreSQL or PGlite). Positions commit in order, so reading
 * `position > checkpoint` never skips an event. Waiting uses the store's append signal, woken by
 * local appends and by NOTIFY from other processes, so a caught-up reader reacts at once.
 */
export class EventStoreFeed implements EventFeed {
  readonly description: string;

  constructor(
    private readonly store: SqlEventStore,
    private readonly options: EventStoreFeedOptions = {},
  ) {
    this.description = `event store ${store.schema.name} on ${store.sql.description}`;
  }

  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]> {
    return this.store.readAll({ fromPosition, maxCount });
  }

  async waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    await this.store.listenForAppends();
    // The generation is taken before looking at the head: an append after the look still wakes us.
    const generation = this.store.appendSignal.generation;
    if ((await this.store.headPosition()) > position) return;
    await this.store.appendSignal.wait(generation, timeoutMs, signal);
  }

  async head(): Promise<{ position: number; recordedAt: string } | undefined> {
    const { rows } = await this.store.sql.query<{ position: string | number; recorded_at: Date }>(
      `SELECT position, recorded_at FROM ${this.store.schema.events} ORDER BY position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row && { position: Number(row.position), recordedAt: iso(row.recorded_at) };
  }

  async close(): Promise<void> {
    if (this.options.ownsStore) await this.store.close();
  }
}

const iso = (value: Date | string) => new Date(value).toISOString();
