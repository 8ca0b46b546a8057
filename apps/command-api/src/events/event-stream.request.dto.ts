import { ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPE_PATTERN, STREAM_PREFIX_PATTERN } from '@sensei/infra';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export const MAX_TYPES = 50;

/** `types=A,B` and `types=A&types=B` both give ['A', 'B']. */
const commaList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || Array.isArray(value)
    ? [value]
        .flat()
        .flatMap((item) => String(item).split(','))
        .map((item) => item.trim())
        .filter((item) => item !== '')
    : value;

export class EventStreamRequestDto {
  @ApiPropertyOptional({
    description:
      'Global position to start after (0 = the first event). A Last-Event-ID header wins over ' +
      'it, as an EventSource sends one when it reconnects to the same URL.',
    default: 0,
    minimum: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  from?: number;

  @ApiPropertyOptional({
    description: 'Comma-separated event types; absent: every type',
    example: 'MigrationRequested,MigrationCompleted',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(MAX_TYPES)
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: 'each of types must be an event type name' })
  types?: string[];

  @ApiPropertyOptional({ description: 'Only streams whose id starts so', example: 'migration-' })
  @IsOptional()
  @Matches(STREAM_PREFIX_PATTERN, { message: 'streamPrefix must be a stream id prefix' })
  streamPrefix?: string;

  @ApiPropertyOptional({ description: 'Only events of this migration (data.migrationId)' })
  @IsOptional()
  @Matches(STREAM_PREFIX_PATTERN, { message: 'migrationId must be a migration id' })
  migrationId?: string;
}
