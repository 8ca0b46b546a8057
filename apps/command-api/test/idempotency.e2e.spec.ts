import { requestHash } from '../src/idempotency/request-hash';
import {
  bearer,
  call,
  eventsOf,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';

describe('command API: Idempotency-Key (e2e)', () => {
  let api: TestApi;
  const operator = bearer('operator', 'olivia');

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.app.close();
  });

  const create = (key: string, body: unknown, headers = operator) =>
    call(api.app, 'POST', '/migrations', { body, headers: { ...headers, 'idempotency-key': key } });

  it('replays the first response for a retry and appends once', async () => {
    const first = await create('retry-1', migrationBody());
    // Same content, other key order: still the same request.
    const { config, target, source } = migrationBody();
    const retry = await create('retry-1', { config, target, source });

    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await eventsOf(api.app, first.body.migrationId)).toHaveLength(1);
    const all = await api.adapters.eventStore.readAll();
    expect(all.filter((e) => e.type === 'MigrationRequested')).toHaveLength(1);
  });

  it('answers 422 IDEMPOTENCY.KEY_REUSED for the same key with another body or route', async () => {
    const first = await create('reuse-1', migrationBody());
    const other = await create('reuse-1', migrationBody({ config: { sampleSize: 1 } }));
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY.KEY_REUSED');

    const otherRoute = await call(
      api.app,
      'POST',
      `/migrations/${first.body.migrationId}/ingestion/start`,
      {
        headers: { ...operator, 'idempotency-key': 'reuse-1' },
      },
    );
    expect(otherRoute.status).toBe(422);
    expect(await eventsOf(api.app, first.body.migrationId)).toHaveLength(1);
  });

  it('scopes keys to the principal: another user with the same key runs their own request', async () => {
    const mine = await create('shared-key', migrationBody());
    const theirs = await create('shared-key', migrationBody(), bearer('operator', 'oscar'));
    expect(theirs.status).toBe(201);
    expect(theirs.body.migrationId).not.toBe(mine.body.migrationId);
  });

  it('answers 409 IDEMPOTENCY.IN_PROGRESS while the first request still runs', async () => {
    const body = migrationBody();
    await api.adapters.idempotency.claim({
      principal: 'user:olivia',
      key: 'slow-1',
      method: 'POST',
      path: '/migrations',
      requestHash: requestHash(body),
      now: new Date().toISOString(),
    });
    const duplicate = await create('slow-1', body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('IDEMPOTENCY.IN_PROGRESS');
  });

  it('releases the key when the request fails, so a corrected retry runs', async () => {
    const invalid = await create('fix-1', { ...migrationBody(), colour: 'blue' });
    expect(invalid.status).toBe(400);
    const fixed = await create('fix-1', migrationBody());
    expect(fixed.status).toBe(201);
  });

  it('refuses a malformed key with 400', async () => {
    const response = await create('x'.repeat(300), migrationBody());
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].field).toBe('Idempotency-Key');
  });
});
