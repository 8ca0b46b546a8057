import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { WebhookIdParams } from '../shared/webhook-id.params';
import { WebhookResponseDto } from '../shared/webhook.response.dto';
import { GetWebhookQuery, ListWebhooksQuery } from './get-webhooks.query';
import { ListWebhooksRequestDto } from './list-webhooks.request.dto';

@ApiTags('webhooks')
@Controller('webhooks')
export class GetWebhooksHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get()
  @RequireRole('operator')
  @ApiOperation({ summary: 'List webhooks with their delivery status (role: operator)' })
  @ApiOkResponse({ type: [WebhookResponseDto] })
  list(@Query() { includeDeleted = false }: ListWebhooksRequestDto): Promise<WebhookResponseDto[]> {
    return this.queryBus.execute(new ListWebhooksQuery(includeDeleted));
  }

  @Get(':id')
  @RequireRole('operator')
  @ApiOperation({
    summary:
      'A webhook: filter, delivered position, failures, what is being retried (role: operator)',
  })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK.NOT_FOUND', type: ErrorResponseDto })
  get(@Param() { id }: WebhookIdParams): Promise<WebhookResponseDto> {
    return this.queryBus.execute(new GetWebhookQuery(id));
  }
}
