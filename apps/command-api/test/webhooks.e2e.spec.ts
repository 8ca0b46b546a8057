import type { RecordedEvent } from '@sensei/infra';
import {
  bearer,
  call,
  type Json,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';
import {
  dedupe,
  eventIdOf,
  fastWebhooks,
  signatureVerifies,
  waitUntil,
} from './support/webhook-helpers';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const admin = bearer('admin');
const operator = bearer('operator');

// Waits below poll for up to 15 s: room for a loaded CI machine, not the expected time.
jest.setTimeout(20_000);

describe('command API: webhooks (e2e)', () => {
  let api: TestApi;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    api = await startTestApi({ subscriptions: fastWebhooks() });
    receiver = await startWebhookReceiver();
  }, 60_000);
  afterAll(async () => {
    await api.app.close();
    await receiver.close();
  }, 30_000);

  const createMigrations = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const created = await call(api.app, 'POST', '/migrations', {
        headers: operator,
        body: migrationBody(),
      });
      expect(created.status).toBe(201);
      const id = created.body.migrationId as string;
      const started = await call(api.app, 'POST', `/migrations/${id}/ingestion/start`, {
        headers: operator,
      });
      expect(started.status).toBeLessThan(300);
    }
  };
  const allEvents = (): Promise<RecordedEvent[]> => api.adapters.eventStore.readAll();
  const webhook = async (id: string): Promise<Json> =>
    (await call(api.app, 'GET', `/webhooks/${id}`, { headers: operator })).body;
  const deliveries = async (id: string) =>
    (await call(api.app, 'GET', `/webhooks/${id}/deliveries?limit=500`, { headers: operator })).body
      .items as Array<Record<string, unknown>>;

  it('acceptance: a receiver failing its first 3 calls ends with every matching event once, in order, signed', async () => {
    receiver.respondWith((_request, call) => (call < 3 ? 500 : 200));
    await createMigrations(2);
    const types = ['MigrationRequested', 'IngestionStarted'];

    const registered = await call(api.app, 'POST', '/webhooks', {
      headers: admin,
      body: { url: receiver.url, types, fromPosition: 0 },
    });
    expect(registered.status).toBe(201);
    const { webhookId, secret } = registered.body as { webhookId: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    await createMigrations(3); // live, while the first ones are being retried

    const expected = (await allEvents()).filter((event) => types.includes(event.type));
    expect(expected).toHaveLength(10);
    await waitUntil(
      'every matching event arrived',
      () => dedupe(receiver.requests).length >= expected.length,
    );

    const received = dedupe(receiver.requests);
    expect(received.map((event) => event.id)).toEqual(expected.map((event) => event.id));
    const arrivals = receiver.requests.map((request) =>
      Number(request.headers['x-sensei-event-position']),
    );
    expect(arrivals).toEqual([...arrivals].sort((a, b) => a - b));
    expect(receiver.requests.slice(0, 4).map(eventIdOf)).toEqual(Array(4).fill(expected[0]!.id));
    for (const request of receiver.requests) {
      expect(signatureVerifies(secret, request)).toBe(true);
      const body = JSON.parse(request.body) as RecordedEvent;
      expect(request.headers['x-sensei-event-id']).toBe(body.id);
      expect(request.headers['x-sensei-event-position']).toBe(String(body.position));
      expect(request.headers['x-sensei-webhook-id']).toBe(webhookId);
    }
    const sent = JSON.parse(receiver.requests.at(-1)!.body) as RecordedEvent;
    expect(sent).toEqual(expected.at(-1));
    expect(signatureVerifies('whsec_another-secret', receiver.requests[0]!)).toBe(false);

    const head = (await allEvents()).at(-1)!.position;
    await waitUntil(
      'the cursor passed the events it skips',
      async () => (await webhook(webhookId)).delivery.position === head,
    );
    const log = await deliveries(webhookId);
    expect(log.slice(0, 4)).toMatchObject([
      { position: expected[0]!.position, attempt: 1, outcome: 'failed', statusCode: 500 },
      { position: expected[0]!.position, attempt: 2, outcome: 'failed', statusCode: 500 },
      { position: expected[0]!.position, attempt: 3, outcome: 'failed', statusCode: 500 },
      { position: expected[0]!.position, attempt: 4, outcome: 'delivered', statusCode: 200 },
    ]);
    expect(
      log.filter((entry) => entry.outcome === 'delivered').map((entry) => entry.position),
    ).toEqual(expected.map((event) => event.position));
    expect((await webhook(webhookId)).delivery).toMatchObject({
      position: head,
      deliveredCount: expected.length,
      failedAttempts: 3,
      deadLetterCount: 0,
    });
  });

  it('starts after its own registration unless told fromPosition, and filters by migration', async () => {
    receiver.respondWith(() => 200);
    const created = await call(api.app, 'POST', '/migrations', {
      headers: operator,
      body: migrationBody(),
    });
    const migrationId = created.body.migrationId as string;
    const registered = await call(api.app, 'POST', '/webhooks', {
      headers: admin,
      body: { url: receiver.url, migrationId },
    });
    const webhookId = registered.body.webhookId as string;
    const before = receiver.requests.length;
    await call(api.app, 'POST', `/migrations/${migrationId}/ingestion/start`, {
      headers: operator,
    });
    await createMigrations(1); // another migration: not this webhook's

    const ingestionStarted = (await allEvents()).filter(
      (event) =>
        event.type === 'IngestionStarted' &&
        (event.data as { migrationId: string }).migrationId === migrationId,
    );
    await waitUntil(
      'the migration event arrived',
      async () => (await webhook(webhookId)).delivery.deliveredCount === 1,
    );
    const mine = receiver.requests
      .slice(before)
      .filter((request) => request.headers['x-sensei-webhook-id'] === webhookId);
    expect(mine.map(eventIdOf)).toEqual(ingestionStarted.map((event) => event.id));
  });

  it('lists, shows (never the secret) and deletes webhooks; a deleted one gets nothing more', async () => {
    receiver.respondWith(() => 200);
    const registered = await call(api.app, 'POST', '/webhooks', {
      headers: admin,
      body: { url: receiver.url, types: ['MigrationRequested'], secret: 'a-secret-of-my-own-0123' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.secret).toBe('a-secret-of-my-own-0123');
    const id = registered.body.webhookId as string;

    const shown = await call(api.app, 'GET', `/webhooks/${id}`, { headers: operator });
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      webhookId: id,
      url: receiver.url,
      types: ['MigrationRequested'],
      status: 'active',
      registeredBy: 'user:admin-user',
    });
    expect(JSON.stringify(shown.body)).not.toContain('a-secret-of-my-own');
    const listed = await call(api.app, 'GET', '/webhooks', { headers: operator });
    expect(listed.body.map((w: { webhookId: string }) => w.webhookId)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    expect((await call(api.app, 'DELETE', `/webhooks/${id}`, { headers: admin })).status).toBe(204);
    expect((await call(api.app, 'DELETE', `/webhooks/${id}`, { headers: admin })).status).toBe(204);
    expect((await webhook(id)).status).toBe('deleted');
    const active = await call(api.app, 'GET', '/webhooks', { headers: operator });
    expect(active.body.map((w: { webhookId: string }) => w.webhookId)).not.toContain(id);
    const all = await call(api.app, 'GET', '/webhooks?includeDeleted=true', { headers: operator });
    expect(all.body.map((w: { webhookId: string }) => w.webhookId)).toContain(id);
    const stream = await api.adapters.eventStore.readStream(`webhook-${id}`);
    expect(stream.map((event) => event.type)).toEqual(['WebhookRegistered', 'WebhookDeleted']);

    const before = receiver.requests.length;
    await createMigrations(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const toDeleted = receiver.requests
      .slice(before)
      .filter((request) => request.headers['x-sensei-webhook-id'] === id);
    expect(toDeleted).toEqual([]);
  });

  it('answers 400 naming the field for a bad registration', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'ftp://hooks.example.com/x' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'https://user:password@hooks.example.com/x' }, 'url'],
      [{}, 'url'],
      [{ url: 'https://hooks.example.com/x', types: ['Not A Type'] }, 'types'],
      [{ url: 'https://hooks.example.com/x', types: 'MigrationRequested' }, 'types'],
      [{ url: 'https://hooks.example.com/x', secret: 'short' }, 'secret'],
      [{ url: 'https://hooks.example.com/x', fromPosition: -1 }, 'fromPosition'],
      [{ url: 'https://hooks.example.com/x', colour: 'blue' }, 'colour'],
    ];
    for (const [body, field] of cases) {
      const response = await call(api.app, 'POST', '/webhooks', { headers: admin, body });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION.FAILED');
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
  });

  it('answers 404 for an unknown webhook, 403 below the role needed, 401 without a credential', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const path of ['', '/deliveries', '/dead-letters']) {
      const response = await call(api.app, 'GET', `/webhooks/${unknown}${path}`, {
        headers: operator,
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('WEBHOOK.NOT_FOUND');
    }
    expect((await call(api.app, 'DELETE', `/webhooks/${unknown}`, { headers: admin })).status).toBe(
      404,
    );
    expect((await call(api.app, 'GET', '/webhooks/not-a-uuid', { headers: operator })).status).toBe(
      400,
    );

    const body = { url: 'https://hooks.example.com/x' };
    expect((await call(api.app, 'POST', '/webhooks', { headers: operator, body })).status).toBe(
      403,
    );
    expect((await call(api.app, 'GET', '/webhooks', { headers: bearer('viewer') })).status).toBe(
      403,
    );
    expect((await call(api.app, 'GET', '/webhooks')).status).toBe(401);
  });
});
