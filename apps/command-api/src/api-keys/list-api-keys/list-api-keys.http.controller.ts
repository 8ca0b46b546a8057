import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ApiKeyResponseDto } from '../api-key.response.dto';
import { ListApiKeysQuery } from './list-api-keys.query';

@ApiTags('api-keys')
@Controller('api-keys')
export class ListApiKeysHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'List API keys, revoked ones included; never the keys themselves (role: admin)',
  })
  @ApiOkResponse({ type: [ApiKeyResponseDto] })
  list(): Promise<ApiKeyResponseDto[]> {
    return this.queryBus.execute(new ListApiKeysQuery());
  }
}
