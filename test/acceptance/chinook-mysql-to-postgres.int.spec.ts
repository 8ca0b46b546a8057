import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationStreamId } from '@sensei/domain';
import { createPGliteEventStore, MigrationCommandStream, type RecordedEvent } from '@sensei/infra';
import {
  chinookFixtureDir,
  type ChinookDatabase,
  loadChinookIntoMariaDb,
  loadChinookIntoPostgres,
} from '../support/chinook';
import {
  compareWithOfficialChinook,
  comparisonReport,
  equalToOfficial,
} from '../support/chinook-comparison';
import {
  chinookPersonalColumns,
  flaggedPiiColumns,
  isKeyOrAmount,
  mappingDecisions,
} from '../support/chinook-migration-events';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database';
import { ChildOutput, spawnTs } from '../support/spawn-ts';

/**
 * Issue 3's acceptance, end to end through the real `sensei` process: Chinook from MariaDB
 * into an empty PostgreSQL database that has only the official schema, with no human review,
 * equals the official Chinook_PostgreSql.sql row for row.
 */
describe('sensei migrate: Chinook from MariaDB to PostgreSQL', () => {
  const migrationId = randomUUID();
  const dataDir = mkdtempSync(join(tmpdir(), 'sensei-acceptance-'));
  let source: ChinookDatabase;
  let target: PostgresTestDatabase;
  let official: ChinookDatabase;
  let cli: ChildOutput;
  let exitCode: number | NodeJS.Signals;
  let events: RecordedEvent[];

  beforeAll(async () => {
    [source, target, official] = await Promise.all([
      loadChinookIntoMariaDb(),
      createPostgresTestDatabase(),
      loadChinookIntoPostgres(),
    ]);
    cli = new ChildOutput(
      spawnTs('apps/cli/src/main.ts', [
        ...['--data-dir', dataDir, 'migrate', '--id', migrationId],
        ...['--source', source.uri, '--target', target.url],
        ...['--target-schema', join(chinookFixtureDir, 'chinook-target-schema.sql')],
      ]),
    );
    exitCode = await cli.exited();
    const eventStore = await createPGliteEventStore(join(dataDir, 'data'));
    try {
      events = await new MigrationCommandStream(eventStore).read(migrationStreamId(migrationId));
    } finally {
      await eventStore.close();
    }
  }, 600_000);

  afterAll(async () => {
    await Promise.all([source?.drop(), target?.drop(), official?.drop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes with every mapping approved by the threshold, no human review', () => {
    expect({ exitCode, output: exitCode === 0 ? '' : cli.all }).toEqual({
      exitCode: 0,
      output: '',
    });
    expect(cli.all).toContain(`migration ${migrationId}: completed`);
    expect(events.at(-1)?.type).toBe('MigrationCompleted');
    expect(mappingDecisions(events)).toEqual({
      proposed: 64,
      autoApproved: 64,
      approvedByHumans: 0,
      sentToReview: 0,
      rejected: 0,
    });
  });

  it('flags every personal column of Chinook as PII, and no key or amount', () => {
    const flagged = flaggedPiiColumns(events);
    expect(flagged).toEqual(expect.arrayContaining(chinookPersonalColumns));
    expect(flagged.filter(isKeyOrAmount)).toEqual([]);
  });

  it('leaves a target equal to the official Chinook: EXCEPT ALL both ways is empty', async () => {
    const { repaired, tables } = await compareWithOfficialChinook(target.url, official.uri);
    console.log(`Chinook MariaDB -> PostgreSQL vs official:\n${comparisonReport(tables)}`);
    expect(repaired).toEqual({ customer: 1, invoice: 7 });
    expect(tables).toEqual(equalToOfficial);
  });
});
