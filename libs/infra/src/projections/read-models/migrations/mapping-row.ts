import type { MappingStatus } from '@sensei/domain';
import { RowTable } from '../../row-table';
import type { MigrationFact } from '../migration-facts';

/** One row of `read.mappings`; the review queue is `status = 'in_review'`. */
export interface MappingRow {
  migration_id: string;
  mapping_id: string;
  source_table: string;
  source_column: string;
  target_table: string;
  target_column: string;
  expression: string | null;
  confidence: number;
  rationale: string;
  status: MappingStatus;
  /** Why it waits for a human: low_confidence or target_conflict. */
  review_reason: string | null;
  proposed_by: string;
  decided_by: string | null;
  decision_note: string | null;
  supersedes: string | null;
  superseded_by: string | null;
  proposed_at: string;
  decided_at: string | null;
  position: number;
}

export const mappingsTable = new RowTable<MappingRow>(
  'mappings',
  [
    { name: 'migration_id', type: 'text' },
    { name: 'mapping_id', type: 'text' },
    { name: 'source_table', type: 'text', constraint: 'NOT NULL' },
    { name: 'source_column', type: 'text', constraint: 'NOT NULL' },
    { name: 'target_table', type: 'text', constraint: 'NOT NULL' },
    { name: 'target_column', type: 'text', constraint: 'NOT NULL' },
    { name: 'expression', type: 'text' },
    { name: 'confidence', type: 'double precision', constraint: 'NOT NULL' },
    { name: 'rationale', type: 'text', constraint: 'NOT NULL' },
    { name: 'status', type: 'text', constraint: 'NOT NULL' },
    { name: 'review_reason', type: 'text' },
    { name: 'proposed_by', type: 'text', constraint: 'NOT NULL' },
    { name: 'decided_by', type: 'text' },
    { name: 'decision_note', type: 'text' },
    { name: 'supersedes', type: 'text' },
    { name: 'superseded_by', type: 'text' },
    { name: 'proposed_at', type: 'timestamptz', constraint: 'NOT NULL' },
    { name: 'decided_at', type: 'timestamptz' },
    { name: 'position', type: 'bigint', constraint: 'NOT NULL' },
  ],
  // Mapping ids name columns (map:Genre.Name:genre.name), so they repeat across migrations.
  ['migration_id', 'mapping_id'],
);

export const mappingKey = (migrationId: string, mappingId: string): string =>
  JSON.stringify([migrationId, mappingId]);

/** The mapping id an event is about, if it is a mapping event. */
export const mappingIdOf = (fact: MigrationFact): string | undefined => {
  switch (fact.type) {
    case 'MappingProposed':
    case 'MappingApproved':
    case 'MappingSentToReview':
    case 'MappingRejected':
    case 'MappingSuperseded':
      return fact.data.mappingId;
    default:
      return undefined;
  }
};

const decided = (row: MappingRow, fact: MigrationFact, status: MappingStatus, by: string) => ({
  ...row,
  status,
  decided_by: by,
  decided_at: fact.at,
  position: fact.position,
});

const autoApprovalNote = (approval: { confidence: number; threshold: number }) =>
  `auto-approved: confidence ${approval.confidence} >= threshold ${approval.threshold}`;

/** The mapping's row after one event about it (undefined until it was proposed). */
export const evolveMappingRow = (
  current: MappingRow | undefined,
  fact: MigrationFact,
): MappingRow | undefined => {
  if (fact.type === 'MappingProposed') {
    const { data } = fact;
    return {
      migration_id: data.migrationId,
      mapping_id: data.mappingId,
      source_table: data.sourceTable,
      source_column: data.sourceColumn,
      target_table: data.targetTable,
      target_column: data.targetColumn,
      expression: data.expression ?? null,
      confidence: data.confidence,
      rationale: data.rationale,
      status: 'proposed',
      review_reason: null,
      proposed_by: data.proposedBy,
      decided_by: null,
      decision_note: null,
      supersedes: data.supersedes ?? null,
      superseded_by: null,
      proposed_at: fact.at,
      decided_at: null,
      position: fact.position,
    };
  }
  if (!current) return undefined;
  switch (fact.type) {
    case 'MappingSentToReview':
      return {
        ...current,
        status: 'in_review',
        review_reason: fact.data.reason,
        position: fact.position,
      };
    case 'MappingApproved': {
      const { approvedBy, note, autoApproval } = fact.data;
      const row = decided(current, fact, 'approved', approvedBy);
      return {
        ...row,
        decision_note: note ?? (autoApproval ? autoApprovalNote(autoApproval) : null),
      };
    }
    case 'MappingRejected':
      return {
        ...decided(current, fact, 'rejected', fact.data.rejectedBy),
        decision_note: fact.data.reason,
      };
    case 'MappingSuperseded':
      return {
        ...decided(current, fact, 'superseded', fact.data.editedBy),
        superseded_by: fact.data.supersededBy,
      };
    default:
      return current;
  }
};
