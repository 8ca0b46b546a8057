import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinookPostgresDdl } from '../../../../../test/support/chinook-schemas';
import {
  chinookTargetPartitions,
  type TargetTablePartitions,
} from '../../../../../test/support/chinook-target-partitions';
import {
  edgeExpected,
  edgeRows,
  edgeSelectText,
  edgeTable,
  edgeTableDdl,
} from '../../../../../test/support/delivery-edge-values';
import {
  createPostgresTestDatabase,
  type PostgresTestDatabase,
} from '../../../../../test/support/postgres-test-database';
import { ChildOutput, spawnTs } from '../../../../../test/support/spawn-ts';
import { bumpInvoiceTotalOnInsert } from '../../../../../test/support/target-tampering';
import { LocalDirectoryArtifactStore } from '../../artifacts/local-directory-artifact-store';
import { writeTablePartitions } from '../../pipeline-io/partition-writer';
import { deliveryChecksum } from './delivery-checksum';
import { deliverPartitions, type DeliveryRequest } from './deliver-partitions';
import { PgTargetConnector } from './pg-target-connector';

const sourceRowCounts = {
  artist: 275,
  album: 347,
  genre: 25,
  media_type: 5,
  track: 3503,
  employee: 8,
  customer: 59,
  invoice: 412,
  invoice_line: 2240,
  playlist: 18,
  playlist_track: 8715,
};

describe('delivery into PostgreSQL', () => {
  let root: string;
  let store: LocalDirectoryArtifactStore;
  let tables: TargetTablePartitions[];
  let database: PostgresTestDatabase;
  let target: PgTargetConnector;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sensei-pg-delivery-'));
    store = new LocalDirectoryArtifactStore(root);
    tables = await chinookTargetPartitions(store, 1000);
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));
  beforeEach(async () => {
    database = await createPostgresTestDatabase();
    target = new PgTargetConnector(database.url);
    for (const statement of chinookPostgresDdl()) await target.query(statement);
  });
  afterEach(async () => {
    await target.close();
    await database.drop();
  });

  const request = (overrides: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
    migrationId: 'mig-chinook',
    certificateId: 'cert-1',
    tables,
    batchRows: 400,
    ...overrides,
  });
  const recomputedChecksum = async () =>
    deliveryChecksum(
      Object.fromEntries(
        await Promise.all(
          tables.map(async (t) => [t.name, await target.digestTable(t.name, t.columns)] as const),
        ),
      ),
    );
  const ledgerCounts = async () =>
    (
      await target.query(
        'SELECT count(*)::int AS batches, count(DISTINCT batch_key)::int AS keys FROM sensei_delivery_ledger',
      )
    )[0];

  it('delivers every Chinook row with COPY, and the target reproduces the checksum', async () => {
    const receipt = await deliverPartitions(store, target, request());
    expect(receipt.rowsPerTable).toEqual(sourceRowCounts);
    expect(await recomputedChecksum()).toBe(receipt.checksum);
    expect(await ledgerCounts()).toEqual({ batches: receipt.batchCount, keys: receipt.batchCount });
  }, 60_000);

  it('retries a batch whose connection the server killed mid-COPY (57P01) and writes no row twice', async () => {
    // The backend terminates itself once, in the middle of the batch holding invoice line 1500;
    // a sequence counts the kills because it ignores the rollback that follows.
    await target.query('CREATE SEQUENCE kills');
    await target.query(`CREATE FUNCTION kill_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('kills') = 1 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$`);
    await target.query(`CREATE TRIGGER kill_once BEFORE INSERT ON invoice_line FOR EACH ROW
      WHEN (NEW.invoice_line_id = 1500) EXECUTE FUNCTION kill_once()`);
    const retried: Array<{ key: string; code: unknown }> = [];
    const receipt = await deliverPartitions(
      store,
      target,
      request({
        onRetry: (error, key) => retried.push({ key, code: (error as { code?: unknown }).code }),
        retry: { attempts: 6, baseDelayMs: 10, maxDelayMs: 100 },
      }),
    );
    expect(retried).toEqual([{ key: expect.stringMatching(/^invoice_line\//), code: '57P01' }]);
    expect(receipt.rowsPerTable).toEqual(sourceRowCounts);
    expect(await recomputedChecksum()).toBe(receipt.checksum);
    expect(await ledgerCounts()).toEqual({ batches: receipt.batchCount, keys: receipt.batchCount });
  }, 60_000);

  it('ends with exactly the source rows when a kill -9 interrupts delivery and it is run again', async () => {
    const requestFile = join(root, 'request.json');
    await writeFile(requestFile, JSON.stringify(request({ batchRows: 200 })));
    const child = new ChildOutput(
      spawnTs('test/support/delivery-child.ts', [root, database.url, requestFile, '20']),
    );
    await child.waitFor(/batch 12 written/, 60_000);
    child.child.kill('SIGKILL');
    expect(await child.exited()).toBe('SIGKILL');
    const [{ batches }] = (await target.query(
      'SELECT count(*)::int AS batches FROM sensei_delivery_ledger',
    )) as [{ batches: number }];
    expect(batches).toBeGreaterThanOrEqual(12);

    const resumed = await deliverPartitions(store, target, request({ batchRows: 200 }));
    expect(resumed.skippedBatches).toBeGreaterThanOrEqual(12);
    expect(resumed.skippedBatches).toBeLessThan(resumed.batchCount);
    expect(resumed.rowsPerTable).toEqual(sourceRowCounts);
    expect(await recomputedChecksum()).toBe(resumed.checksum);
    expect(await ledgerCounts()).toEqual({ batches: resumed.batchCount, keys: resumed.batchCount });
    for (const [table, rows] of Object.entries(sourceRowCounts)) {
      const [{ count }] = (await target.query(`SELECT count(*)::int AS count FROM ${table}`)) as [
        { count: number },
      ];
      expect([table, count]).toEqual([table, rows]);
    }
  }, 120_000);

  it('round-trips NULL vs empty text, decimals, timestamps, bytes and floats exactly', async () => {
    await target.query(edgeTableDdl);
    async function* rows() {
      yield edgeRows;
    }
    const partitions = await writeTablePartitions(store, edgeTable, rows());
    const receipt = await deliverPartitions(store, target, {
      migrationId: 'mig-edge',
      certificateId: 'cert-edge',
      tables: [{ name: edgeTable.name, partitions }],
    });
    const byId = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a.id).localeCompare(String(b.id));
    expect((await target.query(edgeSelectText)).sort(byId)).toEqual([...edgeExpected].sort(byId));
    const digest = await target.digestTable(
      edgeTable.name,
      edgeTable.columns.map((c) => c.name),
    );
    expect(deliveryChecksum({ [edgeTable.name]: digest })).toBe(receipt.checksum);
  });

  it('reads the target back: a trigger that changes a delivered value halts the delivery naming the table', async () => {
    for (const statement of bumpInvoiceTotalOnInsert) await target.query(statement);
    await expect(deliverPartitions(store, target, request())).rejects.toMatchObject({
      code: 'DELIVERY.TARGET_MISMATCH',
      details: { table: 'invoice' },
      message: expect.stringMatching(/^invoice in .* holds 412 rows .* delivered are 412 /),
    });
  }, 60_000);

  it('names table, batch and cause when the target lacks the table', async () => {
    await target.query('DROP TABLE playlist_track');
    await expect(deliverPartitions(store, target, request())).rejects.toMatchObject({
      code: 'DELIVERY.REJECTED',
      details: { table: 'playlist_track', sqlState: '42P01' },
    });
  }, 60_000);
});
