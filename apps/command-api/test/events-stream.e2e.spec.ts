import { HttpEventFeed, type RecordedEvent } from '@sensei/infra';
import { openEventStream } from './support/event-stream-client';
import { bearer, call, migrationBody, startTestApi, type TestApi } from './support/test-api';

const viewer = bearer('viewer');
const operator = bearer('operator');

/**
 * GET /events/stream over real HTTP: catch-up from the log, then live, resumable by position,
 * filtered by type; what an integration (or a projections process) sees.
 */
// Waits below poll for up to 15 s: room for a loaded CI machine, not the expected time.
jest.setTimeout(20_000);

describe('command API: Server-Sent Events at /events/stream (e2e)', () => {
  let api: TestApi;
  let baseUrl: string;

  beforeAll(async () => {
    api = await startTestApi({
      subscriptions: {
        webhooks: 'off',
        heartbeatMs: 200,
        webhookMaxAttempts: 8,
        webhookBackoffMs: 1000,
        webhookBackoffCapMs: 300_000,
        webhookTimeoutMs: 10_000,
      },
    });
    await api.app.listen(0, '127.0.0.1');
    baseUrl = await api.app.getUrl();
  }, 60_000);
  let closed = false;
  afterAll(async () => {
    if (!closed) await api.app.close();
  });

  /** Each migration: MigrationRequested, and with `start` IngestionStarted. */
  const createMigrations = async (count: number, start = true): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const created = await call(api.app, 'POST', '/migrations', {
        headers: operator,
        body: migrationBody(),
      });
      expect(created.status).toBe(201);
      const id = created.body.migrationId as string;
      if (start) {
        const started = await call(api.app, 'POST', `/migrations/${id}/ingestion/start`, {
          headers: operator,
        });
        expect(started.status).toBeLessThan(300);
      }
      ids.push(id);
    }
    return ids;
  };

  const allEvents = (): Promise<RecordedEvent[]> => api.adapters.eventStore.readAll();
  const positions = (events: RecordedEvent[]) => events.map((event) => event.position);
  const caughtUpAt = (position: number) => (reading: { comments: string[] }) =>
    reading.comments.includes(`caught-up ${position}`);

  it('sends every event from position 0 in order, each as id/event/data, then says it caught up', async () => {
    await createMigrations(3);
    const log = await allEvents();
    const head = log.at(-1)!.position;

    const stream = await openEventStream(baseUrl, '?from=0', viewer);
    await stream.waitFor(caughtUpAt(head));
    stream.close();

    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    expect(positions(stream.events)).toEqual(positions(log));
    expect(stream.events).toEqual(log);
    const first = stream.messages[0]!;
    expect(first).toEqual({
      id: String(log[0]!.position),
      event: log[0]!.type,
      data: JSON.stringify(log[0]),
    });
  });

  it('resumes after Last-Event-ID with no gap and no duplicate (and it wins over from)', async () => {
    const log = await allEvents();
    const resumeAfter = log[2]!.position;
    const head = log.at(-1)!.position;

    const stream = await openEventStream(baseUrl, '?from=0', {
      ...viewer,
      'last-event-id': String(resumeAfter),
    });
    await stream.waitFor(caughtUpAt(head));
    stream.close();

    expect(positions(stream.events)).toEqual(
      positions(log.filter((event) => event.position > resumeAfter)),
    );
  });

  it('filters by types, keeping position order', async () => {
    const log = await allEvents();
    const head = log.at(-1)!.position;
    const wanted = ['IngestionStarted'];

    const stream = await openEventStream(baseUrl, `?from=0&types=${wanted.join(',')}`, viewer);
    await stream.waitFor(caughtUpAt(head));
    stream.close();

    const expected = log.filter((event) => wanted.includes(event.type));
    expect(expected.length).toBeGreaterThan(0);
    expect(stream.events.map((event) => event.id)).toEqual(expected.map((event) => event.id));
  });

  it('delivers events appended after catch-up, live, with none skipped', async () => {
    const before = await allEvents();
    const stream = await openEventStream(baseUrl, `?from=${before.at(-1)!.position}`, viewer);
    await stream.waitFor(caughtUpAt(before.at(-1)!.position));

    await createMigrations(2);
    const after = await allEvents();
    const fresh = after.filter((event) => event.position > before.at(-1)!.position);
    await stream.waitFor((reading) => reading.events.length >= fresh.length);
    stream.close();

    expect(fresh).toHaveLength(4);
    expect(stream.events).toEqual(fresh);
  });

  it('interleaves live appends made while a client catches up without gaps or duplicates', async () => {
    const stream = await openEventStream(baseUrl, '?from=0', viewer);
    await createMigrations(3);
    const log = await allEvents();
    await stream.waitFor((reading) => reading.events.length >= log.length);
    stream.close();

    expect(positions(stream.events)).toEqual(positions(log));
  });

  it('catches up across many read batches in one stream', async () => {
    const metadata = {
      correlationId: 'c',
      causationId: 'c',
      actor: 'user:test',
      timestamp: new Date().toISOString(),
    };
    await api.adapters.eventStore.append(
      'bulk-1',
      Array.from({ length: 700 }, (_, i) => ({
        id: `bulk-${i}`,
        type: 'BulkHappened',
        data: { i },
        metadata,
      })),
    );
    const log = await allEvents();
    const stream = await openEventStream(baseUrl, '?from=0', viewer);
    await stream.waitFor(caughtUpAt(log.at(-1)!.position));
    stream.close();
    expect(positions(stream.events)).toEqual(positions(log));
  });

  it('keeps an idle stream open with heartbeat comments', async () => {
    const head = (await allEvents()).at(-1)!.position;
    const stream = await openEventStream(baseUrl, `?from=${head}`, viewer);
    await stream.waitFor((reading) => reading.comments.includes('heartbeat'), 3000);
    stream.close();
    expect(stream.events).toEqual([]);
  });

  it('GET /events/head names the last position and its time', async () => {
    const log = await allEvents();
    const head = await call(api.app, 'GET', '/events/head', { headers: viewer });
    expect(head.status).toBe(200);
    expect(head.body).toEqual({
      position: log.at(-1)!.position,
      recordedAt: log.at(-1)!.recordedAt,
    });
  });

  it('answers 400 naming the field for a bad from, types or Last-Event-ID', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['?from=-1', {}, 'from'],
      ['?from=abc', {}, 'from'],
      ['?types=Not%20A%20Type', {}, 'types'],
      ['?streamPrefix=%2F..', {}, 'streamPrefix'],
      ['', { 'last-event-id': 'seven' }, 'Last-Event-ID'],
    ];
    for (const [query, headers, field] of cases) {
      const response = await call(api.app, 'GET', `/events/stream${query}`, {
        headers: { ...viewer, ...headers },
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION.FAILED');
      expect(response.body.error.fields.map((f: { field: string }) => f.field)).toEqual([field]);
    }
  });

  it('answers 401 without a credential', async () => {
    const response = await call(api.app, 'GET', '/events/stream');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await call(api.app, 'GET', '/events/head')).status).toBe(401);
  });

  it('lets go of a stream when its client disconnects', async () => {
    const { EventStreams } = await import('../src/events/event-streams');
    const streams = api.app.get(EventStreams);
    const stream = await openEventStream(baseUrl, '?from=0', viewer);
    await stream.waitFor((reading) => reading.comments.some((c) => c.startsWith('caught-up')));
    expect(streams.openCount).toBe(1);
    stream.close();
    const deadline = Date.now() + 3000;
    while (streams.openCount > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(streams.openCount).toBe(0);
  });

  describe('HttpEventFeed (a projections process reading the log through this endpoint)', () => {
    let apiKey: string;

    beforeAll(async () => {
      const created = await call(api.app, 'POST', '/api-keys', {
        headers: bearer('admin'),
        body: { name: 'projections', role: 'viewer' },
      });
      expect(created.status).toBe(201);
      apiKey = created.body.key as string;
    });

    it('reads the log in batches over one stream, then reports nothing more', async () => {
      const log = await allEvents();
      const feed = new HttpEventFeed({ url: baseUrl, apiKey, bufferSize: 3 });
      const first = await feed.read(0, 4);
      const rest = await feed.read(first.at(-1)!.position, 1000);
      const more: RecordedEvent[] = [];
      for (let batch = rest; batch.length > 0;) {
        more.push(...batch);
        batch = await feed.read(more.at(-1)!.position, 1000);
      }
      await feed.close();

      expect(first).toEqual(log.slice(0, 4));
      expect([...first, ...more]).toEqual(log);
      expect(feed.description).toContain(baseUrl);
    });

    it('re-reads from an earlier position (a runner retrying a batch) without gaps', async () => {
      const log = await allEvents();
      const feed = new HttpEventFeed({ url: baseUrl, apiKey });
      await feed.read(0, log.length);
      const again = await feed.read(log[1]!.position, 2);
      await feed.close();
      expect(again).toEqual(log.slice(2, 4));
    });

    it('wakes a waiting reader when an event is appended, and reports the head', async () => {
      const log = await allEvents();
      const head = log.at(-1)!.position;
      const feed = new HttpEventFeed({ url: baseUrl, apiKey });
      expect(await feed.read(head, 10)).toEqual([]);
      expect(await feed.head()).toEqual({ position: head, recordedAt: log.at(-1)!.recordedAt });

      const started = Date.now();
      const waited = feed.waitForEvents(head, 10_000, new AbortController().signal);
      await createMigrations(1, false);
      await waited;
      expect(Date.now() - started).toBeLessThan(5000);
      const fresh = await feed.read(head, 10);
      await feed.close();
      expect(fresh.map((event) => event.type)).toEqual(['MigrationRequested']);
    });

    it('fails with AUTH.UNAUTHENTICATED for a bad key, naming the API', async () => {
      const feed = new HttpEventFeed({ url: baseUrl, apiKey: 'sensei_not-a-key' });
      await expect(feed.read(0, 10)).rejects.toMatchObject({
        code: 'AUTH.UNAUTHENTICATED',
        message: expect.stringContaining(baseUrl),
      });
      await feed.close();
    });
  });

  // Last: it stops the app.
  it('ends open streams when the server shuts down (clients reconnect with Last-Event-ID)', async () => {
    const stream = await openEventStream(baseUrl, '?from=0', viewer);
    await stream.waitFor((reading) => reading.comments.some((c) => c.startsWith('caught-up')));
    const feed = new HttpEventFeed({
      url: baseUrl,
      bearerToken: bearer('viewer').authorization.slice(7),
    });
    const head = (await allEvents()).at(-1)!.position;
    expect(await feed.read(head, 10)).toEqual([]);

    const started = Date.now();
    await api.app.close();
    closed = true;
    expect(Date.now() - started).toBeLessThan(5000);
    // The feed notices the end of its stream; a read then fails, and a runner retries it.
    await feed.waitForEvents(head, 5000, new AbortController().signal);
    await expect(feed.read(head, 10)).rejects.toMatchObject({ code: 'EVENT_STORE.UNAVAILABLE' });
    await feed.close();
    stream.close();
  });
});
