/**
 * What the GraphQL layer reads from the read-model views (schema `read`), camelCased, with
 * timestamps as ISO strings and bigints as numbers. One record type per view.
 */
export interface MigrationRecord {
  migrationId: string;
  status: string;
  /** Where the work is, or where it stopped: ingestion, mapping, ..., done. */
  phase: string;
  sourceKind: string;
  sourceUri: string;
  targetKind: string;
  targetUri: string;
  requestedBy: string;
  requestedAt: string;
  updatedAt: string;
  completedAt: string | null;
  haltedReason: string | null;
  rowCount: number | null;
  deliveredRows: number | null;
  mappingsTotal: number;
  mappingsInReview: number;
  mappingsApproved: number;
  certificateId: string | null;
  certificateStatus: string | null;
  ingestionMs: number | null;
  transformationMs: number | null;
  verificationMs: number | null;
  deliveryMs: number | null;
  position: number;
  /** Opaque key of this row in the list order (requested_at, migration_id), for cursors. */
  sortKey: string;
}

export interface MigrationTableRecord {
  migrationId: string;
  role: string;
  tableName: string;
  rows: number | null;
  partitions: number | null;
  piiColumns: string[];
  phase: string;
  updatedAt: string;
}

export interface MappingRecord {
  mappingId: string;
  migrationId: string;
  sourceTable: string;
  sourceColumn: string;
  targetTable: string;
  targetColumn: string;
  expression: string | null;
  confidence: number;
  rationale: string;
  status: string;
  reviewReason: string | null;
  proposedBy: string;
  decidedBy: string | null;
  decisionNote: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  proposedAt: string;
  decidedAt: string | null;
  position: number;
  sortKey: string;
}

export interface CertificateRecord {
  certificateId: string;
  migrationId: string;
  status: string;
  summary: string | null;
  evidenceHash: string;
  documentHash: string | null;
  issuedBy: string;
  issuedAt: string;
  position: number;
}

export interface DeliveryReceiptRecord {
  migrationId: string;
  certificateId: string;
  rowsPerTable: Record<string, number>;
  rowCount: number;
  checksum: string;
  elapsedMs: number;
  batchCount: number | null;
  confirmedAt: string;
}

export interface PiiFindingRecord {
  migrationId: string;
  tableName: string;
  columnName: string;
  detectedAt: string;
}

export interface ActivityRecord {
  position: number;
  migrationId: string;
  streamId: string;
  revision: number;
  eventType: string;
  actor: string;
  reason: string | null;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  summary: string;
}
