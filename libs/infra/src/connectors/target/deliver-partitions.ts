import { SenseiError, isSenseiError, type DeliveryReceipt } from '@sensei/domain';
import type { ArtifactStore } from '../../artifacts/artifact-store.port';
import { openDuckDbSession } from '../../pipeline-io/duckdb-session';
import type { PartitionDescriptor } from '../../pipeline-io/partition-descriptor';
import { deliveryChecksum, digestText, emptyDigest } from './delivery-checksum';
import { ledgerMismatch } from './delivery-ledger';
import {
  defaultRetryPolicy,
  isTransientTargetError,
  retryTransient,
  sqlStateOf,
  type RetryPolicy,
} from './delivery-retry';
import { type CsvBatch, readCsvBatches } from './partition-text-batches';
import type {
  DeliveryBatch,
  LedgerEntry,
  RowsDigest,
  TargetConnector,
} from './target-connector.port';

export const defaultDeliveryBatchRows = 10_000;

export interface DeliveryProgress {
  table: string;
  rowsDelivered: number;
  rowsTotal: number;
}

export interface DeliveryRequest {
  migrationId: string;
  /** The PASSED certificate the delivery is made under; copied into the receipt. */
  certificateId: string;
  /** Output partitions per target table, in an order that satisfies the foreign keys. */
  tables: ReadonlyArray<{ name: string; partitions: readonly PartitionDescriptor[] }>;
  /** Rows per batch and transaction (default 10,000). */
  batchRows?: number;
  /** Statements run after the last batch (ANALYZE, refresh, checks); their rows are returned. */
  postDeliveryQueries?: readonly string[];
  /** Rows so far per table (skipped, already delivered batches count), after each batch. */
  onProgress?: (progress: DeliveryProgress) => void;
  retry?: RetryPolicy;
  onRetry?: (error: unknown, batchKey: string, attempt: number) => void;
}

export interface DeliveryConfirmation extends DeliveryReceipt {
  batchCount: number;
  /** Batches found in the ledger from an earlier run and not written again. */
  skippedBatches: number;
  /** `digestText` per table: `<rows>:<digest sum hex>`. */
  tableChecksums: Record<string, string>;
  postDeliveryResults: Array<{ sql: string; rows: Record<string, unknown>[] }>;
}

const failure = (error: unknown, batch: DeliveryBatch, target: string): SenseiError => {
  if (isSenseiError(error) && error.code === 'DELIVERY.LEDGER_MISMATCH') return error;
  const cause = error instanceof Error ? error.message : String(error);
  const sqlState = sqlStateOf(error);
  const details = { table: batch.table, batchKey: batch.batchKey, sqlState, cause, target };
  return isTransientTargetError(error)
    ? new SenseiError(
        'DELIVERY.UNAVAILABLE',
        `delivery of ${batch.table} batch ${batch.batchKey} to ${target} kept failing: ${cause} (retries exhausted; re-run to resume)`,
        details,
      )
    : new SenseiError(
        'DELIVERY.REJECTED',
        `${target} rejected ${batch.table} batch ${batch.batchKey}: ${cause}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`,
        details,
      );
};

/**
 * Delivers output partitions to the target, table by table in the given order, batch by batch;
 * each batch is one transaction carrying its idempotency key into the target's ledger. A re-run
 * after any failure or crash skips the batches the ledger has and writes the rest, so every row
 * ends up written exactly once, and the receipt (checksum included) is the same as a clean run's.
 */
