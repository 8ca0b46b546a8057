import { SenseiError } from '../../shared/sensei-error';
import {
  approvedMappingForTarget,
  type ColumnMapping,
  type MappingRecord,
  type MappingStatus,
} from '../mapping';
import type { MigrationCommand } from '../migration.commands';
import type { Migration } from '../migration.state';
import { illegalTransition, invalid, requireStatus } from './guards';

export const assertNewMappingId = (migration: Migration, mappingId: string): void => {
  if (migration.mappings.has(mappingId)) {
    throw new SenseiError(
      'MIGRATION.MAPPING_ALREADY_EXISTS',
      `Mapping ${mappingId} already exists`,
      { mappingId },
    );
  }
};

export const assertIngestedSource = (migration: Migration, mapping: ColumnMapping): void => {
  const tables = migration.ingestion?.tables ?? [];
  if (!tables.some((table) => table.name === mapping.sourceTable)) {
    throw invalid(`Source table ${mapping.sourceTable} was not ingested`, 'sourceTable');
  }
};

export const assertTargetFree = (
  migration: Migration,
  mapping: ColumnMapping,
  ignoring?: string,
): void => {
  const taken = approvedMappingForTarget(migration.mappings, mapping, ignoring);
  if (taken) {
    throw new SenseiError(
      'MIGRATION.MAPPING_CONFLICT',
      `${mapping.targetTable}.${mapping.targetColumn} is already filled by approved mapping ${taken.mappingId}`,
      { mappingId: mapping.mappingId, conflictsWith: taken.mappingId },
    );
  }
};

/** The mapping under review, in one of the statuses the command may act on. */
export const mappingFor = (
  migration: Migration,
  command: MigrationCommand & { data: { mappingId: string } },
  ...allowed: MappingStatus[]
): MappingRecord => {
  requireStatus(migration, command, 'ingested');
  const { mappingId } = command.data;
  const mapping = migration.mappings.get(mappingId);
  if (!mapping) {
    throw new SenseiError('MIGRATION.MAPPING_NOT_FOUND', `Mapping ${mappingId} does not exist`, {
      mappingId,
    });
  }
  if (!allowed.includes(mapping.status)) {
    throw illegalTransition(migration, command, `mapping ${mappingId} is ${mapping.status}`, {
      mappingId,
      mappingStatus: mapping.status,
    });
  }
  return mapping;
};
