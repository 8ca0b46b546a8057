import { mkdtemp, rm } from 'node:fs/promises';
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
import { bumpInvoiceTotalOnInsert } from '../../../../../test/support/target-tampering';
import { LocalDirectoryArtifactStore } from '../../artifacts/local-directory-artifact-store';
import { writeTablePartitions } from '../../pipeline-io/partition-writer';
import { deliveryChecksum } from './delivery-checksum';
import { deliverPartitions, type DeliveryRequest } from './deliver-partitions';
import { PGliteTargetConnector } from './pglite-target-connector';

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

describe('delivery into PGlite', () => {
  let root: string;
  let store: LocalDirectoryArtifactStore;
  let tables: TargetTablePartitions[];
  let target: PGliteTargetConnector;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sensei-delivery-'));
    store = new LocalDirectoryArtifactStore(root);
    tables = await chinookTargetPartitions(store, 1000);
  }, 60_000);
  afterAll(() => rm(root, { recursive: true, force: true }));
  beforeEach(async () => {
    target = await PGliteTargetConnector.open('memory://');
    for (const statement of chinookPostgresDdl()) await target.query(statement);
  });
  afterEach(() => target.close());

  const request = (overrides: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
    migrationId: 'mig-chinook',
    certificateId: 'cert-1',
    tables,
    batchRows: 400,
    ...overrides,
  });
  const recomputedChecksum = async () => {
    const digests = Object.fromEntries(
      await Promise.all(
        tables.map(async (t) => [t.name, await target.digestTable(t.name, t.columns)] as const),
      ),
    );
    return deliveryChecksum(digests);
  };
  const ledger = async () =>
    (await target.query(
      'SELECT batch_key, count(*)::int AS times FROM sensei_delivery_ledger GROUP BY batch_key',
    )) as { batch_key: string; times: number }[];

  it('delivers every Chinook row in FK order with a receipt whose checksum the target reproduces', async () => {
    const progress: Record<string, number> = {};
    const receipt = await deliverPartitions(
      store,
      target,
      request({
        onProgress: (p) => {
          progress[p.table] = p.rowsDelivered;
          expect(p.rowsTotal).toBe(sourceRowCounts[p.table as keyof typeof sourceRowCounts]);
        },
        postDeliveryQueries: ['SELECT count(*)::int AS tracks FROM track'],
      }),
    );
    expect(receipt.rowsPerTable).toEqual(sourceRowCounts);
    expect(progress).toEqual(sourceRowCounts);
    expect(receipt).toMatchObject({
      certificateId: 'cert-1',
      skippedBatches: 0,
      verifiedInTarget: true,
    });
    expect(receipt.postDeliveryResults).toEqual([
      { sql: 'SELECT count(*)::int AS tracks FROM track', rows: [{ tracks: 3503 }] },
    ]);
    expect(await recomputedChecksum()).toBe(receipt.checksum);
    const entries = await ledger();
    expect(entries).toHaveLength(receipt.batchCount);
    expect(entries.every((entry) => entry.times === 1)).toBe(true);
    const [sample] = await target.query(
      `SELECT total::text, invoice_date::text FROM invoice WHERE invoice_id = 1`,
    );
    expect(sample).toEqual({ total: '1.98', invoice_date: '2021-01-01 00:00:00' });
  }, 60_000);

  it('stops at a real constraint violation naming table and batch, and a re-run after the fix writes no row twice', async () => {
    const clean = await deliverPartitions(store, target, request({ migrationId: 'mig-clean' }));
    // Start over on an empty target that already holds one real invoice line: its batch will clash.
    await target.close();
    target = await PGliteTargetConnector.open('memory://');
    for (const statement of chinookPostgresDdl()) await target.query(statement);
    await target.query(`ALTER TABLE invoice_line DROP CONSTRAINT invoice_line_invoice_id_fkey`);
    await target.query(`ALTER TABLE invoice_line DROP CONSTRAINT invoice_line_track_id_fkey`);
    await target.query(`INSERT INTO invoice_line VALUES (1500, 277, 2114, 0.99, 1)`);

    const failed = deliverPartitions(store, target, request());
    await expect(failed).rejects.toMatchObject({
      code: 'DELIVERY.REJECTED',
      details: {
        table: 'invoice_line',
        sqlState: '23505',
        batchKey: expect.stringMatching(/^invoice_line\/[0-9a-f]{64}\/\d+$/),
      },
    });
    await expect(failed).rejects.toThrow(/rejected invoice_line batch .*duplicate key/);
    const [{ lines }] = (await target.query('SELECT count(*)::int AS lines FROM invoice_line')) as [
      { lines: number },
    ];
    expect(lines).toBeGreaterThan(1);
    expect(lines).toBeLessThan(2240);

    await target.query(`DELETE FROM invoice_line WHERE invoice_line_id = 1500`);
    const resumed = await deliverPartitions(store, target, request());
    expect(resumed.skippedBatches).toBeGreaterThan(0);
    expect(resumed.rowsPerTable).toEqual(sourceRowCounts);
    expect(resumed.checksum).toBe(clean.checksum);
    expect(await recomputedChecksum()).toBe(clean.checksum);
    const entries = await ledger();
    expect(entries).toHaveLength(resumed.batchCount);
    expect(entries.every((entry) => entry.times === 1)).toBe(true);
  }, 120_000);

  it('reads the target back: a trigger that changes a delivered value halts the delivery naming the table', async () => {
    for (const statement of bumpInvoiceTotalOnInsert) await target.query(statement);
    const failed = deliverPartitions(store, target, request());
    await expect(failed).rejects.toMatchObject({
      code: 'DELIVERY.TARGET_MISMATCH',
      details: { table: 'invoice' },
    });
    await expect(failed).rejects.toThrow(
      /^invoice in .* holds 412 rows \(digest 412:[0-9a-f]{16}\) where the certified rows delivered are 412 \(digest 412:[0-9a-f]{16}\): .*a trigger/,
    );
  }, 60_000);

  it('reads the target back: rows that were already in a table halt the delivery', async () => {
    await target.query(`INSERT INTO genre VALUES (999, 'Not from the source')`);
    await expect(deliverPartitions(store, target, request())).rejects.toMatchObject({
      code: 'DELIVERY.TARGET_MISMATCH',
      message: expect.stringMatching(/^genre in .* holds 26 rows .* delivered are 25 /),
    });
  }, 60_000);

  it('skips every batch when run again after success, changing nothing', async () => {
    const first = await deliverPartitions(store, target, request());
    const again = await deliverPartitions(store, target, request());
    expect(again.skippedBatches).toBe(first.batchCount);
    expect(again.checksum).toBe(first.checksum);
    expect(await recomputedChecksum()).toBe(first.checksum);
  }, 60_000);

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
});
