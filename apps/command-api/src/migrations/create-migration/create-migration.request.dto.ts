import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { dataStoreKinds, type DataStoreKind } from '@sensei/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, ID_PATTERN_MESSAGE } from '../shared/ids';
import { VerificationConfigDto } from './verification-config.request.dto';

export class DataStoreRefDto {
  @ApiProperty({ enum: dataStoreKinds, example: 'postgres' })
  @IsIn(dataStoreKinds)
  kind!: DataStoreKind;

  @ApiProperty({
    example: 'postgres://app@db.internal:5432/crm',
    description: 'Never with a password: credentials come from the secret store',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  uri!: string;
}

export class TolerancesDto {
  @ApiPropertyOptional({ example: 0.0001 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  numericEpsilon?: number;

  @ApiPropertyOptional({ example: 1000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  timestampToleranceMs?: number;

  @ApiPropertyOptional({ enum: ['exact', 'normalized'] })
  @IsOptional()
  @IsIn(['exact', 'normalized'])
  stringMode?: 'exact' | 'normalized';
}

export class MigrationConfigDto {
  @ApiPropertyOptional({ example: 10000, description: 'Rows profiled per table' })
  @IsOptional()
  @IsInt()
  @Min(1)
  sampleSize?: number;

  @ApiPropertyOptional({ example: 10000, description: 'Rows per delivery batch' })
  @IsOptional()
  @IsInt()
  @Min(1)
  batchSize?: number;

  @ApiPropertyOptional({ type: [String], example: ['public.customers'] })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(10000)
  tables?: string[];

  @ApiPropertyOptional({ example: 0.95, minimum: 0.92, maximum: 1 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.92)
  @Max(1)
  reviewThreshold?: number;

  @ApiPropertyOptional({ type: TolerancesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TolerancesDto)
  tolerances?: TolerancesDto;

  @ApiPropertyOptional({ type: VerificationConfigDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VerificationConfigDto)
  verification?: VerificationConfigDto;
}

export class CreateMigrationRequestDto {
  @ApiPropertyOptional({ description: 'Client-chosen id; a UUID is generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  migrationId?: string;

  @ApiProperty({ type: DataStoreRefDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DataStoreRefDto)
  source!: DataStoreRefDto;

  @ApiProperty({ type: DataStoreRefDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => DataStoreRefDto)
  target!: DataStoreRefDto;

  @ApiPropertyOptional({ type: MigrationConfigDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MigrationConfigDto)
  config?: MigrationConfigDto;
}
