import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  /** The raw body, as a receiver must verify it. */
  body: string;
}

/** Decides the status of the n-th call (0-based); may take its time. */
export type Responder = (request: ReceivedRequest, call: number) => number | Promise<number>;

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

/** A real HTTP endpoint on an ephemeral port that records every request it gets. */
export const startWebhookReceiver = async (
  responder: Responder = () => 200,
): Promise<WebhookReceiver> => {
  const requests: ReceivedRequest[] = [];
  let respond = responder;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const call = requests.length;
      requests.push(received);
      void Promise.resolve(respond(received, call)).then((status) => {
        if (!response.destroyed) response.writeHead(status).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/sensei`,
    requests,
    respondWith: (next) => {
      respond = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
