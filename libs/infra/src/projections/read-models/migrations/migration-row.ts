import type { ActiveStatus, MappingStatus, MigrationStatus } from '@sensei/domain';
import { RowTable } from '../../row-table';
import { elapsedMs, type MigrationFact } from '../migration-facts';

/** One row of `read.migrations`; the *_started_at columns stay in the build's table. */
export interface MigrationRow {
  migration_id: string;
  status: MigrationStatus;
  /** Where the work is, or where it stopped: ingestion, mapping, transformation, ... done. */
  phase: string;
  source_kind: string;
  source_uri: string;
  target_kind: string;
  target_uri: string;
  requested_by: string;
  requested_at: string;
  updated_at: string;
  completed_at: string | null;
  halted_reason: string | null;
  row_count: number | null;
  delivered_rows: number | null;
  mappings_total: number;
  mappings_in_review: number;
  mappings_approved: number;
  certificate_id: string | null;
  certificate_status: string | null;
  ingestion_started_at: string | null;
  ingestion_ms: number | null;
  transformation_started_at: string | null;
  transformation_ms: number | null;
  verification_started_at: string | null;
  verification_ms: number | null;
  delivery_started_at: string | null;
  delivery_ms: number | null;
  position: number;
}

export const migrationsTable = new RowTable<MigrationRow>(
  'migrations',
  [
    { name: 'migration_id', type: 'text' },
    { name: 'status', type: 'text', constraint: 'NOT NULL' },
    { name: 'phase', type: 'text', constraint: 'NOT NULL' },
    { name: 'source_kind', type: 'text', constraint: 'NOT NULL' },
    { name: 'source_uri', type: 'text', constraint: 'NOT NULL' },
    { name: 'target_kind', type: 'text', constraint: 'NOT NULL' },
    { name: 'target_uri', type: 'text', constraint: 'NOT NULL' },
    { name: 'requested_by', type: 'text', constraint: 'NOT NULL' },
    { name: 'requested_at', type: 'timestamptz', constraint: 'NOT NULL' },
    { name: 'updated_at', type: 'timestamptz', constraint: 'NOT NULL' },
    { name: 'completed_at', type: 'timestamptz' },
    { name: 'halted_reason', type: 'text' },
    { name: 'row_count', type: 'bigint' },
    { name: 'delivered_rows', type: 'bigint' },
    { name: 'mappings_total', type: 'integer', constraint: 'NOT NULL' },
    { name: 'mappings_in_review', type: 'integer', constraint: 'NOT NULL' },
    { name: 'mappings_approved', type: 'integer', constraint: 'NOT NULL' },
    { name: 'certificate_id', type: 'text' },
    { name: 'certificate_status', type: 'text' },
    { name: 'ingestion_started_at', type: 'timestamptz' },
    { name: 'ingestion_ms', type: 'bigint' },
    { name: 'transformation_started_at', type: 'timestamptz' },
    { name: 'transformation_ms', type: 'bigint' },
    { name: 'verification_started_at', type: 'timestamptz' },
    { name: 'verification_ms', type: 'bigint' },
    { name: 'delivery_started_at', type: 'timestamptz' },
    { name: 'delivery_ms', type: 'bigint' },
    { name: 'position', type: 'bigint', constraint: 'NOT NULL' },
  ],
  ['migration_id'],
);

const phaseOfStatus: Record<MigrationStatus, string> = {
  requested: 'ingestion',
  ingesting: 'ingestion',
  ingested: 'mapping',
  transforming: 'transformation',
  transformed: 'transformation',
  verifying: 'verification',
  verified: 'verification',
  delivering: 'delivery',
  completed: 'done',
  // A stopped migration keeps the phase it stopped in (set by the halt or cancel itself).
  halted: 'ingestion',
  cancelled: 'ingestion',
};

const requested = (fact: Extract<MigrationFact, { type: 'MigrationRequested' }>): MigrationRow => ({
  migration_id: fact.data.migrationId,
  status: 'requested',
  phase: phaseOfStatus.requested,
  source_kind: fact.data.source.kind,
  source_uri: fact.data.source.uri,
  target_kind: fact.data.target.kind,
  target_uri: fact.data.target.uri,
  requested_by: fact.data.requestedBy,
  requested_at: fact.at,
  updated_at: fact.at,
  completed_at: null,
  halted_reason: null,
  row_count: null,
  delivered_rows: null,
  mappings_total: 0,
  mappings_in_review: 0,
  mappings_approved: 0,
  certificate_id: null,
  certificate_status: null,
  ingestion_started_at: null,
  ingestion_ms: null,
  transformation_started_at: null,
  transformation_ms: null,
  verification_started_at: null,
  verification_ms: null,
  delivery_started_at: null,
  delivery_ms: null,
  position: fact.position,
});

