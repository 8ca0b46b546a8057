import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrationStreamId } from '@sensei/domain';
import { createPGliteEventStore } from '../../libs/infra/src/event-store/pglite/create-pglite-event-store';
import { createPostgresEventStore } from '../../libs/infra/src/event-store/postgres/create-postgres-event-store';
import type { SqlEventStore } from '../../libs/infra/src/event-store/sql/sql-event-store';
import {
  chinookFixtureDir,
  loadChinookIntoPostgres,
  type ChinookDatabase,
} from '../support/chinook';
import {
  bigTable,
  bigTableDdl,
  bigTableRows,
  fillBigTableSql,
  killAt,
  killWhen,
  ledgerState,
  publicTables,
  startCli,
  tableDigests,
  withClient,
} from '../support/migration-crash';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../support/postgres-test-database';

/** Each phase's checkpoint events: a resumed phase must not record its start or end twice. */
const onceEach = [
  'MigrationRequested',
  'IngestionStarted',
  'IngestionCompleted',
  'TransformationStarted',
  'TransformationCompleted',
  'VerificationStarted',
  'CertificateIssued',
  'DeliveryStarted',
  'DeliveryConfirmed',
  'MigrationCompleted',
];
// Small partitions and batches: many Parquet files and ledger rows, so each phase takes long
// enough to be killed inside it, and a kill lands between (or inside) many small commits.
const settings = 'batchSize: 2500\nrowsPerPartition: 10000\n';

const typesOf = async (store: SqlEventStore, id: string) =>
  (await store.readStream(migrationStreamId(id))).map((event) => event.type);

/** After a kill: what the target holds is exactly what its ledger says, no more, no less. */
const expectLedgerMatchesRows = async (url: string, id: string, tables: string[]) => {
  const state = await ledgerState(url, id, tables);
  expect(state.tableRows).toEqual(state.ledgerRows);
  expect(state.distinctKeys).toBe(state.batches);
  return state;
};

/** A resume after a kill in delivery goes on from the events: no phase before it is redone. */
const expectResumedInDelivery = (output: string) => {
  expect(output).not.toMatch(/(ingestion|transformation|verification): started/);
  expect(output).toMatch(/delivery: done, .* \([1-9]\d* already delivered\)/);
};

/** The end state: the source's rows exactly, each batch once, each checkpoint event once. */
const expectExactCopy = async (
  store: SqlEventStore,
  id: string,
  source: string,
  target: string,
  tables: string[],
) => {
  expect(await tableDigests(target, tables)).toEqual(await tableDigests(source, tables));
  const events = await store.readStream(migrationStreamId(id));
  for (const type of onceEach)
    expect([type, events.filter((e) => e.type === type).length]).toEqual([type, 1]);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  // Proposals sent before a kill are not sent again: one per mapping and per target column.
  const proposed = events
    .filter((e) => e.type === 'MappingProposed')
    .map((e) => e.data as { mappingId: string; targetTable: string; targetColumn: string });
  expect(new Set(proposed.map((m) => m.mappingId)).size).toBe(proposed.length);
  expect(new Set(proposed.map((m) => `${m.targetTable}.${m.targetColumn}`)).size).toBe(
    proposed.length,
  );
  expect(await store.verifyStream(migrationStreamId(id))).toMatchObject({ ok: true });
  const receipt = (
    events.find((e) => e.type === 'DeliveryConfirmed')!.data as {
      receipt: { batchCount: number };
    }
  ).receipt;
  const ledger = await expectLedgerMatchesRows(target, id, tables);
  expect(ledger.batches).toBe(receipt.batchCount);
};

