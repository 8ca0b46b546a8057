import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@sensei/infra';
import {
  bearer,
  call,
  type Json,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';
import { dedupe, eventIdOf, fastWebhooks, waitUntil } from './support/webhook-helpers';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const admin = bearer('admin');
const operator = bearer('operator');

const createMigrations = async (api: TestApi, count: number): Promise<void> => {
  for (let i = 0; i < count; i++) {
    const created = await call(api.app, 'POST', '/migrations', {
      headers: operator,
      body: migrationBody(),
    });
    expect(created.status).toBe(201);
  }
};

const register = async (api: TestApi, body: Record<string, unknown>): Promise<string> => {
  const registered = await call(api.app, 'POST', '/webhooks', { headers: admin, body });
  expect(registered.status).toBe(201);
  return registered.body.webhookId as string;
};

const get = async (api: TestApi, path: string): Promise<Json> => {
  const response = await call(api.app, 'GET', path, { headers: operator });
  expect(response.status).toBe(200);
  return response.body;
};

// Waits below poll for up to 15 s: room for a loaded CI machine, not the expected time.
jest.setTimeout(20_000);

describe('command API: webhook dead letters and re-drive (e2e)', () => {
  let api: TestApi;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startTestApi({ subscriptions: fastWebhooks({ webhookMaxAttempts: 3 }) });
    receiver = await startWebhookReceiver();
  }, 60_000);
  afterAll(async () => {
    await api.app.close();
    await receiver.close();
  }, 30_000);

  it('dead-letters an event after N failures, moves on, and delivers it again on re-drive', async () => {
    await createMigrations(api, 3);
    const log = await api.adapters.eventStore.readAll();
    const poison = log[1]!;
    receiver.respondWith((request) => (eventIdOf(request) === poison.id ? 500 : 200));
    const id = await register(api, { url: receiver.url, fromPosition: 0 });
    const head = (await api.adapters.eventStore.readAll()).at(-1)!.position;

    await waitUntil('the webhook caught up', async () => {
      const { delivery } = await get(api, `/webhooks/${id}`);
      return delivery.position === head;
    });
    const status = await get(api, `/webhooks/${id}`);
    expect(status.delivery).toMatchObject({
      deadLetterCount: 1,
      failedAttempts: 3,
      deliveredCount: head - 1,
      lastStatusCode: 200,
    });
    const deadLetters = await get(api, `/webhooks/${id}/dead-letters`);
    expect(deadLetters.items).toEqual([
      expect.objectContaining({
        position: poison.position,
        eventId: poison.id,
        eventType: poison.type,
        attempts: 3,
        lastStatusCode: 500,
        lastError: 'HTTP 500',
        state: 'dead',
      }),
    ]);
    // Moved on: the events after the poison one arrived, in order.
    const received = dedupe(
      receiver.requests.filter((request) => request.headers['x-sensei-webhook-id'] === id),
    );
    expect(received.map((event) => event.position)).toEqual(
      (await api.adapters.eventStore.readAll()).map((event: RecordedEvent) => event.position),
    );

    const missing = await call(api.app, 'POST', `/webhooks/${id}/dead-letters/redrive`, {
      headers: operator,
      body: { position: poison.position + 1 },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('WEBHOOK.NOT_FOUND');

    receiver.respondWith(() => 200);
    const before = receiver.requests.length;
    const redriven = await call(api.app, 'POST', `/webhooks/${id}/dead-letters/redrive`, {
      headers: operator,
    });
    expect(redriven.status).toBe(202);
    expect(redriven.body).toEqual({ positions: [poison.position] });
    await waitUntil('the dead letter was delivered', async () => {
      const { items } = await get(api, `/webhooks/${id}/dead-letters`);
      return items[0].state === 'redelivered';
    });
    expect(receiver.requests.slice(before).map(eventIdOf)).toEqual([poison.id]);
    const { items: deliveries } = await get(api, `/webhooks/${id}/deliveries?limit=500`);
    expect(deliveries.at(-1)).toMatchObject({
      position: poison.position,
      outcome: 'delivered',
      redrive: true,
      attempt: 1,
      statusCode: 200,
    });
    expect(
      deliveries.filter((entry: { outcome: string }) => entry.outcome === 'dead_lettered'),
    ).toHaveLength(1);
  });

  it('pages the delivery log', async () => {
    const [webhook] = await get(api, '/webhooks');
    const first = await get(api, `/webhooks/${webhook.webhookId}/deliveries?limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await get(
      api,
      `/webhooks/${webhook.webhookId}/deliveries?limit=2&after=${first.next}`,
    );
    expect(second.items[0].deliveryId).toBeGreaterThan(first.items[1].deliveryId);
    const bad = await call(api.app, 'GET', `/webhooks/${webhook.webhookId}/deliveries?limit=0`, {
      headers: operator,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('limit');
  });
});

describe('command API: webhook delivery across a restart (e2e)', () => {
  let scratch: string;
  let receiver: WebhookReceiver;
  let api: TestApi;
  const start = () =>
    startTestApi({ dataDir: join(scratch, 'data'), subscriptions: fastWebhooks() });

  // A file-backed PGlite survives the restart; creating one is slow, so it happens here.
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sensei-webhooks-'));
    receiver = await startWebhookReceiver();
    api = await start();
    await createMigrations(api, 12);
  }, 90_000);
  afterAll(async () => {
    await api.app.close();
    await receiver.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('resumes after a restart mid-delivery with no gap; the request cut short is sent again', async () => {
    // The 6th request hangs: the app stops while it is in flight.
    receiver.respondWith((_request, call) =>
      call === 5 ? new Promise((resolve) => setTimeout(() => resolve(200), 3000)) : 200,
    );
    const id = await register(api, { url: receiver.url, fromPosition: 0 });
    await waitUntil('the 6th request is in flight', () => receiver.requests.length >= 6);
    await api.app.close();
    const cutShort = eventIdOf(receiver.requests[5]!);
    expect(receiver.requests).toHaveLength(6);

    api = await start();
    const log = await api.adapters.eventStore.readAll();
    await waitUntil('every event is recorded as delivered', async () => {
      const { delivery } = await get(api, `/webhooks/${id}`);
      return delivery.deliveredCount === log.length;
    });

    expect(dedupe(receiver.requests).map((event) => event.id)).toEqual(
      log.map((event) => event.id),
    );
    // At least once: only the request the restart cut short came twice.
    expect(receiver.requests).toHaveLength(log.length + 1);
    expect(eventIdOf(receiver.requests[6]!)).toBe(cutShort);
    const { items } = await get(api, `/webhooks/${id}/deliveries?limit=500`);
    expect(items.map((entry: { position: number }) => entry.position)).toEqual(
      log.map((event) => event.position),
    );
    expect(items.every((entry: { outcome: string }) => entry.outcome === 'delivered')).toBe(true);
    expect((await get(api, `/webhooks/${id}`)).delivery).toMatchObject({
      deliveredCount: log.length,
      failedAttempts: 0,
      position: log.at(-1)!.position,
    });
  }, 30_000);
});
