import { SenseiError } from '../../shared/sensei-error';
import { lineageOf, mappingIdsWith } from '../mapping';
import type {
  CompleteIngestion,
  CompleteTransformation,
  StartIngestion,
  StartTransformation,
} from '../migration.commands';
import type {
  IngestionCompleted,
  IngestionStarted,
  TransformationCompleted,
  TransformationStarted,
} from '../migration.events';
import type { Migration } from '../migration.state';
import { invalid, requireStatus } from './guards';

export const startIngestion = (
  command: StartIngestion,
  migration: Migration,
): [IngestionStarted] => {
  requireStatus(migration, command, 'requested');
  return [{ type: 'IngestionStarted', data: { migrationId: migration.migrationId } }];
};

export const completeIngestion = (
  command: CompleteIngestion,
  migration: Migration,
): [IngestionCompleted] => {
  requireStatus(migration, command, 'ingesting');
  const { tables, rowCount } = command.data;
  const tableRows = tables.reduce((sum, table) => sum + table.rowCount, 0);
  if (tableRows !== rowCount) {
    throw invalid(`rowCount ${rowCount} differs from the tables' total ${tableRows}`, 'rowCount');
  }
  return [{ type: 'IngestionCompleted', data: command.data }];
};

/** Transformation compiles exactly the approved mappings, so every proposal must be decided. */
export const startTransformation = (
  command: StartTransformation,
  migration: Migration,
): [TransformationStarted] => {
  requireStatus(migration, command, 'ingested');
  const pending = mappingIdsWith(migration.mappings, 'proposed', 'in_review');
  if (pending.length > 0) {
    throw new SenseiError(
      'MIGRATION.MAPPINGS_PENDING',
      `${pending.length} mapping(s) still await review: ${pending.join(', ')}`,
      { pendingMappingIds: pending },
    );
  }
  const mappingIds = mappingIdsWith(migration.mappings, 'approved');
  if (mappingIds.length === 0) {
    throw new SenseiError('MIGRATION.NO_APPROVED_MAPPINGS', 'No approved mapping to transform', {
      migrationId: migration.migrationId,
    });
  }
  return [
    { type: 'TransformationStarted', data: { migrationId: migration.migrationId, mappingIds } },
  ];
};

export const completeTransformation = (
  command: CompleteTransformation,
  migration: Migration,
): [TransformationCompleted] => {
  requireStatus(migration, command, 'transforming');
  const compiled = migration.transformation?.mappingIds ?? [];
  const { lineage, ...output } = command.data;
  const stray = (lineage ?? []).find((edge) => !compiled.includes(edge.mappingId));
  if (stray) {
    throw invalid(`Lineage names mapping ${stray.mappingId}, which was not compiled`, 'lineage');
  }
  const derived = compiled.flatMap((id) => {
    const mapping = migration.mappings.get(id);
    return mapping ? [lineageOf(mapping)] : [];
  });
  return [{ type: 'TransformationCompleted', data: { ...output, lineage: lineage ?? derived } }];
};
