import { sqlAuditTrailContract } from '../../../../test/contract/sql-audit-trail.contract';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../test/support/postgres-test-database';
import { createPostgresEventStore } from '../event-store/postgres/create-postgres-event-store';

// One fresh database per run (DATABASE_URL's server), one schema per test.
let database: PostgresTestDatabase;
let schemaCount = 0;
beforeAll(async () => {
  database = await createPostgresTestDatabase();
}, 60_000);
afterAll(() => database?.drop());

sqlAuditTrailContract('PostgreSQL', () =>
  createPostgresEventStore(database.url, { schema: `audit_${(schemaCount += 1)}` }),
);
