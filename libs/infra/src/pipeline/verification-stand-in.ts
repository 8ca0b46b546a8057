import type { Migration } from '@sensei/domain';
import type { IngestionManifestDocument, OutputManifestDocument } from './ingestion-manifest';
import { getJson, putJson } from './json-artifacts';
import { loadIngestionManifest } from './mapping-agent';
import type { PipelineContext } from './pipeline-context';

/**
 * STAND-IN FOR KORA. Until the verification engine exists (its own issue), this step reconciles
 * row counts between the ingested source partitions and the transformed output, and records
 * the comparison as evidence. It proves far less than KORA will: no query replay, no row-level
 * diff, no signature. Its certificates say so in `summary`, carry the signature `unsigned`
 * and are issued by `kora-stand-in`, so nobody can mistake one for a KORA certificate.
 */
export const STAND_IN_ISSUER = 'kora-stand-in:row-counts';

export interface StandInVerdict {
  certificateId: string;
  status: 'PASSED' | 'FAILED';
  evidenceHash: string;
  signature: string;
  summary: string;
}

export const runStandInVerification = async (
  context: PipelineContext,
  migration: Migration,
): Promise<StandInVerdict> => {
  context.progress.phaseStarted('verification', 'stand-in: row counts only (KORA not built yet)');
  const source: IngestionManifestDocument = await loadIngestionManifest(
    context.artifacts,
    migration,
  );
  const outputHash = migration.transformation?.output?.outputManifestHash ?? '';
  const output = await getJson<OutputManifestDocument>(
    context.artifacts,
    outputHash,
    'output manifest',
  );
  const checks = output.tables.map((table) => {
    const sourceRows = source.tables.find((t) => t.name === table.sourceTable)?.rowCount ?? -1;
    return {
      check: 'row_count_equal',
      sourceTable: table.sourceTable,
      targetTable: table.name,
      sourceRows,
      outputRows: table.rowCount,
      passed: sourceRows === table.rowCount,
    };
  });
  const failed = checks.filter((check) => !check.passed);
  const evidence = await putJson(context.artifacts, {
    kind: 'sensei.stand-in-evidence',
    issuer: STAND_IN_ISSUER,
    migrationId: migration.migrationId,
    sourceManifestHash: migration.ingestion?.manifestHash,
    outputManifestHash: outputHash,
    checks,
  });
  const status = failed.length === 0 ? 'PASSED' : 'FAILED';
  const summary =
    `${STAND_IN_ISSUER}: ${checks.length - failed.length}/${checks.length} row counts equal` +
    (failed.length > 0
      ? ` (differ: ${failed.map((c) => `${c.targetTable} ${c.outputRows} of ${c.sourceRows}`).join(', ')})`
      : '') +
    '; unsigned, not a KORA certificate';
  context.progress.phaseDone('verification', summary);
  return {
    certificateId: `stand-in-${evidence.hash.slice(0, 16)}`,
    status,
    evidenceHash: evidence.hash,
    signature: 'unsigned',
    summary,
  };
};
