import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SqlEventStore } from '../../libs/infra/src/event-store/sql/sql-event-store';
import { StoreEventLogReader } from '../../libs/infra/src/webhooks/event-log-reader';
import {
  LeaseLostError,
  WebhookDeliveryLedger,
} from '../../libs/infra/src/webhooks/webhook-delivery-ledger';
import { WebhookDispatcher } from '../../libs/infra/src/webhooks/webhook-dispatcher';
import { WebhookRegistry } from '../../libs/infra/src/webhooks/webhook-registry';
import { WebhookStore } from '../../libs/infra/src/webhooks/webhook-store';

const metadata = () => ({
  correlationId: randomUUID(),
  causationId: randomUUID(),
  actor: 'user:test',
  timestamp: new Date().toISOString(),
});

const appendEvents = async (store: SqlEventStore, count: number) => {
  for (let i = 0; i < count; i++) {
    await store.append(`thing-${randomUUID()}`, [
      { id: randomUUID(), type: 'ThingHappened', data: { i }, metadata: metadata() },
    ]);
  }
};

const waitUntil = async (condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

export interface WebhookStoreUnderTest {
  store: SqlEventStore;
  close(): Promise<void>;
}

/**
 * Several API instances on one database: each webhook is delivered by one of them at a time.
 * Run against every SQL engine the command API keeps webhooks in (PGlite, PostgreSQL).
 */
export const webhookDispatcherContract = (
  engine: string,
  open: () => Promise<WebhookStoreUnderTest>,
) =>
  describe(`WebhookDispatcher with several instances on one database (${engine})`, () => {
    let opened: WebhookStoreUnderTest;
    let store: SqlEventStore;
    let webhooks: WebhookStore;
    let registry: WebhookRegistry;
    let server: Server;
    let url: string;
    const received: number[] = [];

    beforeAll(async () => {
      opened = await open();
      store = opened.store;
      webhooks = new WebhookStore(store.sql);
      await webhooks.ensureSchema();
      registry = new WebhookRegistry(store, webhooks);
      server = createServer((request, response) => {
        received.push(Number(request.headers['x-sensei-event-position']));
        request.resume();
        request.on('end', () => response.writeHead(204).end());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    }, 60_000);
    afterAll(async () => {
      await opened.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('delivers through one dispatcher of two, and the other takes over when it stops', async () => {
      const dispatcher = () =>
        new WebhookDispatcher({
          reader: new StoreEventLogReader(store),
          registry,
          sql: store.sql,
          refreshMs: 50,
          leaseMs: 5000,
        });
      const first = dispatcher();
      const second = dispatcher();
      const { webhook } = await registry.register({ url, metadata: metadata() });
      first.start();
      await waitUntil(async () => (await webhooks.cursorOf(webhook.webhookId)) !== undefined);
      second.start();

      const distinct = () => new Set(received).size;
      await appendEvents(store, 10);
      await waitUntil(() => distinct() >= 10);
      await first.stop();
      await appendEvents(store, 10);
      await waitUntil(() => distinct() >= 20);
      await second.stop();

      const log = await store.readAll({ fromPosition: webhook.startPosition });
      expect([...new Set(received)]).toEqual(log.map((event) => event.position));
      // In order, and at most the request cut short by the first one's stop came twice.
      expect(received).toEqual([...received].sort((a, b) => a - b));
      expect(received.length - distinct()).toBeLessThanOrEqual(1);
    }, 20_000);

    it('lets another owner take an expired lease; the old owner then moves nothing', async () => {
      const { webhook } = await registry.register({ url, metadata: metadata() });
      const id = webhook.webhookId;
      const old = new WebhookDeliveryLedger(store.sql, 'old', 100);
      const next = new WebhookDeliveryLedger(store.sql, 'next', 100);
      const cursor = await old.acquire(id, webhook.startPosition);
      expect(cursor?.position).toBe(webhook.startPosition);
      expect(await next.acquire(id, webhook.startPosition)).toBeUndefined();

      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(await next.acquire(id, webhook.startPosition)).toBeDefined();
      const attempt = {
        event: { id: 'e', position: webhook.startPosition + 1, type: 'ThingHappened' },
        attempt: 1,
        outcome: 'delivered' as const,
        result: { ok: true, statusCode: 200, durationMs: 1, attemptedAt: new Date().toISOString() },
      };
      await expect(old.recordAttempt(id, webhook.startPosition, attempt)).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      await expect(old.renew(id)).rejects.toBeInstanceOf(LeaseLostError);
      expect((await webhooks.cursorOf(id))?.position).toBe(webhook.startPosition);
      expect((await webhooks.deliveries(id, { limit: 10 })).items).toEqual([]);
    });

    it('alone on its database, takes over at once the lease a crashed process left', async () => {
      const { webhook } = await registry.register({ url, metadata: metadata() });
      const crashed = new WebhookDeliveryLedger(store.sql, 'crashed', 60_000);
      expect(await crashed.acquire(webhook.webhookId, webhook.startPosition)).toBeDefined();
      const restarted = new WebhookDispatcher({
        reader: new StoreEventLogReader(store),
        registry,
        sql: store.sql,
        exclusive: true,
      });
      restarted.start();
      await appendEvents(store, 1);
      const delivered = async () =>
        (await webhooks.cursorOf(webhook.webhookId))?.deliveredCount === 1;
      try {
        // Well before the 60 s the crashed process's lease would last.
        await waitUntil(delivered, 5000);
      } finally {
        await restarted.stop();
      }
    }, 15_000);
  });
