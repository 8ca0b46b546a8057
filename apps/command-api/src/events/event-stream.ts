import type { ServerResponse } from 'node:http';
import {
  CAUGHT_UP_COMMENT,
  type EventFilter,
  type EventLogReader,
  HEARTBEAT_COMMENT,
  matchesFilter,
  sseCommentFrame,
  sseEventFrame,
  sseRetryFrame,
} from '@sensei/infra';

export interface EventStreamOptions {
  reader: EventLogReader;
  /** Events after this position are sent. */
  from: number;
  filter: EventFilter;
  heartbeatMs: number;
  /** Reported when reading the log fails; the stream then ends and the client reconnects. */
  onError(error: unknown): void;
}

const BATCH = 256;
const RECONNECT_AFTER_MS = 2000;

/**
 * One SSE connection: catch-up from the log, then live tail, over the same read loop, so an
 * event appended during catch-up is sent once, in its place. Backpressure: a slow client is
 * not read ahead of; the loop waits for the socket to drain. Ends when the client goes away,
 * or on `close()` (server shutdown).
 */
export class EventStream {
  private readonly closed = new AbortController();
  private lastWriteAt = Date.now();
  readonly done: Promise<void>;

  constructor(
    private readonly response: ServerResponse,
    private readonly options: EventStreamOptions,
  ) {
    response.on('close', () => this.closed.abort());
    const heartbeat = setInterval(() => this.heartbeat(), Math.max(1, options.heartbeatMs / 2));
    this.done = this.run()
      .catch((error: unknown) => {
        if (!this.closed.signal.aborted) options.onError(error);
      })
      .finally(() => {
        clearInterval(heartbeat);
        if (!response.writableEnded) response.end();
      });
  }

  /** Ends the stream (the server is shutting down); the client reconnects elsewhere or later. */
  async close(): Promise<void> {
    this.closed.abort();
    await this.done;
  }

  private async run(): Promise<void> {
    const { reader, filter } = this.options;
    const signal = this.closed.signal;
    let position = this.options.from;
    let announced: number | undefined;
    await this.write(sseRetryFrame(RECONNECT_AFTER_MS));
    while (!signal.aborted) {
      const events = await reader.read(position, BATCH);
      // One write per batch: far fewer syscalls while a client catches up on a long log.
      const frames = events.filter((event) => matchesFilter(event, filter)).map(sseEventFrame);
      if (frames.length > 0) await this.write(frames.join(''));
      position = events.at(-1)?.position ?? position;
      if (events.length === BATCH) continue;
      // Caught up: say where (events the filter skipped included), once per position.
      if (announced !== position) {
        await this.write(sseCommentFrame(`${CAUGHT_UP_COMMENT} ${position}`));
        announced = position;
      }
      await reader.waitForEvents(position, this.options.heartbeatMs, signal);
    }
  }

  private heartbeat(): void {
    const { response } = this;
    if (this.closed.signal.aborted || response.writableNeedDrain) return;
    if (Date.now() - this.lastWriteAt < this.options.heartbeatMs / 2) return;
    this.lastWriteAt = Date.now();
    response.write(sseCommentFrame(HEARTBEAT_COMMENT));
  }

  private async write(frame: string): Promise<void> {
    if (this.closed.signal.aborted) return;
    this.lastWriteAt = Date.now();
    if (this.response.write(frame)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.closed.signal.removeEventListener('abort', done);
        resolve();
      };
      this.response.once('drain', done);
      this.closed.signal.addEventListener('abort', done, { once: true });
    });
  }
}
