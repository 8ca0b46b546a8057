import { historyCopy } from '../../../test/support/read-side-history';
import { startReadSideHarness, type ReadSideHarness } from './support/read-side-harness';
import { bearer, graphql, startTestApp, testConfig, type TestApp } from './support/test-app';

/**
 * The dashboard's read API over the read models of real recorded CLI runs (test/fixtures/
 * read-side): four migrations per copy (a completed Chinook, a reviewed one, a FAILED and
 * cancelled one, one with a mapping rejected and one left in review), three copies a minute apart.
 */
let harness: ReadSideHarness;
let api: TestApp;

type Json = ReturnType<typeof JSON.parse>;

const data = async (query: string, variables?: Record<string, unknown>): Promise<Json> => {
  const { status, body } = await graphql(api, query, variables);
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  expect(status).toBe(200);
  return body.data;
};

/** The nodes of a connection, typed as the test reads them. */
const nodesOf = <Node>(connection: { edges: { node: Node }[] }): Node[] =>
  connection.edges.map((edge) => edge.node);

beforeAll(async () => {
  harness = await startReadSideHarness();
  for (const copy of [0, 1, 2]) await harness.append(historyCopy(copy));
  await harness.caughtUp();
  api = await startTestApp(harness);
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.close();
});

describe('migrations', () => {
  it('pages newest first with cursors until hasNextPage is false, each migration once', async () => {
    const page = `query Page($after: String) {
      migrations(first: 5, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id requestedAt } }
      }
    }`;
    const seen: { id: string; requestedAt: string }[] = [];
    let after: string | null = null;
    const pages: number[] = [];
    for (;;) {
      const { migrations } = await data(page, { after });
      expect(migrations.totalCount).toBe(12);
      pages.push(migrations.edges.length);
      seen.push(...nodesOf<{ id: string; requestedAt: string }>(migrations));
      expect(migrations.pageInfo.endCursor).toBe(migrations.edges.at(-1).cursor);
      if (!migrations.pageInfo.hasNextPage) break;
      after = migrations.pageInfo.endCursor;
    }
    expect(pages).toEqual([5, 5, 2]);
    expect(new Set(seen.map((m) => m.id)).size).toBe(12);
    const times = seen.map((m) => Date.parse(m.requestedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen[0]?.id).toBe('media-types-rejected-c2');
    expect(seen.at(-1)?.id).toBe('chinook');
  });

  it('filters by status, certificate status, requester and time, and counts the matches', async () => {
    const query = `query Filtered($filter: MigrationFilterInput) {
      migrations(filter: $filter, first: 20) { totalCount edges { node { id status certificateStatus } } }
    }`;
    const ids = async (filter: Record<string, unknown>) =>
      nodesOf<{ id: string }>((await data(query, { filter })).migrations)
        .map((node) => node.id)
        .sort();

    expect(await ids({ status: ['COMPLETED'] })).toEqual([
      'chinook',
      'chinook-c1',
      'chinook-c2',
      'genres-review',
      'genres-review-c1',
      'genres-review-c2',
    ]);
    expect(await ids({ status: ['CANCELLED'], certificateStatus: ['FAILED'] })).toEqual([
      'genres-failed',
      'genres-failed-c1',
      'genres-failed-c2',
    ]);
    expect(await ids({ requestedBy: 'nobody' })).toEqual([]);
    // The window [chinook-c2's request, +1 ms) holds that migration alone.
    const { migration } = await data('{ migration(id: "chinook-c2") { requestedAt } }');
    const after = migration.requestedAt as string;
    const before = new Date(Date.parse(after) + 1).toISOString();
    expect(await ids({ requestedAfter: after, requestedBefore: before })).toEqual(['chinook-c2']);
    const counted = await data(query, { filter: { status: ['CANCELLED'] } });
    expect(counted.migrations.totalCount).toBe(6);
  });

  it('shows a migration with its tables, mappings, certificate, receipt, PII and audit log', async () => {
    const { migration } = await data(`{
      migration(id: "chinook") {
        id status phase requestedBy rowCount deliveredRows
        source { kind uri } target { kind uri }
        mappingCounts { total inReview approved }
        timings { ingestionMs deliveryMs }
        tables(role: SOURCE) { name rows piiColumns }
        mappings { id sourceTable sourceColumn targetTable targetColumn confidence status decidedBy }
        certificate { id status evidenceHash issuedAt }
        receipt { rowCount checksum verifiedInTarget rowsPerTable { table rows } }
        piiFindings { table column }
        activity(first: 3) { totalCount pageInfo { hasNextPage } edges { node { eventType actor } } }
      }
    }`);
    expect(migration).toMatchObject({
      id: 'chinook',
      status: 'COMPLETED',
      phase: 'DONE',
      requestedBy: 'cli:root',
      source: { kind: 'sqlite', uri: 'test/fixtures/chinook/Chinook_Sqlite.sqlite' },
      mappingCounts: { total: 64, inReview: 0, approved: 64 },
      certificate: { status: 'PASSED' },
    });
    expect(migration.rowCount).toBe(15_607);
    expect(migration.deliveredRows).toBe(15_607);
    expect(migration.timings.ingestionMs).toBeGreaterThan(0);
    expect(migration.tables).toHaveLength(11);
    expect(migration.tables).toContainEqual(
      expect.objectContaining({ name: 'InvoiceLine', rows: 2240 }),
    );
    expect(migration.mappings).toHaveLength(64);
    expect(migration.mappings).toContainEqual(
      expect.objectContaining({
        sourceTable: 'InvoiceLine',
        sourceColumn: 'UnitPrice',
        targetTable: 'invoice_line',
        targetColumn: 'unit_price',
        status: 'APPROVED',
      }),
    );
    for (const mapping of migration.mappings)
      expect(mapping.confidence).toBeGreaterThanOrEqual(0.92);
    expect(migration.receipt.rowCount).toBe(15_607);
    // A receipt recorded before deliveries read the target back says neither yes nor no.
    expect(migration.receipt.verifiedInTarget).toBeNull();
    expect(migration.receipt.rowsPerTable).toContainEqual({ table: 'invoice_line', rows: 2240 });
    expect(migration.piiFindings).toContainEqual({ table: 'Customer', column: 'Email' });
    expect(migration.activity.totalCount).toBe(138);
    expect(migration.activity.pageInfo.hasNextPage).toBe(true);
    expect(nodesOf<{ eventType: string }>(migration.activity).map((n) => n.eventType)).toEqual([
      'MigrationRequested',
      'IngestionStarted',
      'IngestionCompleted',
    ]);
  });

  it('answers null for an unknown migration', async () => {
    expect((await data('{ migration(id: "nope") { id } }')).migration).toBeNull();
  });

  it('lists mappings by status and the decisions taken on them', async () => {
    const { migration } = await data(`{
      migration(id: "media-types-rejected") {
        status mappingCounts { total inReview }
        rejected: mappings(status: [REJECTED]) { id status decidedBy decisionNote }
        waiting: mappings(status: [IN_REVIEW]) { id confidence reviewReason }
      }
    }`);
    expect(migration.status).toBe('CANCELLED');
    expect(migration.rejected).toEqual([
      expect.objectContaining({ id: 'map:MediaType.Name:media_type.name', status: 'REJECTED' }),
    ]);
    expect(migration.rejected[0].decidedBy).toBeTruthy();
    expect(migration.waiting).toEqual([
      expect.objectContaining({ id: 'map:MediaType.MediaTypeId:media_type.media_type_id' }),
    ]);
    expect(migration.waiting[0].confidence).toBeLessThan(1);
  });

  it('keeps every certificate of a migration that was verified twice', async () => {
    const { migration } = await data(`{
      migration(id: "genres-failed") {
        status certificateStatus haltedReason
        certificate { id status }
        certificates { id status }
      }
    }`);
    expect(migration.status).toBe('CANCELLED');
    expect(migration.certificateStatus).toBe('FAILED');
    expect((migration.certificates as { status: string }[]).map((c) => c.status)).toEqual([
      'FAILED',
      'FAILED',
    ]);
    expect(migration.certificate.id).toBe(migration.certificates[1].id);
  });
});

describe('reviewQueue', () => {
  it('pages the mappings waiting for a human, oldest first, with their migration', async () => {
    const query = `query Queue($after: String) {
      reviewQueue(first: 2, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id migrationId confidence status migration { id status } } }
      }
    }`;
    const first = (await data(query)).reviewQueue;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await data(query, { after: first.pageInfo.endCursor })).reviewQueue;
    expect(second.pageInfo.hasNextPage).toBe(false);
    const nodes = [...nodesOf<Json>(first), ...nodesOf<Json>(second)] as {
      migrationId: string;
    }[];
    expect(nodes.map((n) => n.migrationId)).toEqual([
      'media-types-rejected',
      'media-types-rejected-c1',
      'media-types-rejected-c2',
    ]);
    for (const node of nodes) {
      expect(node).toMatchObject({
        id: 'map:MediaType.MediaTypeId:media_type.media_type_id',
        status: 'IN_REVIEW',
        migration: { id: node.migrationId, status: 'CANCELLED' },
      });
    }
    const one = await data(
      `{ reviewQueue(migrationId: "media-types-rejected-c1") { totalCount } }`,
    );
    expect(one.reviewQueue.totalCount).toBe(1);
  });
});

