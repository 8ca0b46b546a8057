import { appendHistoryCopies } from '../../../test/support/read-side-history';
import { startReadSideHarness, type ReadSideHarness } from './support/read-side-harness';
import { graphql, startTestApp, type TestApp } from './support/test-app';

/**
 * No N+1: 100 migrations (25 copies of four real recorded CLI runs) with their mappings, tables,
 * certificates, receipts and PII findings are a fixed number of SQL statements, counted on the
 * read database the app queries.
 */
let harness: ReadSideHarness;
let api: TestApp;

beforeAll(async () => {
  harness = await startReadSideHarness();
  await appendHistoryCopies(harness.store, { from: 0, to: 25 });
  await harness.caughtUp();
  api = await startTestApp(harness);
}, 120_000);

afterAll(async () => {
  await api?.app.close();
  await harness?.close();
});

const dashboard = (first: number) => `{
  migrations(first: ${first}) {
    edges { node {
      id status
      tables { name rows }
      mappings { id confidence status }
      approved: mappings(status: [APPROVED]) { id }
      certificate { id status }
      receipt { rowCount }
      piiFindings { table column }
    } }
  }
}`;

/** Runs the query and returns the statements it sent to the read database. */
const statementsOf = async (query: string) => {
  harness.readSql.reset();
  const { status, body } = await graphql(api, query);
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  return { statements: [...harness.readSql.statements], data: body.data };
};

it('answers 100 migrations with their mappings in one statement per field', async () => {
  const { statements, data } = await statementsOf(dashboard(100));
  const edges = (
    data?.migrations as { edges: { node: { mappings: unknown[]; certificate: unknown } }[] }
  ).edges;
  expect(edges).toHaveLength(100);
  // 25 copies of chinook (64 mappings) + genres-review (3) + genres-failed (2) + media-types (2).
  expect(edges.reduce((sum, edge) => sum + edge.node.mappings.length, 0)).toBe(
    25 * (64 + 3 + 2 + 2),
  );
  // the page, then one each: tables, mappings, approved mappings, certificate, receipt, PII.
  expect(statements).toHaveLength(7);
  expect(statements.filter((sql) => sql.includes('FROM read.mappings'))).toHaveLength(2);
});

it('sends as many statements for 10 migrations as for 100', async () => {
  const ten = await statementsOf(dashboard(10));
  const hundred = await statementsOf(dashboard(100));
  expect(ten.statements.length).toBe(hundred.statements.length);
});

it('batches look-ups by id too: a list of aliased migration(id) fields is one statement', async () => {
  const ids = Array.from({ length: 20 }, (_, i) => `chinook${i === 0 ? '' : `-c${i}`}`);
  const aliased = `{ ${ids.map((id, i) => `m${i}: migration(id: "${id}") { id mappings { id } }`).join(' ')} }`;
  const { statements, data } = await statementsOf(aliased);
  expect(Object.values(data ?? {}).every((m) => (m as { id: string } | null)?.id)).toBe(true);
  expect(statements).toHaveLength(2);
});
