import { SenseiError } from '@sensei/domain';
import { createCommandApi } from '../src/bootstrap';
import {
  bearer,
  call,
  migrationBody,
  startTestApi,
  testConfig,
  type TestApi,
} from './support/test-api';

describe('command API: health, docs and error rendering (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('serves /healthz and /readyz without credentials', async () => {
    expect(await call(api.app, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const ready = await call(api.app, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { eventStore: { ok: true }, sql: { ok: true } },
    });
  });

  it('answers /readyz with 503 and the cause when the event store does not answer', async () => {
    const ping = jest
      .spyOn(api.adapters.eventStore, 'ping')
      .mockRejectedValue(
        new SenseiError('EVENT_STORE.UNAVAILABLE', 'connection refused (db:5432)'),
      );
    try {
      const response = await call(api.app, 'GET', '/readyz');
      expect(response.status).toBe(503);
      expect(response.body.checks.eventStore).toEqual({
        ok: false,
        error: 'connection refused (db:5432)',
      });
      expect((await call(api.app, 'GET', '/healthz')).status).toBe(200);
    } finally {
      ping.mockRestore();
    }
  });

  it('publishes OpenAPI at /docs-json with every route and both security schemes, and the UI at /docs', async () => {
    const { status, body } = await call(api.app, 'GET', '/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/migrations',
        '/migrations/{id}/events',
        '/migrations/{id}/ingestion/start',
        '/migrations/{id}/mappings',
        '/migrations/{id}/mappings/{mappingId}/approve',
        '/migrations/{id}/certificate',
        '/migrations/{id}/delivery/confirm',
        '/migrations/{id}/halt',
        '/api-keys',
        '/healthz',
        '/readyz',
      ]),
    );
    expect(body.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    expect(
      body.paths['/migrations'].post.requestBody.content['application/json'].schema.$ref,
    ).toMatch(/CreateMigrationRequestDto/);

    const ui = await api.app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger-ui-bundle.js');
    const bundle = await api.app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });

  it('renders an unexpected failure as 500 INTERNAL without its message or stack', async () => {
    const read = jest
      .spyOn(api.adapters.eventStore, 'readStream')
      .mockRejectedValue(new Error('secret detail at /srv/app/store.js:42'));
    const silenced = jest.spyOn(process.stdout, 'write').mockReturnValue(true);
    const silencedErr = jest.spyOn(process.stderr, 'write').mockReturnValue(true);
    try {
      const response = await call(api.app, 'GET', '/migrations/abc/events', {
        headers: bearer('viewer'),
      });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        error: { code: 'INTERNAL', message: 'Internal server error', details: {} },
      });
    } finally {
      read.mockRestore();
      silenced.mockRestore();
      silencedErr.mockRestore();
    }
  });

  it('gives framework errors the same shape: unknown route, wrong media type, empty JSON body', async () => {
    const unknown = await call(api.app, 'GET', '/nowhere', { headers: bearer('viewer') });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'HTTP.NOT_FOUND' });

    const text = await api.app.inject({
      method: 'POST',
      url: '/migrations',
      headers: { ...bearer('operator'), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(JSON.parse(text.body).error.code).toBe('HTTP.UNSUPPORTED_MEDIA_TYPE');

    const empty = await api.app.inject({
      method: 'POST',
      url: '/migrations',
      headers: { ...bearer('operator'), 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(400);
    expect(JSON.parse(empty.body).error.code).toBe('VALIDATION.FAILED');
  });
});

describe('command API: dev mode (e2e)', () => {
  it('without a JWT secret, generates one and hands out a working admin token', async () => {
    const { app, devToken } = await createCommandApi(testConfig({ auth: { devMode: true } }));
    try {
      expect(devToken).toEqual(expect.any(String));
      const created = await call(app, 'POST', '/migrations', {
        headers: { authorization: `Bearer ${devToken}` },
        body: migrationBody(),
      });
      expect(created.status).toBe(201);
      const keys = await call(app, 'GET', '/api-keys', {
        headers: { authorization: `Bearer ${devToken}` },
      });
      expect(keys.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