describe('lineage', () => {
  it('walks downstream from a source column across every migration that read it', async () => {
    const { lineage } = await data(`{
      lineage(
        column: { store: "sqlite:test/fixtures/chinook/Chinook_Sqlite.sqlite", table: "InvoiceLine", column: "UnitPrice" }
        direction: DOWNSTREAM
      ) { migrationId from { table column } to { store table column } transform depth }
    }`);
    const steps = lineage as { migrationId: string; to: { table: string; column: string } }[];
    expect(steps.map((step) => step.migrationId).sort()).toEqual([
      'chinook',
      'chinook-c1',
      'chinook-c2',
    ]);
    for (const step of steps)
      expect(step.to).toMatchObject({ table: 'invoice_line', column: 'unit_price' });
  });

  it('names what is wrong: a column without store or migration, a migration it does not know', async () => {
    const unnamed = await graphql(
      api,
      '{ lineage(column: { table: "t", column: "c" }) { depth } }',
    );
    expect(unnamed.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const unknown = await graphql(
      api,
      '{ lineage(column: { migrationId: "nope", table: "t", column: "c" }) { depth } }',
    );
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'NOT_FOUND',
      senseiCode: 'MIGRATION.NOT_FOUND',
    });
  });
});

describe('bad input', () => {
  it('refuses a cursor it did not hand out and a page size out of range, naming the argument', async () => {
    const badCursor = await graphql(
      api,
      '{ migrations(after: "bm90LWEtY3Vyc29y") { totalCount } }',
    );
    expect(badCursor.status).toBe(200);
    expect(badCursor.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      senseiCode: 'VALIDATION.FAILED',
      field: 'after',
    });
    const tooMany = await graphql(api, '{ migrations(first: 1000) { totalCount } }');
    expect(tooMany.body.errors?.[0]).toMatchObject({
      message: 'first must be between 1 and 100, got 1000',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('answers a malformed query with 400 and the parser error', async () => {
    const broken = await graphql(api, '{ migrations(first: 1) { edges ');
    expect(broken.status).toBe(400);
    expect(broken.body.errors?.[0]?.message).toMatch(/Syntax Error/);
  });
});

describe('projection status', () => {
  it('lists every projection caught up with the head, in GraphQL and as JSON', async () => {
    const { projectionStatus } = await data(`{
      projectionStatus { headPosition projections { name state position lagEvents lagSeconds parked lastError } }
    }`);
    const head = (await harness.feed.head())?.position;
    expect(projectionStatus.headPosition).toBe(head);
    // Every read model of libs/infra (which ones is theirs to say), and the lineage graph.
    const names = (projectionStatus.projections as { name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['migrations', 'lineage']));
    for (const projection of projectionStatus.projections) {
      expect(projection).toMatchObject({
        position: head,
        lagEvents: 0,
        parked: 0,
        lastError: null,
      });
    }

    const rest = await api.app.inject({
      method: 'GET',
      url: '/projections/status',
      headers: bearer('viewer'),
    });
    expect(rest.statusCode).toBe(200);
    expect(JSON.parse(rest.body)).toMatchObject(projectionStatus);
  });

  it('answers /healthz and /readyz without a credential', async () => {
    const health = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      status: 'ready',
      checks: { readDatabase: { ok: true }, eventFeed: { ok: true } },
    });
  });
});

// Last: it appends a fourth copy of the history.
describe('caches', () => {
  it('answers an identical query again without SQL, until the read side applies new events', async () => {
    const cached = await startTestApp(harness, { config: testConfig({ cacheMs: 60_000 }) });
    try {
      const count = async (query = '{ migrations { totalCount } }') => {
        const { body, headers } = await graphql(cached, query);
        const { totalCount } = body.data?.migrations as { totalCount: number };
        return { totalCount, cache: headers['x-sensei-cache'] };
      };
      expect(await count()).toEqual({ totalCount: 12, cache: 'miss' });
      harness.readSql.reset();
      expect(await count()).toEqual({ totalCount: 12, cache: 'hit' });
      expect(harness.readSql.count).toBe(0);
      // Another query text is executed, its reads (the page, the count) answered by the
      // read-model cache: the first query read the same page.
      expect(await count('{ migrations { totalCount edges { cursor } } }')).toMatchObject({
        totalCount: 12,
        cache: 'miss',
      });
      expect(harness.readSql.count).toBe(0);

      await harness.append(historyCopy(3));
      await harness.caughtUp();
      expect(await count()).toEqual({ totalCount: 16, cache: 'miss' });
    } finally {
      await cached.app.close();
    }
  });

  it('keeps no answer with errors, and none for anonymous requests', async () => {
    const cached = await startTestApp(harness, { config: testConfig({ cacheMs: 60_000 }) });
    try {
      const bad = '{ migrations(first: 0) { totalCount } }';
      for (const _ of [1, 2]) {
        const { body, headers } = await graphql(cached, bad);
        expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(headers['x-sensei-cache']).toBe('miss');
      }
      await graphql(cached, '{ migrations { totalCount } }');
      const anonymous = await graphql(cached, '{ migrations { totalCount } }', undefined, {});
      expect(anonymous.status).toBe(401);
    } finally {
      await cached.app.close();
    }
  });
});
