import { type RecordedEvent, type SseMessage, SseParser } from '@sensei/infra';

export interface EventStreamReading {
  status: number;
  contentType: string | null;
  /** Events in the order they arrived. */
  events: RecordedEvent[];
  messages: SseMessage[];
  comments: string[];
  /** Ends the connection (as a client going away). */
  close(): void;
  /** Resolves when `until` holds for what arrived so far; rejects after `timeoutMs`. */
  waitFor(until: (reading: EventStreamReading) => boolean, timeoutMs?: number): Promise<void>;
}

/** Opens `GET /events/stream` over real HTTP and collects what it sends. */
export const openEventStream = async (
  baseUrl: string,
  query: string,
  headers: Record<string, string>,
): Promise<EventStreamReading> => {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/events/stream${query}`, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  const waiters = new Set<() => void>();
  const reading: EventStreamReading = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events: [],
    messages: [],
    comments: [],
    close: () => abort.abort(),
    waitFor: (until, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!until(reading)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`event stream: condition not met in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
  const parser = new SseParser({
    message: (message) => {
      reading.messages.push(message);
      reading.events.push(JSON.parse(message.data) as RecordedEvent);
    },
    comment: (text) => reading.comments.push(text),
  });
  if (response.ok && response.body) {
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          parser.push(decoder.decode(chunk, { stream: true }));
          waiters.forEach((check) => check());
        }
      } catch {
        // Aborted by close(): the client went away.
      }
    })();
  }
  return reading;
};
