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

  // With a line feed in a value the lines are built in SQL; without one DuckDB's CSV writer
  // writes them and the file is cut at line feeds. Both must spell exactly what toCsv does.
  const withoutLineFeeds = edgeRows.map((row) =>
    typeof row.note === 'string' ? { ...row, note: row.note.replace(/\n/g, '\r') } : row,
  );
  it.each([
    ['values with line feeds', edgeRows],
    ['values without line feeds', withoutLineFeeds],
  ])(
    "writes the same CSV and digests as toCsv and addRows over readTextBatches' rows (%s)",
    async (_, data) => {
      const store = new LocalDirectoryArtifactStore(join(root, String(data.length), _));
      const rows = async function* () {
        yield data;
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
              csv: Buffer.from(toCsv(rows)),
              digest: addRows(emptyDigest(), rows),
            });
          }
          const actual = [];
          for await (const batch of readCsvBatches(session, local.path, batchSize))
            actual.push(batch);
          expect(actual).toEqual(expected);
          expect(actual.length).toBe(Math.ceil(data.length / batchSize));
        }
      } finally {
        session.close();
        await local.release();
      }
    },
  );
});