describe('sensei migrate killed with SIGKILL, then sensei resume (real processes)', () => {
  let source: ChinookDatabase;
  let events: PostgresTestDatabase;
  const targets: PostgresTestDatabase[] = [];
  let dir: string;
  const file = (name: string) => join(dir, name);

  beforeAll(async () => {
    [source, events] = await Promise.all([loadChinookIntoPostgres(), createPostgresTestDatabase()]);
    await withClient(source.uri, async (sql) => {
      await sql.query(bigTableDdl);
      await sql.query(fillBigTableSql);
    });
    dir = await mkdtemp(join(tmpdir(), 'sensei-kill-resume-'));
    // The children's scratch space: a killed process leaves its scratch files (nothing can
    // delete them on SIGKILL); here they go with the test's directory.
    await mkdir(file('tmp'));
    const chinookDdl = await readFile(join(chinookFixtureDir, 'chinook-target-schema.sql'), 'utf8');
    await writeFile(file('chinook-target.sql'), `${chinookDdl}\n${bigTableDdl}\n`);
    await writeFile(file('big-target.sql'), bigTableDdl);
    await writeFile(file('all.yaml'), settings);
    await writeFile(file('big.yaml'), `${settings}tables: [${bigTable}]\n`);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([source, events, ...targets].map((database) => database?.drop()));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const newTarget = async () => {
    const target = await createPostgresTestDatabase();
    targets.push(target);
    return target.url;
  };

  it('PostgreSQL events: killed mid-ingestion, mid-mapping, mid-transformation, mid-delivery and again in the resumed delivery, it ends with exactly the source rows', async () => {
    const id = `kill-resume-${randomUUID()}`;
    const target = await newTarget();
    // The target's tables come from the DDL beforehand, so the CLI reads the live catalog: each
    // process skips parsing the DDL in a scratch PGlite (seconds); the PGlite case below covers
    // `--target-schema` across a kill.
    const ddl = await readFile(file('chinook-target.sql'), 'utf8');
    await withClient(target, (sql) => sql.query(ddl));
    const tables = await publicTables(source.uri);
    const env = { SENSEI_EVENT_STORE: 'postgres', DATABASE_URL: events.url, TMPDIR: file('tmp') };
    const cli = (...args: string[]) => startCli(['--data-dir', file('pg-run'), ...args], env);
    const store = await createPostgresEventStore(events.url);
    try {
      const migrate = cli(
        ...['migrate', '--source', source.uri, '--target', target],
        ...['--id', id, '--config', file('all.yaml')],
      );
      await killAt(migrate, 'ingestion', bigTable);
      expect(await typesOf(store, id)).toEqual(['MigrationRequested', 'IngestionStarted']);

      // Mid-mapping: proposals are single commands with no progress line; watch the stream.
      const proposals = async () =>
        (await typesOf(store, id)).filter((type) => type === 'MappingProposed').length;
      await killWhen(
        cli('resume', id),
        'some mappings proposed',
        async () => (await proposals()) >= 10,
      );
      expect(await typesOf(store, id)).not.toContain('TransformationStarted');
      const proposedBeforeKill = await proposals();

      await killAt(cli('resume', id), 'transformation', '\\w+');
      const midTransformation = await typesOf(store, id);
      expect(midTransformation).toContain('TransformationStarted');
      expect(midTransformation).not.toContain('TransformationCompleted');

      await killAt(cli('resume', id), 'delivery', bigTable);
      expect(await typesOf(store, id)).not.toContain('DeliveryConfirmed');
      const first = await expectLedgerMatchesRows(target, id, tables);
      expect(first.tableRows[bigTable]).toBeLessThan(bigTableRows);

      // Killed again while resuming, past the half of the big table: the crash repeats safely.
      await killAt(cli('resume', id), 'delivery', bigTable, bigTableRows / 2);
      expect(await typesOf(store, id)).not.toContain('DeliveryConfirmed');
      const second = await expectLedgerMatchesRows(target, id, tables);
      expect(second.batches).toBeGreaterThan(first.batches);
      expect(second.tableRows[bigTable]).toBeLessThan(bigTableRows);

      const last = cli('resume', id);
      expect([await last.exited(), last.all]).toEqual([
        0,
        expect.stringContaining(`${id}: completed`),
      ]);
      expectResumedInDelivery(last.all);
      await expectExactCopy(store, id, source.uri, target, tables);
      expect(await proposals()).toBeGreaterThan(proposedBeforeKill);
    } finally {
      await store.close();
    }
  }, 240_000);

  it('PGlite events (the embedded default): killed as ingestion ends and mid-delivery, the data directory reopens and resume completes', async () => {
    const id = `kill-resume-pglite-${randomUUID()}`;
    const target = await newTarget();
    const dataDir = file('pglite-run');
    const cli = (...args: string[]) =>
      startCli(['--data-dir', dataDir, ...args], {
        SENSEI_EVENT_STORE: 'pglite',
        TMPDIR: file('tmp'),
      });
    const migrate = cli(
      ...['migrate', '--source', source.uri, '--target', target, '--id', id],
      ...['--target-schema', file('big-target.sql'), '--config', file('big.yaml')],
    );
    // `ingestion: done` is printed just before IngestionCompleted is appended: this kill lands
    // on (or right by) a PGlite write. The one in delivery lands while PGlite is idle.
    await killWhen(migrate, 'ingestion: done', () => /^ingestion: done/m.test(migrate.all));
    await killAt(cli('resume', id), 'delivery', bigTable);
    await expectLedgerMatchesRows(target, id, [bigTable]);
    // Nothing opens the killed data directory before `resume` does: that is the case to prove.
    const resumed = cli('resume', id);
    expect([await resumed.exited(), resumed.all]).toEqual([
      0,
      expect.stringContaining(`${id}: completed`),
    ]);
    expectResumedInDelivery(resumed.all);
    const store = await createPGliteEventStore(join(dataDir, 'data'));
    try {
      await expectExactCopy(store, id, source.uri, target, [bigTable]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
