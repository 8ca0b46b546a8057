import type { RecordedEvent } from '../event-store/event-store.port';
import { sseCommentFrame, sseEventFrame, type SseMessage, SseParser } from './server-sent-events';

const event = (position: number, data: unknown = { note: 'two\nlines' }): RecordedEvent => ({
  id: `event-${position}`,
  streamId: 'migration-m1',
  revision: position - 1,
  position,
  type: 'MigrationRequested',
  schemaVersion: 1,
  data,
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: 'user:a',
    timestamp: '2025-01-01T00:00:00.000Z',
  },
  hash: 'h',
  prevHash: 'p',
  recordedAt: '2025-01-01T00:00:00.000Z',
});

const parse = (chunks: string[]) => {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const parser = new SseParser({
    message: (m) => messages.push(m),
    comment: (c) => comments.push(c),
  });
  chunks.forEach((chunk) => parser.push(chunk));
  return { messages, comments };
};

describe('server-sent events', () => {
  it('round-trips events, however the text is cut into chunks', () => {
    const text = sseEventFrame(event(1)) + sseCommentFrame('heartbeat') + sseEventFrame(event(2));
    for (const size of [1, 2, 7, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
      const { messages, comments } = parse(chunks);
      expect(messages.map((m): unknown => JSON.parse(m.data))).toEqual([event(1), event(2)]);
      expect(messages.map((m) => [m.id, m.event])).toEqual([
        ['1', 'MigrationRequested'],
        ['2', 'MigrationRequested'],
      ]);
      expect(comments).toEqual(['heartbeat']);
    }
  });

  it('reads CRLF line ends, joins multi-line data, and ignores frames without data', () => {
    const { messages } = parse([
      'id: 9\r\nevent: x\r\ndata: a\r',
      '\ndata: b\r\n\r\n',
      'id: 10\n\n',
    ]);
    expect(messages).toEqual([{ id: '9', event: 'x', data: 'a\nb' }]);
  });

  it('keeps each frame on its own lines even for a type with a newline', () => {
    const frame = sseEventFrame({ ...event(3), type: 'Odd\nType' });
    expect(frame.split('\n').filter(Boolean)).toHaveLength(3);
  });
});
