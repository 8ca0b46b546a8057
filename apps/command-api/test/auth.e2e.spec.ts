import jwt from 'jsonwebtoken';
import {
  bearer,
  call,
  JWT_SECRET,
  migrationBody,
  startTestApi,
  type TestApi,
} from './support/test-api';

describe('command API: authentication and roles (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api.app.close();
  });

  const createMigration = (headers: Record<string, string>) =>
    call(api.app, 'POST', '/migrations', { headers, body: migrationBody() });

  it('answers 401 with a WWW-Authenticate challenge when no credential is sent', async () => {
    const response = await createMigration({});
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/Bearer/);
    expect(response.body.error.code).toBe('AUTH.UNAUTHENTICATED');
    expect((await call(api.app, 'GET', '/migrations/x/events')).status).toBe(401);
  });

  it('answers 401 for a forged, expired, or role-less token', async () => {
    const forged = jwt.sign(
      { sub: 'mallory', role: 'admin' },
      'another-secret-of-enough-length-000000',
      {
        algorithm: 'HS256',
      },
    );
    const expired = jwt.sign(
      { sub: 'eve', role: 'admin', exp: Math.floor(Date.now() / 1000) - 3600 },
      JWT_SECRET,
      {
        algorithm: 'HS256',
      },
    );
    const roleless = jwt.sign({ sub: 'nobody' }, JWT_SECRET, { algorithm: 'HS256' });
    const unsigned = jwt.sign({ sub: 'eve', role: 'admin' }, '', { algorithm: 'none' });
    for (const token of [forged, expired, roleless, unsigned, 'not-a-jwt']) {
      const response = await createMigration({ authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toBeDefined();
      expect(response.body.error).toMatchObject({
        code: 'AUTH.UNAUTHENTICATED',
        details: { reason: 'invalid_token' },
      });
    }
  });

  it('answers 403 AUTH.FORBIDDEN when the role is too low, naming the role needed', async () => {
    const response = await createMigration(bearer('viewer'));
    expect(response.status).toBe(403);
    expect(response.body.error).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      details: { role: 'viewer', requiredRole: 'operator' },
    });
    const keys = await call(api.app, 'GET', '/api-keys', { headers: bearer('approver') });
    expect(keys.status).toBe(403);
  });

  it('lets an admin create an API key that works, is stored hashed, and can be revoked', async () => {
    const created = await call(api.app, 'POST', '/api-keys', {
      headers: bearer('admin', 'root'),
      body: { name: 'ci-pipeline', role: 'operator' },
    });
    expect(created.status).toBe(201);
    const { key, id } = created.body;
    expect(created.body).toMatchObject({
      name: 'ci-pipeline',
      role: 'operator',
      createdBy: 'user:root',
    });
    expect(key).toMatch(/^sensei_/);

    const viaHeader = await createMigration({ 'x-api-key': key });
    expect(viaHeader.status).toBe(201);
    const viaScheme = await createMigration({ authorization: `ApiKey ${key}` });
    expect(viaScheme.status).toBe(201);
    const events = await call(api.app, 'GET', `/migrations/${viaHeader.body.migrationId}/events`, {
      headers: { 'x-api-key': key },
    });
    expect(events.body.events[0].metadata.actor).toBe('apikey:ci-pipeline');

    const stored = await api.adapters.sql.query<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(stored.rows).toHaveLength(1);
    expect(JSON.stringify(stored.rows)).not.toContain(key);
    expect(JSON.stringify(stored.rows)).not.toContain(key.slice('sensei_'.length));

    const listed = await call(api.app, 'GET', '/api-keys', { headers: bearer('admin') });
    expect(listed.body).toEqual([expect.objectContaining({ id, name: 'ci-pipeline' })]);
    expect(JSON.stringify(listed.body)).not.toContain(key);

    const tooLow = await call(api.app, 'POST', '/api-keys', {
      headers: { 'x-api-key': key },
      body: { name: 'x', role: 'admin' },
    });
    expect(tooLow.status).toBe(403);

    const duplicate = await call(api.app, 'POST', '/api-keys', {
      headers: bearer('admin'),
      body: { name: 'ci-pipeline', role: 'viewer' },
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.fields[0].field).toBe('name');

    expect(
      (await call(api.app, 'DELETE', `/api-keys/${id}`, { headers: bearer('admin') })).status,
    ).toBe(204);
    const revoked = await createMigration({ 'x-api-key': key });
    expect(revoked.status).toBe(401);
    expect((await createMigration({ 'x-api-key': 'sensei_guessed' })).status).toBe(401);
  });
});
