import { registerEnumType } from '@nestjs/graphql';

/** GraphQL names in upper case; the values are the read models' (the domain's) spellings. */
export enum MigrationStatus {
  REQUESTED = 'requested',
  INGESTING = 'ingesting',
  INGESTED = 'ingested',
  TRANSFORMING = 'transforming',
  TRANSFORMED = 'transformed',
  VERIFYING = 'verifying',
  VERIFIED = 'verified',
  DELIVERING = 'delivering',
  COMPLETED = 'completed',
  HALTED = 'halted',
  CANCELLED = 'cancelled',
}

/** Where the work is, or where a halted or cancelled migration stopped. */
export enum MigrationPhase {
  INGESTION = 'ingestion',
  MAPPING = 'mapping',
  TRANSFORMATION = 'transformation',
  VERIFICATION = 'verification',
  DELIVERY = 'delivery',
  DONE = 'done',
}

export enum MappingStatus {
  PROPOSED = 'proposed',
  IN_REVIEW = 'in_review',
  APPROVED = 'approved',
  REJECTED = 'rejected',
  SUPERSEDED = 'superseded',
}

export enum CertificateStatus {
  PASSED = 'PASSED',
  FAILED = 'FAILED',
  INCONCLUSIVE = 'INCONCLUSIVE',
}

export enum TableRole {
  SOURCE = 'source',
  TARGET = 'target',
}

export enum LineageDirection {
  UPSTREAM = 'upstream',
  DOWNSTREAM = 'downstream',
}

registerEnumType(MigrationStatus, { name: 'MigrationStatus' });
registerEnumType(MigrationPhase, {
  name: 'MigrationPhase',
  description:
    'The pipeline phase a status belongs to; DONE when completed, STOPPED when halted or cancelled.',
});
registerEnumType(MappingStatus, { name: 'MappingStatus' });
registerEnumType(CertificateStatus, { name: 'CertificateStatus' });
registerEnumType(TableRole, { name: 'TableRole' });
registerEnumType(LineageDirection, {
  name: 'LineageDirection',
  description: 'UPSTREAM: where a column came from; DOWNSTREAM: what a column feeds.',
});