const withStatus = (row: MigrationRow, status: ActiveStatus | 'completed'): MigrationRow => ({
  ...row,
  status,
  phase: phaseOfStatus[status],
  halted_reason: null,
});

/**
 * The migration's dashboard row after one event: the same statuses as the domain's evolve, plus
 * the figures and phase timings a dashboard shows. Events before MigrationRequested are ignored,
 * as the domain ignores them.
 */
export const evolveMigrationRow = (
  current: MigrationRow | undefined,
  fact: MigrationFact,
): MigrationRow | undefined => {
  if (fact.type === 'MigrationRequested') return requested(fact);
  if (!current) return undefined;
  const row: MigrationRow = { ...current, updated_at: fact.at, position: fact.position };
  switch (fact.type) {
    case 'IngestionStarted':
      return { ...withStatus(row, 'ingesting'), ingestion_started_at: fact.at };
    case 'IngestionCompleted':
      return {
        ...withStatus(row, 'ingested'),
        row_count: fact.data.rowCount,
        ingestion_ms: elapsedMs(row.ingestion_started_at, fact.at),
      };
    case 'TransformationStarted':
      return { ...withStatus(row, 'transforming'), transformation_started_at: fact.at };
    case 'TransformationCompleted':
      return {
        ...withStatus(row, 'transformed'),
        transformation_ms: elapsedMs(row.transformation_started_at, fact.at),
      };
    case 'VerificationStarted':
      return { ...withStatus(row, 'verifying'), verification_started_at: fact.at };
    case 'CertificateIssued': {
      const { certificate } = fact.data;
      const certified = {
        ...row,
        certificate_id: certificate.certificateId,
        certificate_status: certificate.status,
        verification_ms: elapsedMs(row.verification_started_at, fact.at),
      };
      // A certificate that did not pass is followed by MigrationHalted in the same decision.
      return certificate.status === 'PASSED' ? withStatus(certified, 'verified') : certified;
    }
    case 'DeliveryStarted':
      return { ...withStatus(row, 'delivering'), delivery_started_at: fact.at };
    case 'DeliveryConfirmed':
      return {
        ...row,
        delivered_rows: fact.data.rowCount,
        delivery_ms: elapsedMs(row.delivery_started_at, fact.at),
      };
    case 'MigrationCompleted':
      return {
        ...withStatus(row, 'completed'),
        delivered_rows: fact.data.rowCount,
        completed_at: fact.at,
      };
    case 'MigrationHalted':
      return {
        ...row,
        status: 'halted',
        phase: phaseOfStatus[fact.data.haltedIn],
        halted_reason: fact.data.reason,
      };
    case 'MigrationResumed':
      return withStatus(row, fact.data.resumedTo);
    case 'MigrationCancelled':
      return {
        ...row,
        status: 'cancelled',
        phase:
          fact.data.cancelledIn === 'halted' ? row.phase : phaseOfStatus[fact.data.cancelledIn],
      };
    default:
      // Mapping events: the counts move with the mapping's status (see withMappingCounts).
      return row;
  }
};

const countsOf = (status: MappingStatus | undefined) => ({
  total: status === undefined ? 0 : 1,
  inReview: status === 'in_review' ? 1 : 0,
  approved: status === 'approved' ? 1 : 0,
});

/** The migration's mapping counts after one of its mappings went from `before` to `after`. */
export const withMappingCounts = (
  row: MigrationRow,
  before: MappingStatus | undefined,
  after: MappingStatus | undefined,
): MigrationRow => {
  const was = countsOf(before);
  const is = countsOf(after);
  return {
    ...row,
    mappings_total: row.mappings_total + is.total - was.total,
    mappings_in_review: row.mappings_in_review + is.inReview - was.inReview,
    mappings_approved: row.mappings_approved + is.approved - was.approved,
  };
};
