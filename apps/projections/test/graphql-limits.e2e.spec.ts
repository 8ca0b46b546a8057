import { startReadSideHarness, type ReadSideHarness } from './support/read-side-harness';
import { graphql, startTestApp, testConfig, type TestApp } from './support/test-app';

/** Depth and complexity limits refuse a query with HTTP 400 before it touches the database. */
let harness: ReadSideHarness;
let api: TestApp;

beforeAll(async () => {
  harness = await startReadSideHarness();
  api = await startTestApp(harness, {
    config: testConfig({ maxDepth: 6, maxComplexity: 2_000 }),
  });
}, 60_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.close();
});

beforeEach(() => harness.readSql.reset());

it('refuses a query nested deeper than the limit', async () => {
  const deep = `{ reviewQueue { edges { node { migration { mappings { migration { id } } } } } } }`;
  const refused = await graphql(api, deep);
  expect(refused.status).toBe(400);
  expect(refused.body).toEqual({
    data: null,
    errors: [
      expect.objectContaining({
        message: 'Query depth 7 exceeds the limit of 6; ask for less nesting',
        extensions: { code: 'QUERY_TOO_DEEP', depth: 7, maxDepth: 6 },
      }),
    ],
  });
  expect(harness.readSql.count).toBe(0);
});

it('refuses a query over the complexity budget, and runs the same shape asked smaller', async () => {
  const shape = (first: number) =>
    `{ migrations(first: ${first}) { edges { node { id tables { name rows } mappings { id confidence } } } } }`;
  const refused = await graphql(api, shape(100));
  expect(refused.status).toBe(400);
  expect(refused.body.errors?.[0]?.extensions).toMatchObject({
    code: 'QUERY_TOO_COMPLEX',
    maxComplexity: 2_000,
  });
  expect(refused.body.errors?.[0]?.extensions?.complexity).toBeGreaterThan(2_000);
  expect(harness.readSql.count).toBe(0);

  const allowed = await graphql(api, shape(10));
  expect(allowed.status).toBe(200);
  expect(allowed.body.errors).toBeUndefined();
});

it('counts fragments and aliases: splitting a query does not get around the limits', async () => {
  const aliased = `{
    a: migrations(first: 60) { ...M } b: migrations(first: 60) { ...M }
  }
  fragment M on MigrationConnection { edges { node { tables { name } mappings { id } } } }`;
  const refused = await graphql(api, aliased);
  expect(refused.status).toBe(400);
  expect(refused.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
});

it('still answers introspection (GraphiQL, codegen)', async () => {
  const schema = await graphql(api, '{ __schema { queryType { name } } }');
  expect(schema.status).toBe(200);
  expect(schema.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
});
