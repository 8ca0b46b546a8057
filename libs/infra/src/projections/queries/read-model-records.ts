/**
 * What readers get from the read-model views (schema `read`): one record type per view,
 * camelCased, with timestamps as ISO strings and bigints as numbers; and the row to record
 * conversions with the SELECT lists they expect.
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
  /** Read back from the target and equal; null on receipts from before that check. */
  verifiedInTarget: boolean | null;
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

/** A forward page of a list, for readers outside GraphQL (whose connections build their own). */
export interface ReadPage<Item> {
  items: Item[];
  /** Pass as `after` for the next page; null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
}

/**
 * Row to record conversions. Timestamps come back as Dates (or text), bigints as strings from
 * `pg`; the SELECT lists cast counters to float8/int so both drivers hand back numbers.
 */
type Row = Record<string, unknown>;

const text = (value: unknown): string => String(value);
const maybeText = (value: unknown): string | null => (value == null ? null : text(value));
const num = (value: unknown): number => Number(value);
const maybeNum = (value: unknown): number | null => (value == null ? null : Number(value));
/** PGlite under Jest hands back Dates of another realm, so no `instanceof`. */
const isoTimestamp = (value: unknown): string =>
  typeof (value as Date | null)?.toISOString === 'function'
    ? (value as Date).toISOString()
    : new Date(String(value)).toISOString();
const time = (value: unknown): string => isoTimestamp(value);
const maybeTime = (value: unknown): string | null => (value == null ? null : time(value));

/** PGlite parses jsonb; `pg` too, but a driver configured otherwise may hand back text. */
const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export const MIGRATION_COLUMNS = `migration_id, status, phase, source_kind, source_uri, target_kind,
  target_uri, requested_by, requested_at, updated_at, completed_at, halted_reason,
  row_count::float8 AS row_count, delivered_rows::float8 AS delivered_rows,
  mappings_total::int AS mappings_total, mappings_in_review::int AS mappings_in_review,
  mappings_approved::int AS mappings_approved, certificate_id, certificate_status,
  ingestion_ms::float8 AS ingestion_ms, transformation_ms::float8 AS transformation_ms,
  verification_ms::float8 AS verification_ms, delivery_ms::float8 AS delivery_ms,
  position::float8 AS position, requested_at::text AS sort_time`;

export const toMigration = (row: Row): MigrationRecord => ({
  migrationId: text(row.migration_id),
  status: text(row.status),
  phase: text(row.phase),
  sourceKind: text(row.source_kind),
  sourceUri: text(row.source_uri),
  targetKind: text(row.target_kind),
  targetUri: text(row.target_uri),
  requestedBy: text(row.requested_by),
  requestedAt: time(row.requested_at),
  updatedAt: time(row.updated_at),
  completedAt: maybeTime(row.completed_at),
  haltedReason: maybeText(row.halted_reason),
  rowCount: maybeNum(row.row_count),
  deliveredRows: maybeNum(row.delivered_rows),
  mappingsTotal: num(row.mappings_total ?? 0),
  mappingsInReview: num(row.mappings_in_review ?? 0),
  mappingsApproved: num(row.mappings_approved ?? 0),
  certificateId: maybeText(row.certificate_id),
  certificateStatus: maybeText(row.certificate_status),
  ingestionMs: maybeNum(row.ingestion_ms),
  transformationMs: maybeNum(row.transformation_ms),
  verificationMs: maybeNum(row.verification_ms),
  deliveryMs: maybeNum(row.delivery_ms),
  position: num(row.position),
  sortKey: JSON.stringify([text(row.sort_time), text(row.migration_id)]),
});

export const TABLE_COLUMNS = `migration_id, role, table_name, rows::float8 AS rows,
  partitions::int AS partitions, pii_columns, phase, updated_at`;

export const toMigrationTable = (row: Row): MigrationTableRecord => ({
  migrationId: text(row.migration_id),
  role: text(row.role),
  tableName: text(row.table_name),
  rows: maybeNum(row.rows),
  partitions: maybeNum(row.partitions),
  piiColumns: (row.pii_columns as string[] | null) ?? [],
  phase: text(row.phase),
  updatedAt: time(row.updated_at),
});

export const MAPPING_COLUMNS = `mapping_id, migration_id, source_table, source_column,
  target_table, target_column, expression, confidence::float8 AS confidence, rationale, status,
  review_reason, proposed_by, decided_by, decision_note, supersedes, superseded_by, proposed_at,
  decided_at, position::float8 AS position, proposed_at::text AS sort_time`;

export const toMapping = (row: Row): MappingRecord => ({
  mappingId: text(row.mapping_id),
  migrationId: text(row.migration_id),
  sourceTable: text(row.source_table),
  sourceColumn: text(row.source_column),
  targetTable: text(row.target_table),
  targetColumn: text(row.target_column),
  expression: maybeText(row.expression),
  confidence: num(row.confidence),
  rationale: text(row.rationale),
  status: text(row.status),
  reviewReason: maybeText(row.review_reason),
  proposedBy: text(row.proposed_by),
  decidedBy: maybeText(row.decided_by),
  decisionNote: maybeText(row.decision_note),
  supersedes: maybeText(row.supersedes),
  supersededBy: maybeText(row.superseded_by),
  proposedAt: time(row.proposed_at),
  decidedAt: maybeTime(row.decided_at),
  position: num(row.position),
  sortKey: JSON.stringify([text(row.sort_time), text(row.migration_id), text(row.mapping_id)]),
});

export const CERTIFICATE_COLUMNS = `certificate_id, migration_id, status, summary, evidence_hash,
  document_hash, issued_by, issued_at, position::float8 AS position`;

export const toCertificate = (row: Row): CertificateRecord => ({
  certificateId: text(row.certificate_id),
  migrationId: text(row.migration_id),
  status: text(row.status),
  summary: maybeText(row.summary),
  evidenceHash: text(row.evidence_hash),
  documentHash: maybeText(row.document_hash),
  issuedBy: text(row.issued_by),
  issuedAt: time(row.issued_at),
  position: num(row.position),
});

export const RECEIPT_COLUMNS = `migration_id, certificate_id, rows_per_table,
  row_count::float8 AS row_count, checksum, elapsed_ms::float8 AS elapsed_ms,
  batch_count::int AS batch_count, verified_in_target, confirmed_at`;

export const toReceipt = (row: Row): DeliveryReceiptRecord => ({
  migrationId: text(row.migration_id),
  certificateId: text(row.certificate_id),
  rowsPerTable: json<Record<string, number>>(row.rows_per_table),
  rowCount: num(row.row_count),
  checksum: text(row.checksum),
  elapsedMs: num(row.elapsed_ms),
  batchCount: maybeNum(row.batch_count),
  verifiedInTarget: row.verified_in_target == null ? null : row.verified_in_target === true,
  confirmedAt: time(row.confirmed_at),
});

export const PII_COLUMNS = 'migration_id, table_name, column_name, detected_at';

export const toPiiFinding = (row: Row): PiiFindingRecord => ({
  migrationId: text(row.migration_id),
  tableName: text(row.table_name),
  columnName: text(row.column_name),
  detectedAt: time(row.detected_at),
});

export const ACTIVITY_COLUMNS = `position::float8 AS position, migration_id, stream_id,
  revision::int AS revision, event_type, actor, reason, correlation_id, causation_id,
  occurred_at, summary`;

export const toActivity = (row: Row): ActivityRecord => ({
  position: num(row.position),
  migrationId: text(row.migration_id),
  streamId: text(row.stream_id),
  revision: num(row.revision),
  eventType: text(row.event_type),
  actor: text(row.actor),
  reason: maybeText(row.reason),
  correlationId: text(row.correlation_id),
  causationId: text(row.causation_id),
  occurredAt: time(row.occurred_at),
  summary: text(row.summary),
});
