import { randomUUID } from 'node:crypto';
import {
  bearer,
  call,
  eventsOf,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';

describe('command API: migrations (e2e, PGlite in memory)', () => {
  let api: TestApi;
  const operator = bearer('operator', 'olivia');

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.app.close();
  });

  const create = (body: unknown = migrationBody(), headers: Record<string, string> = operator) =>
    call(api.app, 'POST', '/migrations', { body, headers });

  it('creates a migration with a server-generated id and reads its event back with metadata', async () => {
    const created = await create(migrationBody(), { ...operator, 'x-correlation-id': 'corr-123' });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      migrationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      revision: 0,
      position: expect.any(Number),
      events: ['MigrationRequested'],
    });
    expect(created.headers.location).toBe(`/migrations/${created.body.migrationId}/events`);
    expect(created.headers['x-correlation-id']).toBe('corr-123');

    const read = await call(api.app, 'GET', `/migrations/${created.body.migrationId}/events`, {
      headers: bearer('viewer'),
    });
    expect(read.status).toBe(200);
    expect(read.body.events).toHaveLength(1);
    const [event] = read.body.events;
    expect(event).toMatchObject({
      type: 'MigrationRequested',
      revision: 0,
      position: created.body.position,
      data: {
        migrationId: created.body.migrationId,
        source: migrationBody().source,
        target: migrationBody().target,
        config: { sampleSize: 5000, reviewThreshold: 0.92 },
        requestedBy: 'user:olivia',
      },
      metadata: {
        actor: 'user:olivia',
        correlationId: 'corr-123',
        causationId: expect.any(String),
      },
    });
    expect(Date.parse(event.metadata.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses a client-chosen id and refuses to create it twice (409 MIGRATION.ALREADY_EXISTS)', async () => {
    const migrationId = `crm-${randomUUID()}`;
    expect((await create(migrationBody({ migrationId }))).body.migrationId).toBe(migrationId);

    const again = await create(migrationBody({ migrationId }));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('MIGRATION.ALREADY_EXISTS');
    expect(await eventsOf(api.app, migrationId)).toHaveLength(1);
  });

  it('answers 400 with every failing field and appends nothing', async () => {
    const migrationId = randomUUID();
    const response = await create({
      migrationId,
      source: { kind: 'oracle', uri: 42 },
      target: migrationBody().target,
      config: { sampleSize: 'many' },
      colour: 'blue',
    });

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION.FAILED');
    const fields = Object.fromEntries(
      response.body.error.fields.map((f: { field: string; problems: string[] }) => [
        f.field,
        f.problems,
      ]),
    );
    expect(Object.keys(fields).sort()).toEqual([
      'colour',
      'config.sampleSize',
      'source.kind',
      'source.uri',
    ]);
    expect(fields.colour[0]).toMatch(/should not exist/);
    const events = await call(api.app, 'GET', `/migrations/${migrationId}/events`, {
      headers: bearer('viewer'),
    });
    expect(events.status).toBe(404);
  });

  it('turns a domain rule (password in the uri) into 400 with the field named, appending nothing', async () => {
    const migrationId = randomUUID();
    const response = await create(
      migrationBody({
        migrationId,
        source: { kind: 'postgres', uri: 'postgres://app:hunter2@db/crm' },
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'VALIDATION.FAILED',
      fields: [{ field: 'source.uri', problems: [expect.stringMatching(/password/)] }],
    });
    expect(JSON.stringify(response.body)).not.toContain('hunter2');
    expect(
      (
        await call(api.app, 'GET', `/migrations/${migrationId}/events`, {
          headers: bearer('viewer'),
        })
      ).status,
    ).toBe(404);
  });

  it('answers malformed JSON with a clean 400', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/migrations',
      headers: { ...operator, 'content-type': 'application/json' },
      payload: '{"source": {"kind": "postgres",',
    });
    expect(response.statusCode).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error.code).toBe('VALIDATION.FAILED');
    expect(body.error.message).toMatch(/JSON/i);
    expect(response.body).not.toMatch(/at .*\.js:\d+/);
  });

  it('answers 404 MIGRATION.NOT_FOUND for events and commands of an unknown migration', async () => {
    const unknown = randomUUID();
    const read = await call(api.app, 'GET', `/migrations/${unknown}/events`, {
      headers: bearer('viewer'),
    });
    expect(read.status).toBe(404);
    expect(read.body.error).toEqual({
      code: 'MIGRATION.NOT_FOUND',
      message: expect.stringContaining(unknown),
      details: { migrationId: unknown },
    });
    const command = await call(api.app, 'POST', `/migrations/${unknown}/ingestion/start`, {
      headers: operator,
    });
    expect(command.status).toBe(404);
    expect(command.body.error.code).toBe('MIGRATION.NOT_FOUND');
  });

  it('refuses a command whose If-Match revision is stale with 409 STREAM.VERSION_CONFLICT', async () => {
    const { body: created } = await create();
    const url = `/migrations/${created.migrationId}/ingestion/start`;

    const stale = await call(api.app, 'POST', url, { headers: { ...operator, 'if-match': '"5"' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('STREAM.VERSION_CONFLICT');
    expect(stale.body.error.details).toMatchObject({ expectedRevision: 5, actualRevision: 0 });
    expect(await eventsOf(api.app, created.migrationId)).toHaveLength(1);

    const current = await call(api.app, 'POST', url, {
      headers: { ...operator, 'if-match': '"0"' },
    });
    expect(current.status).toBe(200);
    expect(current.body).toMatchObject({ revision: 1, events: ['IngestionStarted'] });
    expect(current.headers.etag).toBe('"1"');
  });

  it('refuses delivery before a PASSED certificate with 409 MIGRATION.CERTIFICATE_REQUIRED', async () => {
    const { body: created } = await create();
    const response = await call(
      api.app,
      'POST',
      `/migrations/${created.migrationId}/delivery/start`,
      {
        headers: operator,
      },
    );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('MIGRATION.CERTIFICATE_REQUIRED');
    expect(await eventsOf(api.app, created.migrationId)).toHaveLength(1);
  });

  it('refuses an illegal transition with 409 MIGRATION.ILLEGAL_TRANSITION', async () => {
    const { body: created } = await create();
    const response = await call(
      api.app,
      'POST',
      `/migrations/${created.migrationId}/transformation/start`,
      {
        headers: operator,
      },
    );
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({
      code: 'MIGRATION.ILLEGAL_TRANSITION',
      details: { status: 'requested', command: 'StartTransformation' },
    });
  });

  it('reads events backwards in pages', async () => {
    const { body: created } = await create();
    const id = created.migrationId;
    await call(api.app, 'POST', `/migrations/${id}/ingestion/start`, { headers: operator });
    await call(api.app, 'POST', `/migrations/${id}/halt`, {
      headers: operator,
      body: { reason: 'maintenance' },
    });

    const page = await call(
      api.app,
      'GET',
      `/migrations/${id}/events?direction=backwards&maxCount=2`,
      {
        headers: bearer('viewer'),
      },
    );
    expect(page.body.events.map((e: { type: string }) => e.type)).toEqual([
      'MigrationHalted',
      'IngestionStarted',
    ]);
    expect(page.body.nextFromRevision).toBe(0);
    const rest = await call(
      api.app,
      'GET',
      `/migrations/${id}/events?direction=backwards&fromRevision=${page.body.nextFromRevision}&maxCount=2`,
      { headers: bearer('viewer') },
    );
    expect(rest.body.events.map((e: { type: string }) => e.type)).toEqual(['MigrationRequested']);
    expect(rest.body.nextFromRevision).toBeUndefined();

    const bad = await call(
      api.app,
      'GET',
      `/migrations/${id}/events?maxCount=0&direction=sideways`,
      {
        headers: bearer('viewer'),
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'direction',
      'maxCount',
    ]);
  });

  it('refuses fields on a command that takes none', async () => {
    const { body: created } = await create();
    const response = await call(
      api.app,
      'POST',
      `/migrations/${created.migrationId}/ingestion/start`,
      {
        headers: operator,
        body: { force: true },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([
      { field: 'force', problems: [expect.stringMatching(/should not exist/)] },
    ]);
    expect(await eventsOf(api.app, created.migrationId)).toHaveLength(1);
  });
});
