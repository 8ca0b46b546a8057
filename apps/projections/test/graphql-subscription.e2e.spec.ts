import type { AddressInfo } from 'node:net';
import { chinookCliHistory } from '../../../test/support/read-side-history';
import { GraphqlWsClient, type WsMessage } from './support/graphql-ws-client';
import { startReadSideHarness, type ReadSideHarness } from './support/read-side-harness';
import { startTestApp, tokenFor, type TestApp } from './support/test-app';

/** Live progress over WebSocket while the read side applies a real migration's events. */
let harness: ReadSideHarness;
let api: TestApp;
let url: string;
const clients: GraphqlWsClient[] = [];

const connect = async () => {
  const client = await GraphqlWsClient.connect(url);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  harness = await startReadSideHarness();
  api = await startTestApp(harness);
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  url = `ws://127.0.0.1:${port}/graphql`;
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await api?.app.close();
  await harness?.close();
});

type Progress = {
  migrationId: string;
  position: number;
  eventTypes: string[];
  migration: { status: string; mappingCounts: { total: number } } | null;
};

/** Resolves once the server's pubsub has a listener on `topic` (the subscription is live). */
const subscribedTo = (topic: string): Promise<void> => {
  // Mercurius decorates the Fastify instance; its type augmentation is not in scope here.
  const { pubsub } = (
    api.app.getHttpAdapter().getInstance() as unknown as {
      graphql: { pubsub: { subscribe(topic: string, ...rest: unknown[]): Promise<void> } };
    }
  ).graphql;
  const subscribe = pubsub.subscribe.bind(pubsub);
  return new Promise((resolve) => {
    pubsub.subscribe = async (subscribed, ...rest) => {
      await subscribe(subscribed, ...rest);
      if (subscribed === topic) resolve();
    };
  });
};

const progressOf = (message: WsMessage): Progress | undefined =>
  (message.payload as { data?: { migrationProgress?: Progress } } | undefined)?.data
    ?.migrationProgress;

it('pushes the migration as the read side applies its events, until it completes', async () => {
  const client = await connect();
  client.send({
    type: 'connection_init',
    payload: { authorization: `Bearer ${tokenFor('viewer')}` },
  });
  await client.waitFor((m) => m.type === 'connection_ack');
  const live = subscribedTo('migration-progress:chinook');
  client.send({
    id: 'progress',
    type: 'subscribe',
    payload: {
      query: `subscription {
        migrationProgress(migrationId: "chinook") {
          migrationId position eventTypes migration { status mappingCounts { total } }
        }
      }`,
    },
  });
  await live;
  await harness.append(chinookCliHistory());

  const completed = await client.waitFor(
    (m) => progressOf(m)?.migration?.status === 'COMPLETED',
    20_000,
  );
  const updates = client.messages.map(progressOf).filter((p): p is Progress => p !== undefined);
  // Only chinook's updates arrive, each with the events applied since the last one.
  expect(new Set(updates.map((u) => u.migrationId))).toEqual(new Set(['chinook']));
  expect(updates.flatMap((u) => u.eventTypes)).toHaveLength(138);
  expect(updates[0]?.eventTypes[0]).toBe('MigrationRequested');
  const positions = updates.map((u) => u.position);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(progressOf(completed)?.migration?.mappingCounts.total).toBe(64);
  expect(progressOf(completed)?.eventTypes.at(-1)).toBe('MigrationCompleted');
}, 40_000);

it('refuses a WebSocket whose connection_init carries no valid credential, then closes it', async () => {
  for (const payload of [{}, { authorization: 'Bearer not-a-token' }]) {
    const client = await connect();
    client.send({ type: 'connection_init', payload });
    const refusal = await client.waitFor(() => true);
    expect(refusal).toEqual({ type: 'connection_error', payload: { message: 'Forbidden' } });
    await client.closed();
    expect(client.messages.some((m) => m.type === 'connection_ack')).toBe(false);
  }
});

it('applies the depth limit to subscriptions too', async () => {
  const client = await connect();
  client.send({
    type: 'connection_init',
    payload: { authorization: `Bearer ${tokenFor('viewer')}` },
  });
  await client.waitFor((m) => m.type === 'connection_ack');
  client.send({
    id: 'deep',
    type: 'subscribe',
    payload: {
      query: `subscription { migrationProgress(migrationId: "x") { migration {
        mappings { migration { mappings { migration { mappings { migration { id } } } } } } } } }`,
    },
  });
  const error = await client.waitFor((m) => m.id === 'deep');
  expect(error.type).toBe('error');
  expect(JSON.stringify(error.payload)).toMatch(/Query depth 9 exceeds the limit of 8/);
});
