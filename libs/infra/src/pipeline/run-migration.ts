import { type ErrorCode, isSenseiError, type Migration } from '@sensei/domain';
import { runDelivery } from './delivery-agent';
import { runIngestion } from './ingestion-agent';
import { runMapping } from './mapping-agent';
import { send, type PipelineContext } from './pipeline-context';
import { runTransformation } from './transformation-agent';
import { runKoraVerification } from './verification/kora-agent';

/** Where a run stopped: done, or waiting on a human (review, halt) with the reason. */
export type RunOutcome =
  | { status: 'completed'; migration: Migration }
  | { status: 'awaiting_review'; migration: Migration; pendingMappingIds: string[] }
  | { status: 'halted'; migration: Migration; reason: string }
  | { status: 'cancelled'; migration: Migration };

/** Errors in the data or the schemas: retrying cannot help, so the migration halts for a human. */
const haltingCodes: readonly ErrorCode[] = [
  'MAPPING.UNMAPPABLE',
  'PIPELINE.INVALID_VALUE',
  'DELIVERY.REJECTED',
  'DELIVERY.LEDGER_MISMATCH',
  'DELIVERY.TARGET_MISMATCH',
];

const pendingReview = (migration: Migration): string[] =>
  [...migration.mappings.values()].filter((m) => m.status === 'in_review').map((m) => m.mappingId);

const load = async (context: PipelineContext, migrationId: string): Promise<Migration> => {
  const { state } = await context.commands.load(migrationId);
  if (state.status === 'empty') throw new Error(`migration ${migrationId} does not exist`);
  return state;
};

/** One step from the migration's current status; false once nothing more can be done now. */
const step = async (context: PipelineContext, migration: Migration): Promise<boolean> => {
  const migrationId = migration.migrationId;
  switch (migration.status) {
    case 'requested':
      await send(context, 'scout', 'StartIngestion', { migrationId });
      return true;
    case 'ingesting':
      await send(context, 'worker', 'CompleteIngestion', {
        migrationId,
        ...(await runIngestion(context, migration)),
      });
      return true;
    case 'ingested': {
      // Idempotent: proposals already on the stream (an interrupted run) are not sent again.
      await runMapping(context, migration);
      const fresh = await load(context, migrationId);
      if (pendingReview(fresh).length > 0) return false;
      await send(context, 'architect', 'StartTransformation', { migrationId });
      return true;
    }
    case 'transforming': {
      const { compiled, ...output } = await runTransformation(context, migration);
      await send(context, 'worker', 'CompleteTransformation', {
        migrationId,
        sqlHash: output.sqlHash,
        outputManifestHash: output.outputManifestHash,
        rowCount: output.rowCount,
        lineage: compiled.lineage,
      });
      return true;
    }
    case 'transformed':
      await send(context, 'validator', 'StartVerification', { migrationId });
      return true;
    case 'verifying':
      await send(context, 'validator', 'IssueCertificate', {
        migrationId,
        ...(await runKoraVerification(context, migration)),
      });
      return true;
    case 'verified':
      await send(context, 'delivery', 'StartDelivery', { migrationId });
      return true;
    case 'delivering':
      await send(context, 'delivery', 'ConfirmDelivery', {
        migrationId,
        receipt: await runDelivery(context, migration),
      });
      return true;
    case 'completed':
    case 'halted':
    case 'cancelled':
      return false;
  }
};

const outcomeOf = (migration: Migration): RunOutcome => {
  if (migration.status === 'completed') return { status: 'completed', migration };
  if (migration.status === 'cancelled') return { status: 'cancelled', migration };
  if (migration.status === 'halted') {
    return { status: 'halted', migration, reason: migration.halt?.reason ?? 'halted' };
  }
  return { status: 'awaiting_review', migration, pendingMappingIds: pendingReview(migration) };
};

/**
 * Drives a migration from wherever its events say it is, phase by phase, each phase starting
 * only after its predecessor's checkpoint event. After a crash, running it again resumes: the
 * phase in progress is redone (its outputs are content-addressed, delivery is idempotent).
 */
export const runMigration = async (
  context: PipelineContext,
  migrationId: string,
): Promise<RunOutcome> => {
  for (;;) {
    const migration = await load(context, migrationId);
    try {
      if (!(await step(context, migration))) return outcomeOf(await load(context, migrationId));
    } catch (error) {
      if (isSenseiError(error) && haltingCodes.includes(error.code)) {
        await send(context, 'supervisor', 'HaltMigration', { migrationId, reason: error.message });
      }
      throw error;
    }
  }
};
