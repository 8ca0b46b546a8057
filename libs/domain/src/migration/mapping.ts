import { SenseiError } from '../shared/sensei-error';
import type { LineageEdge } from './checkpoints';

/** A proposed correspondence from one source column to one target column. */
export interface ColumnMapping {
  mappingId: string;
  sourceTable: string;
  sourceColumn: string;
  targetTable: string;
  targetColumn: string;
  /** DuckDB SQL expression over the source column; identity when absent. */
  expression?: string;
  /** The proposer's confidence, in [0, 1]. */
  confidence: number;
  rationale: string;
}

/**
 * `proposed` only exists between MappingProposed and the event that always follows it in the same
 * decision. `superseded` means a reviewer replaced the mapping by an edited one.
 */
export type MappingStatus = 'proposed' | 'in_review' | 'approved' | 'rejected' | 'superseded';

export interface MappingRecord extends ColumnMapping {
  status: MappingStatus;
  proposedBy: string;
  /** The mapping this one replaced through an edit. */
  supersedes?: string;
  decidedBy?: string;
  rejectionReason?: string;
  supersededBy?: string;
}

/** What a reviewer may change when editing; `expression: null` resets to identity. */
export interface MappingChanges {
  sourceTable?: string;
  sourceColumn?: string;
  targetTable?: string;
  targetColumn?: string;
  expression?: string | null;
  rationale?: string;
}

export type Mappings = ReadonlyMap<string, MappingRecord>;

export const assertConfidence = (confidence: number): void => {
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    throw new SenseiError('VALIDATION.FAILED', `confidence must lie in [0, 1], got ${confidence}`, {
      field: 'confidence',
    });
  }
};

export const mappingIdsWith = (mappings: Mappings, ...statuses: MappingStatus[]): string[] =>
  [...mappings.values()].filter((m) => statuses.includes(m.status)).map((m) => m.mappingId);

const targetOf = (m: Pick<ColumnMapping, 'targetTable' | 'targetColumn'>) =>
  `${m.targetTable}.${m.targetColumn}`;

/** The approved mapping that already fills the same target column, if any. */
export const approvedMappingForTarget = (
  mappings: Mappings,
  candidate: ColumnMapping,
  ignoring?: string,
): MappingRecord | undefined =>
  [...mappings.values()].find(
    (m) =>
      m.status === 'approved' && m.mappingId !== ignoring && targetOf(m) === targetOf(candidate),
  );

/** The reviewer's version of `base`: only the mapping's own fields, never its review record. */
export const applyChanges = (
  base: ColumnMapping,
  changes: MappingChanges,
  mappingId: string,
  rationale: string,
): ColumnMapping => {
  const expression = changes.expression === undefined ? base.expression : changes.expression;
  return {
    mappingId,
    sourceTable: changes.sourceTable ?? base.sourceTable,
    sourceColumn: changes.sourceColumn ?? base.sourceColumn,
    targetTable: changes.targetTable ?? base.targetTable,
    targetColumn: changes.targetColumn ?? base.targetColumn,
    ...(expression === null || expression === undefined ? {} : { expression }),
    confidence: 1,
    rationale,
  };
};

export const isSameMapping = (a: ColumnMapping, b: ColumnMapping): boolean =>
  a.sourceTable === b.sourceTable &&
  a.sourceColumn === b.sourceColumn &&
  targetOf(a) === targetOf(b) &&
  a.expression === b.expression;

export const lineageOf = (m: ColumnMapping): LineageEdge => ({
  mappingId: m.mappingId,
  source: `${m.sourceTable}.${m.sourceColumn}`,
  transform: m.expression ?? 'identity',
  target: targetOf(m),
});
