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
import { ListMappingsQuery } from './list-mappings.query';
import { ListMappingsRequestDto } from './list-mappings.request.dto';
import { MappingListResponseDto } from './list-mappings.response.dto';

@ApiTags('mappings')
@Controller('migrations/:id/mappings')
export class ListMappingsHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({
    summary: "List a migration's mappings; ?status=in_review is the review queue (role: viewer)",
  })
  @ApiOkResponse({ type: MappingListResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'MIGRATION.NOT_FOUND', type: ErrorResponseDto })
  list(
    @Param() { id }: MigrationIdParams,
    @Query() { status }: ListMappingsRequestDto,
  ): Promise<MappingListResponseDto> {
    return this.queryBus.execute(new ListMappingsQuery(id, status));
  }
}
