import { sqlAuditTrailContract } from '../../../../test/contract/sql-audit-trail.contract';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { PGliteSqlClient } from '../sql/pglite-sql-client';

// Starting PGlite takes seconds: one in-memory instance, a schema per test.
let client: PGliteSqlClient;
let schemaCount = 0;
beforeAll(async () => {
  client = await PGliteSqlClient.open('memory://');
}, 60_000);
afterAll(() => client.close());

sqlAuditTrailContract('PGlite', async () => {
  const store = new SqlEventStore(client, {
    schema: `audit_${(schemaCount += 1)}`,
    ownsClient: false,
  });
  await store.migrate();
  return store;
});
