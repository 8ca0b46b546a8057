import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'source.uri' })
  field!: string;

  @ApiProperty({ type: [String], example: ['uri must be a string'] })
  problems!: string[];
}

export class ErrorDto {
  @ApiProperty({ example: 'MIGRATION.ILLEGAL_TRANSITION', description: 'Stable code to switch on' })
  code!: string;

  @ApiProperty({ example: 'Delivery needs a PASSED certificate' })
  message!: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;

  @ApiPropertyOptional({ type: [FieldProblemDto], description: 'Only for VALIDATION.FAILED' })
  fields?: FieldProblemDto[];
}

/** Every error the API returns has this shape. */
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorDto })
  error!: ErrorDto;
}
