import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { EventStore } from '@sensei/infra';
import { RequireRole } from '../auth/access.decorators';

export class EventHeadResponseDto {
  @ApiProperty({ description: 'Position of the last committed event; 0 when the log is empty' })
  position!: number;

  @ApiPropertyOptional({ description: 'When that event was recorded' })
  recordedAt?: string;
}

@ApiTags('events')
@Controller('events')
export class EventHeadHttpController {
  constructor(private readonly eventStore: EventStore) {}

  @Get('head')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'The end of the log, for lag (role: viewer)' })
  @ApiOkResponse({ type: EventHeadResponseDto })
  async head(): Promise<EventHeadResponseDto> {
    const [last] = await this.eventStore.readAll({ direction: 'backwards', maxCount: 1 });
    return last ? { position: last.position, recordedAt: last.recordedAt } : { position: 0 };
  }
}
