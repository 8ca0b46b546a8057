import {
  applyChanges,
  approvedMappingForTarget,
  assertConfidence,
  isSameMapping,
} from '../mapping';
import { AUTO_APPROVER } from '../migration-config';
import type {
  ApproveMapping,
  EditMapping,
  ProposeMapping,
  RejectMapping,
} from '../migration.commands';
import type { MappingApproved, MappingProposed, MigrationEvent } from '../migration.events';
import type { Migration } from '../migration.state';
import { invalid, requireStatus } from './guards';
import {
  assertIngestedSource,
  assertNewMappingId,
  assertTargetFree,
  mappingFor,
} from './mapping-guards';

/**
 * Fail-safe: a proposal is approved on its own only when it clears the migration's review
 * threshold and its target column is still free; anything else waits for a human.
 */
export const proposeMapping = (command: ProposeMapping, migration: Migration): MigrationEvent[] => {
  requireStatus(migration, command, 'ingested');
  const { migrationId, ...mapping } = command.data;
  assertConfidence(mapping.confidence);
  assertNewMappingId(migration, mapping.mappingId);
  assertIngestedSource(migration, mapping);

  const { mappingId, confidence } = mapping;
  const threshold = migration.config.reviewThreshold;
  const proposed: MappingProposed = {
    type: 'MappingProposed',
    data: { migrationId, ...mapping, proposedBy: command.metadata.actor },
  };
  const taken = approvedMappingForTarget(migration.mappings, mapping);
  if (confidence >= threshold && !taken) {
    const autoApproval = { confidence, threshold };
    const data = { migrationId, mappingId, approvedBy: AUTO_APPROVER, autoApproval };
    return [proposed, { type: 'MappingApproved', data }];
  }
  const reason = taken ? 'target_conflict' : 'low_confidence';
  const data = { migrationId, mappingId, reason, confidence, threshold } as const;
  return [
    proposed,
    {
      type: 'MappingSentToReview',
      data: taken ? { ...data, conflictsWith: taken.mappingId } : data,
    },
  ];
};

export const approveMapping = (
  command: ApproveMapping,
  migration: Migration,
): [MappingApproved] => {
  const mapping = mappingFor(migration, command, 'in_review');
  assertTargetFree(migration, mapping);
  const { mappingId, note } = command.data;
  const data = {
    migrationId: migration.migrationId,
    mappingId,
    approvedBy: command.metadata.actor,
  };
  return [{ type: 'MappingApproved', data: note === undefined ? data : { ...data, note } }];
};

/** Also revokes an approval (an auto-approved mapping a reviewer disagrees with). */
export const rejectMapping = (command: RejectMapping, migration: Migration): MigrationEvent[] => {
  mappingFor(migration, command, 'in_review', 'approved');
  const { mappingId, reason } = command.data;
  const data = {
    migrationId: migration.migrationId,
    mappingId,
    rejectedBy: command.metadata.actor,
    reason,
  };
  return [{ type: 'MappingRejected', data }];
};

/**
 * An edit is a new mapping authored by the reviewer: the old one is superseded, the new one is
 * proposed by the reviewer (confidence 1: a human wrote it) and approved by them at once.
 */
export const editMapping = (command: EditMapping, migration: Migration): MigrationEvent[] => {
  const old = mappingFor(migration, command, 'in_review', 'approved');
  const { migrationId, mappingId, newMappingId, changes } = command.data;
  const editedBy = command.metadata.actor;
  assertNewMappingId(migration, newMappingId);
  const rationale = changes.rationale ?? `Edited by ${editedBy} from ${mappingId}`;
  const edited = applyChanges(old, changes, newMappingId, rationale);
  if (isSameMapping(old, edited)) {
    throw invalid('An edit must change the mapping; approve it instead', 'changes');
  }
  assertIngestedSource(migration, edited);
  assertTargetFree(migration, edited, mappingId);
  return [
    {
      type: 'MappingSuperseded',
      data: { migrationId, mappingId, supersededBy: newMappingId, editedBy },
    },
    {
      type: 'MappingProposed',
      data: { migrationId, ...edited, proposedBy: editedBy, supersedes: mappingId },
    },
    {
      type: 'MappingApproved',
      data: { migrationId, mappingId: newMappingId, approvedBy: editedBy },
    },
  ];
};
