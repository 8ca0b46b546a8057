import { createRequire } from 'node:module';

/** The few members of the `ws` package's WebSocket used here (it ships no types of its own). */
interface Socket {
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number) => void): void;
  once(event: 'open' | 'error', listener: (value?: unknown) => void): void;
  send(data: string): void;
  close(): void;
}
type SocketConstructor = new (url: string, protocol: string) => Socket;

// `ws` is here as a dependency of mercurius (@fastify/websocket); Node 20 has no WebSocket client.
const WebSocket = createRequire(__filename)('ws') as SocketConstructor;

export interface WsMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/** A graphql-ws (graphql-transport-ws) client: enough to test subscriptions end to end. */
export class GraphqlWsClient {
  readonly messages: WsMessage[] = [];
  closedWith: number | undefined;
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as WsMessage);
      this.wake();
    });
    socket.on('close', (code) => {
      this.closedWith = code;
      this.wake();
    });
  }

  static async connect(url: string): Promise<GraphqlWsClient> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new GraphqlWsClient(socket);
  }

  send(message: WsMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Resolves with the first message (from the start) that `matches`, or rejects after timeoutMs. */
  async waitFor(matches: (message: WsMessage) => boolean, timeoutMs = 10_000): Promise<WsMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(matches);
      if (found) return found;
      if (this.closedWith !== undefined) {
        throw new Error(`socket closed (${this.closedWith}); got ${JSON.stringify(this.messages)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves with the close code once the server closed the socket, or rejects after timeoutMs. */
  async closed(timeoutMs = 5_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.closedWith === undefined) {
      if (Date.now() > deadline) throw new Error('the socket is still open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closedWith;
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
