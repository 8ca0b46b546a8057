import { SenseiError } from '@sensei/domain';
import type { RecordedEvent } from '../event-store/event-store.port';
import { CAUGHT_UP_COMMENT, SseParser } from '../webhooks/server-sent-events';
import type { EventFeed } from './event-feed';

export interface HttpEventFeedOptions {
  /** The command API's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Sent as `X-API-Key` (a key with role viewer or higher). */
  apiKey?: string;
  /** Sent as `Authorization: Bearer` when no API key is given. */
  bearerToken?: string;
  /** Events read ahead of the consumer before the connection is paused (default 10,000). */
  bufferSize?: number;
  /** Longest wait of `read` for the stream to send events or say it caught up (default 30 s). */
  readTimeoutMs?: number;
  fetch?: typeof fetch;
}

const unavailable = (url: string, why: string): SenseiError =>
  new SenseiError('EVENT_STORE.UNAVAILABLE', `the event stream of ${url} ${why}`, { url });

const credentialHeaders = ({
  apiKey,
  bearerToken,
}: HttpEventFeedOptions): Record<string, string> => {
  if (apiKey) return { 'x-api-key': apiKey };
  return bearerToken ? { authorization: `Bearer ${bearerToken}` } : {};
};

/** What the API's error body says, for a refusal the operator has to fix (401, 403, 400). */
const refusal = async (url: string, response: Response): Promise<SenseiError> => {
  const text = await response.text().catch(() => '');
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
  } catch {
    // Not JSON: keep the text.
  }
  const why = `refused the event stream (HTTP ${response.status}): ${message}`;
  if (response.status === 401) return new SenseiError('AUTH.UNAUTHENTICATED', `${url} ${why}`);
  if (response.status === 403) return new SenseiError('AUTH.FORBIDDEN', `${url} ${why}`);
  return unavailable(url, why);
};

/**
 * One `GET /events/stream` connection, read ahead into a bounded buffer. `cursor` is the
 * position of the last event handed out; the feed reuses the connection while reads continue
 * from there.
 */
class StreamConnection {
  readonly buffer: RecordedEvent[] = [];
  cursor: number;
  error: Error | undefined;
  private received: number;
  private caughtUpAt = -1;
  private readonly abort = new AbortController();
  private waiters = new Set<() => void>();

  constructor(
    private readonly options: HttpEventFeedOptions,
    from: number,
  ) {
    this.cursor = from;
    this.received = from;
    void this.pump(from);
  }

  /** Nothing buffered and the server said it has sent everything up to here. */
  get drained(): boolean {
    return this.buffer.length === 0 && this.caughtUpAt >= this.received;
  }

  take(maxCount: number): RecordedEvent[] {
    const events = this.buffer.splice(0, maxCount);
    const last = events.at(-1);
    if (last) this.cursor = last.position;
    this.notify();
    return events;
  }

  /** Resolves once `ready()` holds, after `timeoutMs`, or on abort. */
  async until(ready: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready() && !signal?.aborted && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        this.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  close(): void {
    this.abort.abort();
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    waiters.forEach((wake) => wake());
  }

  private async pump(from: number): Promise<void> {
    const { url } = this.options;
    const parser = new SseParser({
      message: ({ data }) => {
        const event = JSON.parse(data) as RecordedEvent;
        this.buffer.push(event);
        this.received = event.position;
      },
      comment: (text) => {
        if (!text.startsWith(`${CAUGHT_UP_COMMENT} `)) return;
        this.caughtUpAt = Number(text.slice(CAUGHT_UP_COMMENT.length + 1));
      },
    });
    try {
      const response = await (this.options.fetch ?? fetch)(`${url}/events/stream?from=${from}`, {
        headers: { accept: 'text/event-stream', ...credentialHeaders(this.options) },
        signal: this.abort.signal,
      });
      if (!response.ok || !response.body) throw await refusal(url, response);
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      for (;;) {
        // Backpressure: stop reading the socket while the consumer is this far behind.
        while (this.buffer.length >= this.bufferSize && !this.abort.signal.aborted) {
          await this.until(() => this.buffer.length < this.bufferSize, 60_000, this.abort.signal);
        }
        const { done, value } = await reader.read();
        if (done) throw unavailable(url, 'ended (the command API stopped?)');
        parser.push(decoder.decode(value, { stream: true }));
        this.notify();
      }
    } catch (error) {
      this.error = this.abort.signal.aborted
        ? unavailable(url, 'was closed')
        : error instanceof SenseiError
          ? error
          : unavailable(url, `failed: ${error instanceof Error ? error.message : String(error)}`);
      this.notify();
    }
  }

  private get bufferSize(): number {
    return this.options.bufferSize ?? 10_000;
  }
}

/**
 * The read side's feed over a command API's `GET /events/stream`, for a projections process
 * running beside a command API that holds the (PGlite) event store. One streaming connection
 * serves consecutive reads; a read from another position reconnects there (the server resumes
 * after `from`, so nothing is skipped or repeated). A broken connection is EVENT_STORE.UNAVAILABLE,
 * which projection runners retry.
 */
export class HttpEventFeed implements EventFeed {
  readonly description: string;
  private connection: StreamConnection | undefined;

  constructor(private readonly options: HttpEventFeedOptions) {
    this.options = { ...options, url: options.url.replace(/\/+$/, '') };
    this.description = `command API event stream at ${this.options.url}`;
  }

  async read(fromPosition: number, maxCount: number): Promise<RecordedEvent[]> {
    const connection = this.connectionAt(fromPosition);
    await connection.until(
      () => connection.buffer.length > 0 || connection.drained || connection.error !== undefined,
      this.options.readTimeoutMs ?? 30_000,
    );
    if (connection.buffer.length === 0 && connection.error) {
      this.drop(connection);
      throw connection.error;
    }
    return connection.take(maxCount);
  }

  async waitForEvents(position: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const connection = this.connectionAt(position);
    await connection.until(
      () => connection.buffer.length > 0 || connection.error !== undefined,
      timeoutMs,
      signal,
    );
  }

  async head(): Promise<{ position: number; recordedAt: string } | undefined> {
    const { url } = this.options;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(`${url}/events/head`, {
        headers: { accept: 'application/json', ...credentialHeaders(this.options) },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw unavailable(
        url,
        `head failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) throw await refusal(url, response);
    const head = (await response.json()) as { position: number; recordedAt?: string };
    return head.position > 0 && head.recordedAt
      ? { position: head.position, recordedAt: head.recordedAt }
      : undefined;
  }

  async close(): Promise<void> {
    if (this.connection) this.drop(this.connection);
  }

  /** The open connection when it continues from `position`, else a new one from there. */
  private connectionAt(position: number): StreamConnection {
    const current = this.connection;
    if (current && current.cursor === position && !(current.error && !current.buffer.length)) {
      return current;
    }
    if (current) this.drop(current);
    this.connection = new StreamConnection(this.options, position);
    return this.connection;
  }

  private drop(connection: StreamConnection): void {
    connection.close();
    if (this.connection === connection) this.connection = undefined;
  }
}
