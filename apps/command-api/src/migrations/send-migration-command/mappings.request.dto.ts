import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
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

export class ProposeMappingRequestDto {
  @ApiPropertyOptional({ description: 'Generated when absent', example: 'customers.email' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  mappingId?: string;

  @ApiProperty({ example: 'public.customers' }) @IsString() @MinLength(1) sourceTable!: string;
  @ApiProperty({ example: 'email' }) @IsString() @MinLength(1) sourceColumn!: string;
  @ApiProperty({ example: 'public.clients' }) @IsString() @MinLength(1) targetTable!: string;
  @ApiProperty({ example: 'email_address' }) @IsString() @MinLength(1) targetColumn!: string;

  @ApiPropertyOptional({ example: 'lower(email)', description: 'DuckDB SQL; identity when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  expression?: string;

  @ApiProperty({
    example: 0.97,
    minimum: 0,
    maximum: 1,
    description: 'Below the review threshold a human decides',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  confidence!: number;

  @ApiProperty({ example: 'Same name and type; values match on sample' })
  @IsString()
  @MaxLength(10000)
  rationale!: string;
}

export class ApproveMappingRequestDto {
  @ApiPropertyOptional({ example: 'Checked against the data dictionary' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class RejectMappingRequestDto {
  @ApiProperty({ example: 'Wrong target column: use contact_email' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class MappingChangesDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) sourceTable?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) sourceColumn?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) targetTable?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) targetColumn?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null resets to identity' })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  expression?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000) rationale?: string;
}

export class EditMappingRequestDto {
  @ApiPropertyOptional({ description: 'Id of the replacing mapping; generated when absent' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  newMappingId?: string;

  @ApiProperty({ type: MappingChangesDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MappingChangesDto)
  changes!: MappingChangesDto;
}
