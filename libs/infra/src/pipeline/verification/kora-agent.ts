import canonicalize from 'canonicalize';
import type { IssueCertificate, Migration } from '@sensei/domain';
import {
  certificateBytes,
  defaultVerificationSettings,
  runVerification,
  signCertificate,
  type CertificatePayload,
  type Checkpoint,
  type EvidenceReference,
  type VerificationSettings,
  type VerificationInput,
  type VerificationOutcome,
} from '@sensei/kora';
import type { IngestionManifestDocument, OutputManifestDocument } from '../ingestion-manifest';
import { getJson, putJson, sha256Hex } from '../json-artifacts';
import { loadIngestionManifest, loadTargetSchema } from '../mapping-agent';
import type { PipelineContext } from '../pipeline-context';
import { approvedMappings, compileApprovedMappings } from '../transformation-agent';
import { koraMethods } from './kora-methods';
import { registerVerificationRelations } from './verification-relations';
import { openVerificationSession } from './verification-session';

export type IssuedCertificate = Omit<IssueCertificate['data'], 'migrationId'>;

const checkpointOf = (
  context: PipelineContext,
  source: IngestionManifestDocument,
  output: OutputManifestDocument,
): Checkpoint => ({
  takenAt: context.now().toISOString(),
  sourceSnapshot: source.source.snapshot ?? 'not recorded (ingested before snapshots were named)',
  sourcePartitions: source.tables.flatMap((t) =>
    t.partitions.map((p) => ({ table: t.name, hash: p.hash, rowCount: p.rowCount })),
  ),
  transformedPartitions: output.tables.flatMap((t) =>
    t.partitions.map((p) => ({ table: t.name, hash: p.hash, rowCount: p.rowCount })),
  ),
});

/** The migration's verification settings, KORA's defaults where its config says nothing. */
const settingsOf = (migration: Migration): VerificationSettings => {
  const defaults = defaultVerificationSettings;
  const { tolerances = {}, verification = {} } = migration.config;
  return {
    tolerances: {
      numericEpsilon: tolerances.numericEpsilon ?? defaults.tolerances.numericEpsilon,
      timestampToleranceMs:
        tolerances.timestampToleranceMs ?? defaults.tolerances.timestampToleranceMs,
      stringMode: tolerances.stringMode ?? defaults.tolerances.stringMode,
    },
    maxQueries: verification.maxQueries ?? defaults.maxQueries,
    userQueries: verification.queries ?? defaults.userQueries,
    expectations: verification.expectations ?? defaults.expectations,
    diffKeyLimit: verification.diffKeyLimit ?? defaults.diffKeyLimit,
    maxKsStatistic: verification.maxKsStatistic ?? defaults.maxKsStatistic,
    maxNullRatioDelta: verification.maxNullRatioDelta ?? defaults.maxNullRatioDelta,
  };
};

/** Runs KORA on the checkpoint: the source snapshot against the transformed output. */
const verifyCheckpoint = async (
  context: PipelineContext,
  migration: Migration,
  source: IngestionManifestDocument,
  output: OutputManifestDocument,
): Promise<VerificationOutcome> => {
  const target = await loadTargetSchema(context, migration);
  const compiled = compileApprovedMappings(migration, source, target);
  const session = await openVerificationSession();
  try {
    const parts = output.tables.map((table) => ({
      targetTable: table.name,
      sourceTable: table.sourceTable,
      sourcePartitions: source.tables.find((t) => t.name === table.sourceTable)?.partitions ?? [],
      targetPartitions: table.partitions,
    }));
    const relations = await registerVerificationRelations(
      session.connection,
      context.artifacts,
      compiled,
      target,
      parts,
    );
    try {
      const input: VerificationInput = {
        ...settingsOf(migration),
        connection: session.connection,
        readers: session.readers,
        tables: relations.pairs,
        targetSchema: target.tables,
      };
      return await runVerification(input, koraMethods(context.progress));
    } finally {
      await relations.release();
    }
  } finally {
    session.close();
  }
};

/**
 * The Validator: verifies, stores every method's evidence and the signed certificate
 * content-addressed, and hands back what IssueCertificate records. Anything but PASSED halts the
 * migration in the decider; the evidence stays for a human to inspect.
 */
export const runKoraVerification = async (
  context: PipelineContext,
  migration: Migration,
): Promise<IssuedCertificate> => {
  context.progress.phaseStarted('verification', 'KORA: replay, row diff, expectations, statistics');
  const source = await loadIngestionManifest(context.artifacts, migration);
  const outputHash = migration.transformation?.output?.outputManifestHash ?? '';
  const output = await getJson<OutputManifestDocument>(
    context.artifacts,
    outputHash,
    'output manifest',
  );
  const checkpoint = checkpointOf(context, source, output);
  const outcome = await verifyCheckpoint(context, migration, source, output);
  const evidence: EvidenceReference[] = [];
  for (const result of outcome.results) {
    const stored = await putJson(context.artifacts, {
      kind: 'sensei.kora-evidence',
      migrationId: migration.migrationId,
      method: result.method,
      queryCount: result.queryCount,
      statementCount: result.statementCount,
      elapsedMs: result.elapsedMs,
      checks: result.checks,
      evidence: result.evidence,
    });
    evidence.push({ name: result.method, hash: stored.hash, size: stored.size });
  }
  const bundle = await putJson(context.artifacts, {
    kind: 'sensei.kora-evidence-bundle',
    evidence,
  });
  const payload: CertificatePayload = {
    kind: 'sensei.kora-certificate',
    version: 1,
    certificateId: `kora-${context.newId()}`,
    migrationId: migration.migrationId,
    issuedAt: context.now().toISOString(),
    status: outcome.status,
    reasons: outcome.reasons.slice(0, 50),
    methods: outcome.results.map((result) => result.method),
    tolerances: settingsOf(migration).tolerances,
    checkpoint,
    mappingHash: sha256Hex(canonicalize(approvedMappings(migration)) ?? '[]'),
    transformationSqlHash: output.sqlHash,
    checks: outcome.checks,
    evidence,
  };
  const document = await signCertificate(payload, context.signer);
  const stored = await context.artifacts.put(certificateBytes(document));
  const failed = outcome.checks.filter((c) => c.outcome !== 'passed').length;
  const summary =
    `${outcome.status}: ${outcome.checks.length - failed}/${outcome.checks.length} checks passed` +
    (outcome.reasons.length > 0 ? `; ${outcome.reasons.slice(0, 3).join('; ')}` : '');
  context.progress.phaseDone('verification', summary);
  return {
    certificateId: payload.certificateId,
    status: outcome.status,
    evidenceHash: bundle.hash,
    signature: document.signature.value,
    publicKey: document.signature.publicKey,
    documentHash: stored.hash,
    summary,
  };
};
