/** What readers get from the `read.*` views: camelCase, ISO-8601 times, numbers as numbers. */

export interface MigrationView {
  migrationId: string;
  status: string;
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
}

export interface MigrationTableView {
  migrationId: string;
  role: 'source' | 'target';
  tableName: string;
  rows: number | null;
  partitions: number | null;
  piiColumns: string[];
  phase: string;
  updatedAt: string;
}

export interface MappingView {
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
}

export interface CertificateView {
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

export interface DeliveryReceiptView {
  migrationId: string;
  certificateId: string;
  rowsPerTable: Record<string, number>;
  rowCount: number;
  checksum: string;
  elapsedMs: number;
  batchCount: number | null;
  confirmedAt: string;
}

export interface PiiFindingView {
  migrationId: string;
  tableName: string;
  columnName: string;
  detectedAt: string;
}

export interface ActivityView {
  position: number;
  migrationId: string | null;
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

export interface ReadPage<Item> {
  items: Item[];
  /** Pass as `after` for the next page; null when the page is empty. */
  endCursor: string | null;
  hasNextPage: boolean;
}

/** bigint columns: pg returns them as strings, PGlite as numbers. */
const bigintColumns = new Set([
  'row_count',
  'delivered_rows',
  'ingestion_ms',
  'transformation_ms',
  'verification_ms',
  'delivery_ms',
  'position',
  'rows',
  'elapsed_ms',
]);

const camel = (name: string) =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** A view row as readers get it (see the file comment). */
export const toView = <View>(row: Record<string, unknown>): View => {
  const view: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    view[camel(name)] =
      value instanceof Date
        ? value.toISOString()
        : bigintColumns.has(name) && value !== null
          ? Number(value)
          : value;
  }
  return view as View;
};
