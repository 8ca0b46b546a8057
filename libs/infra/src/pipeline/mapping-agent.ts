import {
  type DatabaseSchema,
  type Migration,
  profileKey,
  proposeMappings,
  SenseiError,
  type ColumnProfiles,
} from '@sensei/domain';
import type { ArtifactStore } from '../artifacts/artifact-store.port';
import type { IngestionManifestDocument } from './ingestion-manifest';
import { getJson } from './json-artifacts';
import { send, type PipelineContext } from './pipeline-context';
import { refineForReview } from './refine-for-review';
import { targetSchemaOf } from './target-schema';

export const loadIngestionManifest = (
  artifacts: ArtifactStore,
  migration: Migration,
): Promise<IngestionManifestDocument> => {
  const hash = migration.ingestion?.manifestHash;
  if (!hash) throw new Error(`migration ${migration.migrationId} has no ingestion manifest`);
  return getJson<IngestionManifestDocument>(artifacts, hash, 'ingestion manifest');
};

const profilesOf = (manifest: IngestionManifestDocument): ColumnProfiles =>
  Object.fromEntries(
    manifest.tables.flatMap((table) =>
      table.profiles.map((profile) => [profileKey(table.name, profile.column), profile]),
    ),
  );

/** The target schema the mappings were proposed against (re-read for transformation). */
export const loadTargetSchema = async (context: PipelineContext, migration: Migration) => {
  const target = await context.openTarget(migration.target);
  try {
    return await targetSchemaOf(context, migration, target);
  } finally {
    await target.close();
  }
};

/**
 * Architect: proposes a mapping for every target column MABA can fill. Each proposal goes
 * through the decider, which approves it at or above the review threshold and sends it to
 * human review below; nothing is applied silently. Proposals already on the stream (a run
 * resumed after a crash) are not sent again.
 */
export const runMapping = async (
  context: PipelineContext,
  migration: Migration,
): Promise<{ target: DatabaseSchema; proposed: number }> => {
  context.progress.phaseStarted('mapping');
  const manifest = await loadIngestionManifest(context.artifacts, migration);
  const target = await loadTargetSchema(context, migration);
  const proposal = proposeMappings({
    source: manifest.schema,
    target,
    sourceProfiles: profilesOf(manifest),
  });
  if (proposal.status === 'unmappable') {
    throw new SenseiError(
      'MAPPING.UNMAPPABLE',
      `the source cannot fill the target schema: ${proposal.blockers.join('; ')}`,
      { blockers: proposal.blockers },
    );
  }
  const fresh = proposal.mappings.filter((m) => !migration.mappings.has(m.mappingId));
  const mappings = await refineForReview(
    context.refiner,
    fresh,
    migration.config.reviewThreshold,
    (note) => context.progress.phaseDone('mapping', note),
  );
  let proposed = 0;
  for (const mapping of mappings) {
    await send(context, 'architect', 'ProposeMapping', {
      migrationId: migration.migrationId,
      ...mapping,
    });
    proposed += 1;
  }
  context.progress.phaseDone('mapping', `${proposal.mappings.length} column mappings proposed`);
  return { target, proposed };
};
