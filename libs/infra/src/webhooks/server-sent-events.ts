import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * The text/event-stream wire format (WHATWG HTML, "Server-sent events"), both ways: the command
 * API writes frames, `HttpEventFeed` parses them. One event is one frame: `id` is the global
 * position (what `Last-Event-ID` resumes after), `event` the type, `data` the recorded event as
 * one line of JSON (JSON.stringify escapes every newline).
 */
export const sseEventFrame = (event: RecordedEvent): string =>
  `id: ${event.position}\nevent: ${oneLine(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

/** A comment line: ignored by EventSource clients, keeps proxies from closing an idle stream. */
export const sseCommentFrame = (text: string): string => `: ${oneLine(text)}\n\n`;

/** How long a browser waits before reconnecting (the `retry` field), sent once per stream. */
export const sseRetryFrame = (milliseconds: number): string => `retry: ${milliseconds}\n\n`;

/** Sent when the stream has caught up with the log; `HttpEventFeed` reads it as "no more now". */
export const CAUGHT_UP_COMMENT = 'caught-up';
export const HEARTBEAT_COMMENT = 'heartbeat';

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

export interface SseMessage {
  /** The `id` field of this frame, when it had one. */
  id?: string;
  /** `message` when the frame named no event type. */
  event: string;
  data: string;
}

export interface SseHandlers {
  message(message: SseMessage): void;
  comment?(text: string): void;
}

const LINE_END = /\r\n|\n|\r/;

/** Incremental parser: feed it decoded text as it arrives, in chunks cut anywhere. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  constructor(private readonly handlers: SseHandlers) {}

  push(text: string): void {
    this.buffer += text;
    for (;;) {
      // A trailing CR may be the first half of CRLF: wait for the next chunk.
      const match = LINE_END.exec(this.buffer);
      if (!match || (match[0] === '\r' && match.index === this.buffer.length - 1)) return;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.handlers.comment?.(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.event || 'message';
    const id = this.id;
    this.data = [];
    this.event = '';
    this.id = undefined;
    if (data.length === 0) return;
    this.handlers.message({ ...(id !== undefined ? { id } : {}), event, data: data.join('\n') });
  }
}
