import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { edgeRows, edgeTable } from '../../../../../test/support/delivery-edge-values';
import { LocalDirectoryArtifactStore } from '../../artifacts/local-directory-artifact-store';
import { openDuckDbSession } from '../../pipeline-io/duckdb-session';
import { writeTablePartitions } from '../../pipeline-io/partition-writer';
import { addRows, emptyDigest } from './delivery-checksum';
import { toCsv } from './delivery-ledger';
import { readCsvBatches, readTextBatches } from './partition-text-batches';

describe('readCsvBatches', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sensei-csv-batches-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("writes the same CSV and digests as toCsv and addRows over readTextBatches' rows", async () => {
    const store = new LocalDirectoryArtifactStore(root);
    const rows = async function* () {
      yield edgeRows;
    };
    const [partition] = await writeTablePartitions(store, edgeTable, rows());
    const local = await store.localFile(partition!.hash);
    const session = await openDuckDbSession();
    try {
      for (const batchSize of [1, 3, 10_000]) {
        const expected = [];
        for await (const { columns, rows } of readTextBatches(session, local.path, batchSize)) {
          expected.push({
            columns,
            rowCount: rows.length,
            csv: toCsv(rows),
            digest: addRows(emptyDigest(), rows),
          });
        }
        const actual = [];
        for await (const batch of readCsvBatches(session, local.path, batchSize))
          actual.push(batch);
        expect(actual).toEqual(expected);
        expect(actual.length).toBe(Math.ceil(edgeRows.length / batchSize));
      }
    } finally {
      session.close();
      await local.release();
    }
  });
});
