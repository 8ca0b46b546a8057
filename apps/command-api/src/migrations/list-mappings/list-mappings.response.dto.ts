import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class MappingDto {
  @ApiProperty() mappingId!: string;
  @ApiProperty({ example: 'InvoiceLine' }) sourceTable!: string;
  @ApiProperty({ example: 'UnitPrice' }) sourceColumn!: string;
  @ApiProperty({ example: 'invoice_line' }) targetTable!: string;
  @ApiProperty({ example: 'unit_price' }) targetColumn!: string;
  @ApiPropertyOptional({ description: 'DuckDB expression; identity when absent' })
  expression?: string;
  @ApiProperty({ minimum: 0, maximum: 1 }) confidence!: number;
  @ApiProperty() rationale!: string;
  @ApiProperty({ enum: ['proposed', 'in_review', 'approved', 'rejected', 'superseded'] })
  status!: string;
  @ApiProperty() proposedBy!: string;
  @ApiPropertyOptional() decidedBy?: string;
  @ApiPropertyOptional() rejectionReason?: string;
  @ApiPropertyOptional() supersedes?: string;
  @ApiPropertyOptional() supersededBy?: string;
}

export class MappingListResponseDto {
  @ApiProperty() migrationId!: string;
  @ApiProperty({ description: 'The threshold below which mappings wait for review' })
  reviewThreshold!: number;
  @ApiProperty({ type: [MappingDto], description: 'Lowest confidence first' })
  mappings!: MappingDto[];
}
