import type { DeliveryReceipt, Migration } from '@sensei/domain';
import { deliverPartitions } from '../connectors/target/deliver-partitions';
import type { OutputManifestDocument } from './ingestion-manifest';
import { getJson } from './json-artifacts';
import { loadTargetSchema } from './mapping-agent';
import type { PipelineContext } from './pipeline-context';
import { ensureTargetSchema } from './target-schema';

/**
 * Delivers the output partitions under the PASSED certificate, in foreign-key order. Each batch
 * and its ledger entry commit together in the target, so a re-run after a crash skips what is
 * there and no row is written twice.
 */
export const runDelivery = async (
  context: PipelineContext,
  migration: Migration,
): Promise<DeliveryReceipt> => {
  const certificateId = migration.delivery?.certificateId ?? migration.certificate?.certificateId;
  if (!certificateId) throw new Error(`migration ${migration.migrationId} has no certificate`);
  const outputHash = migration.transformation?.output?.outputManifestHash ?? '';
  const output = await getJson<OutputManifestDocument>(
    context.artifacts,
    outputHash,
    'output manifest',
  );
  const wanted = await loadTargetSchema(context, migration);
  const target = await context.openTarget(migration.target);
  try {
    await ensureTargetSchema(context, migration, target, wanted);
    const byName = new Map(output.tables.map((table) => [table.name, table]));
    const ordered = output.loadOrder.flatMap((name) => {
      const table = byName.get(name);
      return table ? [{ name, partitions: table.partitions }] : [];
    });
    context.progress.phaseStarted(
      'delivery',
      `${ordered.length} tables into ${target.description}`,
    );
    const confirmation = await deliverPartitions(context.artifacts, target.connector, {
      migrationId: migration.migrationId,
      certificateId,
      tables: ordered,
      batchRows: migration.config.batchSize,
      postDeliveryQueries: migration.config.postDeliveryQueries,
      onProgress: (progress) =>
        context.progress.tableProgress(
          'delivery',
          progress.table,
          progress.rowsDelivered,
          progress.rowsTotal,
        ),
    });
    for (const { sql, rows } of confirmation.postDeliveryResults) {
      context.progress.phaseDone('delivery', `post-delivery query ${sql}: ${JSON.stringify(rows)}`);
    }
    const receipt: DeliveryReceipt = {
      certificateId,
      rowsPerTable: confirmation.rowsPerTable,
      checksum: confirmation.checksum,
      elapsedMs: confirmation.elapsedMs,
      batchCount: confirmation.batchCount,
      verifiedInTarget: confirmation.verifiedInTarget,
    };
    context.progress.phaseDone(
      'delivery',
      `${Object.values(receipt.rowsPerTable).reduce((a, b) => a + b, 0)} rows in ${confirmation.batchCount} batches` +
        (confirmation.skippedBatches > 0
          ? ` (${confirmation.skippedBatches} already delivered)`
          : ''),
    );
    return receipt;
  } finally {
    await target.close();
  }
};