export const deliverPartitions = async (
  store: ArtifactStore,
  target: TargetConnector,
  request: DeliveryRequest,
): Promise<DeliveryConfirmation> => {
  const started = Date.now();
  const batchRows = request.batchRows ?? defaultDeliveryBatchRows;
  await retryTransient(() => target.prepare(), request.retry ?? defaultRetryPolicy);
  const delivered = await retryTransient(
    () => target.deliveredBatches(request.migrationId),
    request.retry ?? defaultRetryPolicy,
  );
  const digests: Record<string, RowsDigest> = {};
  const columnsOf = new Map<string, readonly string[]>();
  const counts = { batches: 0, skipped: 0 };
  // One thread: PostgreSQL's COPY runs beside the next batch's preparation on the same machine,
  // and a second DuckDB thread only contended with it (delivery of 2M rows took 14.2 s on two
  // threads against 9.8 s on one; the CSV bytes are the same at either count).
  const session = await openDuckDbSession({ threads: 1 });
  const jobs = request.tables.flatMap((table) => {
    digests[table.name] ??= emptyDigest();
    const progress = {
      table: table.name,
      rowsDelivered: 0,
      rowsTotal: table.partitions.reduce((sum, p) => sum + p.rowCount, 0),
    };
    return [...table.partitions]
      .sort((a, b) => a.index - b.index)
      .map((partition) => ({ table: table.name, partition, progress }));
  });
  /** A partition's batches, CSV and digests made by DuckDB (while the target takes the last). */
  const prepare = async (partition: PartitionDescriptor): Promise<CsvBatch[]> => {
    const local = await store.localFile(partition.hash);
    try {
      const batches: CsvBatch[] = [];
      for await (const batch of readCsvBatches(session, local.path, batchRows)) batches.push(batch);
      return batches;
    } finally {
      await local.release();
    }
  };
  let next = jobs[0] ? prepare(jobs[0].partition) : undefined;
  try {
    for (const [i, { table, partition, progress }] of jobs.entries()) {
      const batches = await next!;
      const following = jobs[i + 1];
      next = following ? prepare(following.partition) : undefined;
      // Its failure is reported when it is awaited, one partition later.
      next?.catch(() => undefined);
      for (const [number, { columns, rowCount, csv, digest: batchDigest }] of batches.entries()) {
        const batch: DeliveryBatch = {
          migrationId: request.migrationId,
          batchKey: `${table}/${partition.hash}/${number}`,
          table,
          columns,
          rowCount,
          csv,
          checksum: digestText(batchDigest),
        };
        counts.batches += 1;
        const skipped = await deliverBatch(target, batch, delivered.get(batch.batchKey), request);
        if (skipped) counts.skipped += 1;
        digests[table] = combine(digests[table]!, batchDigest);
        columnsOf.set(table, columns);
        progress.rowsDelivered += rowCount;
        request.onProgress?.({ ...progress });
      }
    }
  } finally {
    // DuckDB may still be preparing the next partition: let it finish before closing.
    await next?.catch(() => undefined);
    session.close();
  }
  await retryTransient(() => target.sync(), request.retry ?? defaultRetryPolicy);
  await checkRowsInTarget(target, digests, columnsOf, request.retry ?? defaultRetryPolicy);
  const postDeliveryResults = [];
  for (const sql of request.postDeliveryQueries ?? []) {
    postDeliveryResults.push({ sql, rows: await target.query(sql) });
  }
  return {
    certificateId: request.certificateId,
    rowsPerTable: Object.fromEntries(
      Object.entries(digests).map(([name, digest]) => [name, digest.rowCount]),
    ),
    checksum: deliveryChecksum(digests),
    verifiedInTarget: true,
    elapsedMs: Date.now() - started,
    batchCount: counts.batches,
    skippedBatches: counts.skipped,
    tableChecksums: Object.fromEntries(
      Object.entries(digests).map(([name, digest]) => [name, digestText(digest)]),
    ),
    postDeliveryResults,
  };
};

/**
 * Reads every delivered table back from the target and recomputes its digest there, so the
 * receipt's checksum describes what the target holds, not only what was sent: a trigger, a
 * column default, rows that were already there or a concurrent writer is found here.
 */
const checkRowsInTarget = async (
  target: TargetConnector,
  digests: Record<string, RowsDigest>,
  columnsOf: ReadonlyMap<string, readonly string[]>,
  retry: RetryPolicy,
) => {
  for (const [table, sent] of Object.entries(digests)) {
    // A table delivered with no rows has no batch to name its columns; its count still tells.
    const held = await retryTransient(
      () => target.digestTable(table, columnsOf.get(table) ?? []),
      retry,
    );
    if (held.rowCount === sent.rowCount && held.digestSum === sent.digestSum) continue;
    throw new SenseiError(
      'DELIVERY.TARGET_MISMATCH',
      `${table} in ${target.description} holds ${held.rowCount} rows (digest ${digestText(held)}) ` +
        `where the certified rows delivered are ${sent.rowCount} (digest ${digestText(sent)}): ` +
        'something else changed the table (a trigger, a column default, rows already there, another writer); ' +
        'inspect it, then `sensei resume` to check again or `sensei cancel`',
      { table, target: target.description, held: digestText(held), delivered: digestText(sent) },
    );
  }
};

const combine = (a: RowsDigest, b: RowsDigest): RowsDigest => ({
  rowCount: a.rowCount + b.rowCount,
  digestSum: (a.digestSum + b.digestSum) % (1n << 64n),
});

/** Writes one batch unless the ledger has it; true when it was skipped. */
const deliverBatch = async (
  target: TargetConnector,
  batch: DeliveryBatch,
  recorded: LedgerEntry | undefined,
  request: DeliveryRequest,
): Promise<boolean> => {
  if (recorded) {
    if (recorded.checksum !== batch.checksum) throw ledgerMismatch(batch, recorded.checksum);
    return true;
  }
  try {
    const outcome = await retryTransient(
      () => target.writeBatch(batch),
      request.retry ?? defaultRetryPolicy,
      (error, attempt) => request.onRetry?.(error, batch.batchKey, attempt),
    );
    return outcome === 'already-delivered';
  } catch (error) {
    throw failure(error, batch, target.description);
  }
};
