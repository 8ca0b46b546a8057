import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { WebhookIdParams } from '../shared/webhook-id.params';
import { DeadLetterPageDto, DeliveryLogPageDto } from '../shared/webhook.response.dto';
import { ListDeadLettersQuery, ListDeliveriesQuery } from './webhook-deliveries.query';
import { DeadLettersRequestDto, PageRequestDto } from './webhook-deliveries.request.dto';

const DEFAULT_PAGE = 100;

@ApiTags('webhooks')
@Controller('webhooks/:id')
export class WebhookDeliveriesHttpController {
  constructor(private readonly queryBus: QueryBus) {}

  @Get('deliveries')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'The delivery log: every attempt, oldest first, paginated (role: operator)',
  })
  @ApiOkResponse({ type: DeliveryLogPageDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK.NOT_FOUND', type: ErrorResponseDto })
  deliveries(
    @Param() { id }: WebhookIdParams,
    @Query() { after = 0, limit = DEFAULT_PAGE }: PageRequestDto,
  ): Promise<DeliveryLogPageDto> {
    return this.queryBus.execute(new ListDeliveriesQuery(id, after, limit));
  }

  @Get('dead-letters')
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Events given up on after the last attempt, by position, paginated (role: operator)',
  })
  @ApiOkResponse({ type: DeadLetterPageDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK.NOT_FOUND', type: ErrorResponseDto })
  deadLetters(
    @Param() { id }: WebhookIdParams,
    @Query() { after = 0, limit = DEFAULT_PAGE, state }: DeadLettersRequestDto,
  ): Promise<DeadLetterPageDto> {
    return this.queryBus.execute(new ListDeadLettersQuery(id, after, limit, state));
  }
}
