import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { WebhookIdParams } from '../shared/webhook-id.params';
import { RedriveResponseDto } from '../shared/webhook.response.dto';
import { RedriveDeadLettersCommand } from './redrive-dead-letters.command';
import { RedriveDeadLettersRequestDto } from './redrive-dead-letters.request.dto';

@ApiTags('webhooks')
@Controller('webhooks/:id/dead-letters')
export class RedriveDeadLettersHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post('redrive')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireRole('operator')
  @ApiOperation({
    summary: 'Deliver dead letters again: all, or the one at `position` (role: operator)',
  })
  @ApiAcceptedResponse({ type: RedriveResponseDto })
  @ApiNotFoundResponse({ description: 'WEBHOOK.NOT_FOUND', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'WEBHOOK.DELETED', type: ErrorResponseDto })
  redrive(
    @Param() { id }: WebhookIdParams,
    @Body() body: RedriveDeadLettersRequestDto | undefined,
  ): Promise<RedriveResponseDto> {
    return this.commandBus.execute(new RedriveDeadLettersCommand(id, body?.position));
  }
}
