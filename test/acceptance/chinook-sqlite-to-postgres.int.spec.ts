import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationStreamId, type Certificate } from '@sensei/domain';
import { verifyCertificate } from '@sensei/kora';
import {
  createPGliteEventStore,
  LocalDirectoryArtifactStore,
  MigrationCommandStream,
  openKeyFileSigner,
  openSourceConnector,
  openTargetDatabase,
  type PipelineContext,
  type RecordedEvent,
  type RunOutcome,
  runMigration,
  silentProgress,
  type SqlEventStore,
} from '@sensei/infra';
import {
  chinookFixtureDir,
  type ChinookDatabase,
  chinookSqlitePath,
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

/**
 * Issue 3's acceptance from the Chinook SQLite file, in process: the same runMigration the CLI
 * drives, with the ports the CLI wires (PGlite event store, local artifacts, the connectors).
 */
describe('runMigration: Chinook from SQLite to PostgreSQL', () => {
  const migrationId = randomUUID();
  const workDir = mkdtempSync(join(tmpdir(), 'sensei-acceptance-'));
  let eventStore: SqlEventStore;
  let target: PostgresTestDatabase;
  let official: ChinookDatabase;
  let outcome: RunOutcome;
  let events: RecordedEvent[];
  let artifacts: LocalDirectoryArtifactStore;

  const migrate = async () => {
    const commands = new MigrationCommandStream(eventStore);
    artifacts = new LocalDirectoryArtifactStore(join(workDir, 'artifacts'));
    const ddl = readFileSync(join(chinookFixtureDir, 'chinook-target-schema.sql'));
    const context: PipelineContext = {
      commands,
      artifacts,
      openSource: (ref) => openSourceConnector(ref),
      openTarget: (ref) => openTargetDatabase(ref),
      progress: silentProgress,
      actor: 'test:acceptance',
      signer: await openKeyFileSigner({ defaultKeyFile: join(workDir, 'kora.key') }),
      correlationId: randomUUID(),
      newId: randomUUID,
      now: () => new Date(),
    };
    await commands.handle({
      type: 'RequestMigration',
      data: {
        migrationId,
        source: { kind: 'sqlite', uri: chinookSqlitePath },
        target: { kind: 'postgres', uri: target.url },
        config: { targetSchemaArtifact: (await artifacts.put(ddl)).hash },
      },
      metadata: {
        eventId: randomUUID(),
        correlationId: context.correlationId,
        causationId: context.correlationId,
        actor: context.actor,
        timestamp: new Date().toISOString(),
      },
    });
    outcome = await runMigration(context, migrationId);
    events = await commands.read(migrationStreamId(migrationId));
  };

  beforeAll(async () => {
    [eventStore, target, official] = await Promise.all([
      createPGliteEventStore(join(workDir, 'events')),
      createPostgresTestDatabase(),
      loadChinookIntoPostgres(),
    ]);
    await migrate();
  }, 600_000);

  afterAll(async () => {
    await Promise.all([eventStore?.close(), target?.drop(), official?.drop()]);
    rmSync(workDir, { recursive: true, force: true });
  });

  it('completes with every mapping approved by the threshold, no human review', () => {
    expect(outcome.status).toBe('completed');
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

  it('is delivered under a PASSED KORA certificate that verifies offline with its evidence', async () => {
    const issued = events.find((event) => event.type === 'CertificateIssued');
    const certificate = (issued?.data as { certificate: Certificate }).certificate;
    expect(certificate.status).toBe('PASSED');
    const verdict = await verifyCertificate(await artifacts.get(certificate.documentHash ?? ''), {
      evidence: { description: artifacts.description, read: (hash) => artifacts.get(hash) },
    });
    expect(verdict).toMatchObject({ authentic: true, status: 'PASSED', migrationId });
  });

  it('leaves a target equal to the official Chinook: EXCEPT ALL both ways is empty', async () => {
    const { repaired, tables } = await compareWithOfficialChinook(target.url, official.uri);
    console.log(`Chinook SQLite -> PostgreSQL vs official:\n${comparisonReport(tables)}`);
    expect(repaired).toEqual({ customer: 1, invoice: 7 });
    expect(tables).toEqual(equalToOfficial);
  });
});
