import type { RecordedEvent } from '../event-store/event-store.port';
import type { EventFeed } from './event-feed';

/**
 * Lets the runners of one process share their reads: the most recent events read are kept in a
 * window, and a runner asking for a full batch inside it gets it without a query (catching up,
 * runners move through the log at similar speeds). Reads the window cannot answer in full go
 * to the feed, so a runner never waits on another or sees a short batch that is not the head.
 */
export class SharedEventFeed implements EventFeed {
  private window: RecordedEvent[] = [];
  private readonly inFlight = new Map<string, Promise<RecordedEvent[]>>();

  constructor(
    private readonly feed: EventFeed,
    /** Most events kept (default 20,000). */
    private readonly windowSize = 20_000,
  ) {}

  get description(): string {
    return this.feed.description;
  }

  read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]> {
    const cached = this.fromWindow(fromPosition, maxCount);
    if (cached) return Promise.resolve(cached);
    const key = `${fromPosition}:${maxCount}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const read = this.feed
      .read(fromPosition, maxCount)
      .then((events) => {
        this.remember(events);
        return events;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, read);
    return read;
  }

  waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return this.feed.waitForEvents(position, timeoutMs, signal);
  }

  head(): ReturnType<EventFeed['head']> {
    return this.feed.head();
  }

  close(): Promise<void> {
    this.window = [];
    return this.feed.close();
  }

  private fromWindow(fromPosition: number, maxCount: number): RecordedEvent[] | undefined {
    const first = this.window[0];
    if (!first) return undefined;
    const start = fromPosition + 1 - first.position;
    if (start < 0 || start + maxCount > this.window.length) return undefined;
    const batch = this.window.slice(start, start + maxCount);
    // Positions are gapless; should a feed skip some, trust only a window that is contiguous here.
    const contiguous =
      batch[0]?.position === fromPosition + 1 &&
      batch[batch.length - 1]?.position === fromPosition + maxCount;
    return contiguous ? batch : undefined;
  }

  private remember(events: RecordedEvent[]): void {
    const first = events[0];
    if (!first) return;
    const start = this.window[0]?.position;
    const end = this.window[this.window.length - 1]?.position;
    if (start === undefined || end === undefined || first.position > end + 1) {
      // Nothing kept yet, or a reader ahead of the window: start over from its events.
      this.window = [...events];
    } else if (first.position >= start) {
      for (const event of events) if (event.position > end) this.window.push(event);
    } else {
      // A reader behind the window: keep the window for the readers at its front.
      return;
    }
    // Trimmed in steps, not on every read: slicing a long array is not free.
    if (this.window.length > this.windowSize * 1.5) {
      this.window = this.window.slice(this.window.length - this.windowSize);
    }
  }
}
