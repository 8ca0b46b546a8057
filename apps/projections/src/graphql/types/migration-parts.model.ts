import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type {
  CertificateRecord,
  DeliveryReceiptRecord,
  MappingRecord,
  MigrationTableRecord,
  PiiFindingRecord,
} from '@sensei/infra';
import { CertificateStatus, MappingStatus, TableRole } from './enums';
import { DateTimeScalar } from './scalars';

@ObjectType({
  description: 'Progress of one table: a source table as ingested, a target table as delivered.',
})
export class MigrationTable {
  @Field(() => TableRole) role!: TableRole;
  @Field() name!: string;
  @Field(() => Float, { nullable: true }) rows!: number | null;
  @Field(() => Int, { nullable: true }) partitions!: number | null;
  @Field(() => [String], { description: 'Columns flagged as personal data.' })
  piiColumns!: string[];
  @Field() phase!: string;
  @Field(() => DateTimeScalar) updatedAt!: string;
}

@ObjectType({ description: 'A column mapping with its confidence and the decision taken on it.' })
export class Mapping {
  @Field() id!: string;
  @Field() migrationId!: string;
  @Field() sourceTable!: string;
  @Field() sourceColumn!: string;
  @Field() targetTable!: string;
  @Field() targetColumn!: string;
  @Field(() => String, {
    nullable: true,
    description: 'SQL over the source column; null is identity.',
  })
  expression!: string | null;
  @Field(() => Float) confidence!: number;
  @Field() rationale!: string;
  @Field(() => MappingStatus) status!: MappingStatus;
  @Field(() => String, { nullable: true }) reviewReason!: string | null;
  @Field() proposedBy!: string;
  @Field(() => String, { nullable: true }) decidedBy!: string | null;
  @Field(() => String, { nullable: true }) decisionNote!: string | null;
  @Field(() => String, { nullable: true }) supersedes!: string | null;
  @Field(() => String, { nullable: true }) supersededBy!: string | null;
  @Field(() => DateTimeScalar) proposedAt!: string;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: string | null;
}

@ObjectType({
  description:
    'A KORA certificate as issued; the signed document is in the artifact store by its hash.',
})
export class Certificate {
  @Field() id!: string;
  @Field() migrationId!: string;
  @Field(() => CertificateStatus) status!: CertificateStatus;
  @Field(() => String, { nullable: true }) summary!: string | null;
  @Field() evidenceHash!: string;
  @Field(() => String, { nullable: true }) documentHash!: string | null;
  @Field() issuedBy!: string;
  @Field(() => DateTimeScalar) issuedAt!: string;
}

@ObjectType()
export class TableRowCount {
  @Field() table!: string;
  @Field(() => Float) rows!: number;
}

@ObjectType({ description: 'What the delivery wrote, as the target confirmed it.' })
export class DeliveryReceipt {
  @Field() certificateId!: string;
  @Field(() => [TableRowCount]) rowsPerTable!: TableRowCount[];
  @Field(() => Float) rowCount!: number;
  @Field() checksum!: string;
  @Field(() => Float) elapsedMs!: number;
  @Field(() => Int, { nullable: true }) batchCount!: number | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Every table was read back from the target after delivery and matched the certified rows; null on receipts from before that check.',
  })
  verifiedInTarget!: boolean | null;
  @Field(() => DateTimeScalar) confirmedAt!: string;
}

@ObjectType()
export class PiiFinding {
  @Field() table!: string;
  @Field() column!: string;
  @Field(() => DateTimeScalar) detectedAt!: string;
}

@ObjectType({ description: 'One decision or step in the audit log of a migration.' })
export class Activity {
  @Field(() => Float) position!: number;
  @Field() streamId!: string;
  @Field(() => Int) revision!: number;
  @Field() eventType!: string;
  @Field() actor!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field() correlationId!: string;
  @Field() causationId!: string;
  @Field(() => DateTimeScalar) occurredAt!: string;
  @Field() summary!: string;
}

export const toMigrationTable = (record: MigrationTableRecord): MigrationTable => ({
  role: record.role as TableRole,
  name: record.tableName,
  rows: record.rows,
  partitions: record.partitions,
  piiColumns: record.piiColumns,
  phase: record.phase,
  updatedAt: record.updatedAt,
});

export const toMapping = (record: MappingRecord): Mapping => ({
  ...record,
  id: record.mappingId,
  status: record.status as MappingStatus,
});

export const toCertificate = (record: CertificateRecord): Certificate => ({
  ...record,
  id: record.certificateId,
  status: record.status as CertificateStatus,
});

export const toDeliveryReceipt = (record: DeliveryReceiptRecord): DeliveryReceipt => ({
  ...record,
  rowsPerTable: Object.entries(record.rowsPerTable).map(([table, rows]) => ({ table, rows })),
});

export const toPiiFinding = (record: PiiFindingRecord): PiiFinding => ({
  table: record.tableName,
  column: record.columnName,
  detectedAt: record.detectedAt,
});
