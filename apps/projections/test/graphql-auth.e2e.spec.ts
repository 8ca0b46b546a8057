import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generateApiKey, hashApiKey, SqlApiKeyStore } from '@sensei/infra';
import { startReadSideHarness, type ReadSideHarness } from './support/read-side-harness';
import { bearer, graphql, JWT_SECRET, startTestApp, type TestApp } from './support/test-app';

/** The command API's credentials and roles, on the read API. */
let harness: ReadSideHarness;
let api: TestApp;
const query = '{ migrations(first: 1) { totalCount } }';

beforeAll(async () => {
  harness = await startReadSideHarness();
  api = await startTestApp(harness);
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.close();
});

const asKey = (key: string) => ({ 'x-api-key': key });

const newKey = async (role: string) => {
  const key = generateApiKey();
  const store = new SqlApiKeyStore(harness.readSql);
  const record = await store.create({
    id: randomUUID(),
    name: `key-${role}-${randomUUID()}`,
    role,
    keyHash: hashApiKey(key),
    createdBy: 'user:admin',
    createdAt: new Date().toISOString(),
  });
  return { key, store, id: record!.id };
};

it('answers 401 UNAUTHENTICATED before running anything when no credential is sent', async () => {
  harness.readSql.reset();
  const anonymous = await graphql(api, query, undefined, {});
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers['www-authenticate']).toMatch(/Bearer/);
  expect(anonymous.body).toEqual({
    data: null,
    errors: [
      {
        message: 'Send a bearer token (Authorization: Bearer ...) or an API key (X-API-Key)',
        extensions: {
          code: 'UNAUTHENTICATED',
          senseiCode: 'AUTH.UNAUTHENTICATED',
          reason: 'missing_credentials',
        },
      },
    ],
  });
  expect(harness.readSql.count).toBe(0);
});

it('refuses forged, expired and role-less tokens with 401', async () => {
  const forged = jwt.sign(
    { sub: 'mallory', role: 'admin' },
    'another-secret-that-is-long-enough-000',
  );
  const expired = jwt.sign({ sub: 'bob', role: 'viewer', exp: 1 }, JWT_SECRET);
  const roleless = jwt.sign({ sub: 'bob' }, JWT_SECRET);
  for (const token of [forged, expired, roleless, 'garbage']) {
    const refused = await graphql(api, query, undefined, { authorization: `Bearer ${token}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'invalid_token',
    });
  }
});

it('lets every role read, viewer (the least) included', async () => {
  for (const role of ['viewer', 'operator', 'approver', 'admin'] as const) {
    const allowed = await graphql(api, query, undefined, bearer(role));
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ data: { migrations: { totalCount: 0 } } });
  }
});

it('accepts an API key from the api_keys table, and refuses it once revoked', async () => {
  const { key, store, id } = await newKey('viewer');
  expect((await graphql(api, query, undefined, asKey(key))).status).toBe(200);
  expect((await graphql(api, query, undefined, { authorization: `ApiKey ${key}` })).status).toBe(
    200,
  );
  await store.revoke(id, new Date().toISOString());
  const revoked = await graphql(api, query, undefined, asKey(key));
  expect(revoked.status).toBe(401);
  expect(revoked.body.errors?.[0]?.extensions).toMatchObject({ reason: 'invalid_api_key' });
});

it('guards GET /projections/status the same way, with the command API error shape', async () => {
  const anonymous = await api.app.inject({ method: 'GET', url: '/projections/status' });
  expect(anonymous.statusCode).toBe(401);
  expect(JSON.parse(anonymous.body)).toMatchObject({
    error: { code: 'AUTH.UNAUTHENTICATED' },
  });
  const allowed = await api.app.inject({
    method: 'GET',
    url: '/projections/status',
    headers: bearer('viewer'),
  });
  expect(allowed.statusCode).toBe(200);
});
