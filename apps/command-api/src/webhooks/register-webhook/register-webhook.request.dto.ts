import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVENT_TYPE_PATTERN, STREAM_PREFIX_PATTERN } from '@sensei/infra';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { ID_PATTERN, ID_PATTERN_MESSAGE } from '../../migrations/shared/ids';

export class RegisterWebhookRequestDto {
  @ApiProperty({
    example: 'https://hooks.example.com/sensei',
    description:
      'http(s), no user:password part (the URL is recorded in the event log; the signature ' +
      'authenticates Sensei to the receiver)',
  })
  @MaxLength(2048)
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      disallow_auth: true,
    },
    { message: 'url must be an http(s) URL without credentials' },
  )
  url!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['MigrationCompleted'],
    description: 'Absent or empty: every type',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: 'each of types must be an event type name' })
  types?: string[];

  @ApiPropertyOptional({ example: 'migration-', description: 'Only streams whose id starts so' })
  @IsOptional()
  @Matches(STREAM_PREFIX_PATTERN, { message: 'streamPrefix must be a stream id prefix' })
  streamPrefix?: string;

  @ApiPropertyOptional({ description: 'Only events of this migration (data.migrationId)' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_PATTERN_MESSAGE })
  migrationId?: string;

  @ApiPropertyOptional({
    description: 'Deliver events after this position (0: the whole log); absent: only new events',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  fromPosition?: number;

  @ApiPropertyOptional({ description: '16-256 visible ASCII characters; generated when absent' })
  @IsOptional()
  @Length(16, 256)
  @Matches(/^[\x21-\x7e]+$/, { message: 'secret must be visible ASCII characters' })
  secret?: string;
}
