import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { MigrationIdParams } from '../shared/migration-id.params';
import { GetMigrationEventsQuery } from './get-migration-events.query';
import {
  GetMigrationEventsRequestDto,
  MAX_EVENTS_PER_PAGE,
} from './get-migration-events.request.dto';
import { MigrationEventsResponseDto } from './get-migration-events.response.dto';

@ApiTags('migrations')
@Controller('migrations/:id/events')
export class GetMigrationEventsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: "Read a migration's events, forwards or backwards (role: viewer)" })
  @ApiOkResponse({ type: MigrationEventsResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'MIGRATION.NOT_FOUND', type: ErrorResponseDto })
  events(
    @Param() { id }: MigrationIdParams,
    @Query()
    {
      direction = 'forwards',
      fromRevision,
      maxCount = MAX_EVENTS_PER_PAGE,
    }: GetMigrationEventsRequestDto,
  ): Promise<MigrationEventsResponseDto> {
    return this.queryBus.execute(
      new GetMigrationEventsQuery(id, direction, fromRevision, maxCount),
    );
  }
}
