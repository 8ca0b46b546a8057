import { ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpectationConfig } from '@sensei/domain';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class VerificationQueryDto {
  @ApiPropertyOptional({ example: 'revenue by country' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    example: 'SELECT "BillingCountry", sum("Total") FROM "Invoice" GROUP BY 1',
    description: 'Written against source table and column names; rewritten for the target',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100_000)
  sql!: string;
}

/** KORA's settings; query syntax and expectation types are checked before anything is recorded. */
export class VerificationConfigDto {
  @ApiPropertyOptional({ example: 1000, description: 'Replayed queries per checkpoint, at most' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxQueries?: number;

  @ApiPropertyOptional({ type: [VerificationQueryDto] })
  @IsOptional()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => VerificationQueryDto)
  queries?: VerificationQueryDto[];

  @ApiPropertyOptional({
    description: 'Great Expectations-style {expectation_type, kwargs} lists keyed by target table',
    example: {
      invoice: [
        {
          expectation_type: 'expect_column_values_to_be_between',
          kwargs: { column: 'total', min_value: 0 },
        },
      ],
    },
  })
  @IsOptional()
  @IsObject()
  expectations?: Record<string, ExpectationConfig[]>;

  @ApiPropertyOptional({ example: 20, description: 'Differing keys named per table' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  diffKeyLimit?: number;

  @ApiPropertyOptional({ example: 0.01 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  maxKsStatistic?: number;

  @ApiPropertyOptional({ example: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  maxNullRatioDelta?: number;
}
