import { Controller, Delete, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MessageMetadata } from '@sensei/domain';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { CommandMetadata } from '../../migrations/shared/request-context';
import { WebhookIdParams } from '../shared/webhook-id.params';
import { DeleteWebhookCommand } from './delete-webhook.command';

@ApiTags('webhooks')
@Controller('webhooks')
export class DeleteWebhookHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Delete a webhook: deliveries stop, its secret is erased, its log stays (role: admin)',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'WEBHOOK.NOT_FOUND', type: ErrorResponseDto })
  remove(
    @Param() { id }: WebhookIdParams,
    @CommandMetadata() metadata: MessageMetadata,
  ): Promise<void> {
    return this.commandBus.execute(new DeleteWebhookCommand(id, metadata));
  }
}
