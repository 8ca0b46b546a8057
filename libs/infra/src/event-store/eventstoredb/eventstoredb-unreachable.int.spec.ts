import { createServer, type Server, type Socket } from 'node:net';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

// No EventStoreDB needed: a closed port and a server that accepts connections but never answers.
const listen = (onConnection: (socket: Socket) => void = () => undefined) =>
  new Promise<{ server: Server; port: number }>((resolve) => {
    const server = createServer(onConnection);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });

const event = {
  id: 'e-1',
  type: 'ThingHappened',
  data: {},
  metadata: {
    correlationId: 'c',
    causationId: 'c',
    actor: 'test',
    timestamp: '2026-01-01T00:00:00Z',
  },
};

describe('EventStoreDB event store without a server', () => {
  it('rejects ping and appends with EVENT_STORE.UNAVAILABLE, naming the cause and the fix', async () => {
    const { server, port } = await listen();
    await new Promise((resolve) => server.close(resolve));
    const store = createEventStoreDbEventStore(`esdb://127.0.0.1:${port}?tls=false`);
    try {
      const pingError = await store.ping().catch((error: unknown) => error);
      const appendError = await store.append('things-1', [event]).catch((error: unknown) => error);

      for (const error of [pingError, appendError]) {
        expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
        expect((error as Error).message).toContain(`127.0.0.1:${port}`);
        expect((error as Error).message).toMatch(/ECONNREFUSED/);
        expect((error as Error).message).toContain('EVENTSTORE_CONNECTION_STRING');
      }
    } finally {
      await store.close();
    }
  });

  it('gives up on a server that never answers after the ping timeout', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await listen((socket) => void sockets.push(socket));
    const store = createEventStoreDbEventStore(`esdb://127.0.0.1:${port}?tls=false`, {
      pingTimeoutMs: 300,
    });
    try {
      const started = Date.now();
      const error = await store.ping().catch((caught: unknown) => caught);

      expect(error).toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
      expect((error as Error).message).toMatch(/no answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses a malformed connection string with the expected form', () => {
    expect(() => createEventStoreDbEventStore('postgres://localhost:5432')).toThrow(
      expect.objectContaining({ code: 'EVENT_STORE.UNAVAILABLE' }),
    );
  });
});
