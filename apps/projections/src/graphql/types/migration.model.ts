import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import type { MigrationRecord } from '@sensei/infra';
import { CertificateStatus, MigrationPhase, MigrationStatus } from './enums';
import { DateTimeScalar } from './scalars';

@ObjectType({ description: 'A source or target system: its kind (postgres, sqlite, ...) and URI.' })
export class DataStore {
  @Field() kind!: string;
  @Field() uri!: string;
}

@ObjectType()
export class MappingCounts {
  @Field(() => Int) total!: number;
  @Field(() => Int) inReview!: number;
  @Field(() => Int) approved!: number;
}

@ObjectType({ description: 'How long each finished phase took, in milliseconds.' })
export class MigrationTimings {
  @Field(() => Float, { nullable: true }) ingestionMs!: number | null;
  @Field(() => Float, { nullable: true }) transformationMs!: number | null;
  @Field(() => Float, { nullable: true }) verificationMs!: number | null;
  @Field(() => Float, { nullable: true }) deliveryMs!: number | null;
}

@ObjectType('Migration')
export class MigrationModel {
  @Field(() => ID) id!: string;
  @Field(() => MigrationStatus) status!: MigrationStatus;
  @Field(() => MigrationPhase) phase!: MigrationPhase;
  @Field(() => DataStore) source!: DataStore;
  @Field(() => DataStore) target!: DataStore;
  @Field() requestedBy!: string;
  @Field(() => DateTimeScalar) requestedAt!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) completedAt!: string | null;
  @Field(() => String, { nullable: true }) haltedReason!: string | null;
  @Field(() => Float, { nullable: true, description: 'Rows ingested from the source.' })
  rowCount!: number | null;
  @Field(() => Float, { nullable: true, description: 'Rows the delivery receipt confirms.' })
  deliveredRows!: number | null;
  @Field(() => MappingCounts) mappingCounts!: MappingCounts;
  @Field(() => String, { nullable: true }) certificateId!: string | null;
  @Field(() => CertificateStatus, { nullable: true }) certificateStatus!: CertificateStatus | null;
  @Field(() => MigrationTimings) timings!: MigrationTimings;
  @Field(() => Float, { description: 'Global position of the last event reflected here.' })
  position!: number;
}

export const toMigrationModel = (record: MigrationRecord): MigrationModel => ({
  id: record.migrationId,
  status: record.status as MigrationStatus,
  phase: record.phase as MigrationPhase,
  source: { kind: record.sourceKind, uri: record.sourceUri },
  target: { kind: record.targetKind, uri: record.targetUri },
  requestedBy: record.requestedBy,
  requestedAt: record.requestedAt,
  updatedAt: record.updatedAt,
  completedAt: record.completedAt,
  haltedReason: record.haltedReason,
  rowCount: record.rowCount,
  deliveredRows: record.deliveredRows,
  mappingCounts: {
    total: record.mappingsTotal,
    inReview: record.mappingsInReview,
    approved: record.mappingsApproved,
  },
  certificateId: record.certificateId,
  certificateStatus: record.certificateStatus as CertificateStatus | null,
  timings: {
    ingestionMs: record.ingestionMs,
    transformationMs: record.transformationMs,
    verificationMs: record.verificationMs,
    deliveryMs: record.deliveryMs,
  },
  position: record.position,
});
