import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { certificateStatuses, type CertificateStatus } from '@sensei/domain';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, ID_PATTERN_MESSAGE } from '../shared/ids';
import { IsRowCounts } from './row-counts.validator';

/** Commands that take no input: any field sent is refused. */
export class EmptyRequestDto {}

export class ReasonRequestDto {
  @ApiProperty({ example: 'Source database maintenance window' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class IngestedTableDto {
  @ApiProperty({ example: 'public.customers' })
  @IsString()
  @MinLength(1)
  name!: string;

  @ApiProperty({ example: 120000 })
  @IsInt()
  @Min(0)
  rowCount!: number;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(0)
  partitionCount!: number;

  @ApiPropertyOptional({ type: [String], example: ['email'] })
  @IsOptional()
  @IsString({ each: true })
  piiColumns?: string[];
}

export class CompleteIngestionRequestDto {
  @ApiProperty({ example: 'sha256:9f2c...' })
  @IsString()
  @MinLength(1)
  manifestHash!: string;

  @ApiProperty({ type: [IngestedTableDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => IngestedTableDto)
  tables!: IngestedTableDto[];

  @ApiProperty({ example: 120000, description: "Must equal the tables' total" })
  @IsInt()
  @Min(0)
  rowCount!: number;
}

export class LineageEdgeDto {
  @ApiProperty() @IsString() @MinLength(1) mappingId!: string;
  @ApiProperty({ example: 'customers.email' }) @IsString() @MinLength(1) source!: string;
  @ApiProperty({ example: 'lower(email)' }) @IsString() @MinLength(1) transform!: string;
  @ApiProperty({ example: 'clients.email' }) @IsString() @MinLength(1) target!: string;
}

export class CompleteTransformationRequestDto {
  @ApiProperty() @IsString() @MinLength(1) sqlHash!: string;
  @ApiProperty() @IsString() @MinLength(1) outputManifestHash!: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) rowCount?: number;

  @ApiPropertyOptional({
    type: [LineageEdgeDto],
    description: 'Derived from the mappings when absent',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineageEdgeDto)
  lineage?: LineageEdgeDto[];
}

export class IssueCertificateRequestDto {
  @ApiPropertyOptional({ description: 'Generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  certificateId?: string;

  @ApiProperty({ enum: certificateStatuses })
  @IsIn(certificateStatuses)
  status!: CertificateStatus;

  @ApiProperty() @IsString() @MinLength(1) evidenceHash!: string;
  @ApiProperty({ description: 'Ed25519 signature over the evidence' })
  @IsString()
  @MinLength(1)
  signature!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() publicKey?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) summary?: string;

  @ApiPropertyOptional({
    description:
      'Artifact hash of the signed KORA certificate document; required for PASSED (it must verify under GET /kora/public-key)',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'documentHash must be 64 lower-case hex characters' })
  documentHash?: string;
}

export class ConfirmDeliveryRequestDto {
  @ApiProperty({ description: 'The PASSED certificate this delivery was made under' })
  @IsString()
  @MinLength(1)
  certificateId!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'public.customers': 120000 },
  })
  @IsRowCounts()
  rowsPerTable!: Record<string, number>;

  @ApiProperty() @IsString() @MinLength(1) checksum!: string;
  @ApiProperty() @IsInt() @Min(0) elapsedMs!: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) batchCount?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() verifiedInTarget?: boolean;
}
