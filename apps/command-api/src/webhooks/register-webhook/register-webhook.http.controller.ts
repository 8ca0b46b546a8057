import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MessageMetadata } from '@sensei/domain';
import { RequireRole } from '../../auth/access.decorators';
import { ErrorResponseDto } from '../../http/error-response';
import { CommandMetadata } from '../../migrations/shared/request-context';
import { CreatedWebhookResponseDto } from '../shared/webhook.response.dto';
import { RegisterWebhookCommand } from './register-webhook.command';
import { RegisterWebhookRequestDto } from './register-webhook.request.dto';

@ApiTags('webhooks')
@Controller('webhooks')
export class RegisterWebhookHttpController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Register a webhook; its signing secret is returned once (role: admin)',
    description:
      'Events matching the filter are POSTed in position order, at least once, signed: ' +
      'X-Sensei-Signature: sha256=HMAC-SHA256(secret, "<X-Sensei-Timestamp>.<body>"). ' +
      'Dedupe on X-Sensei-Event-Id.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponseDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  register(
    @Body() body: RegisterWebhookRequestDto,
    @CommandMetadata() metadata: MessageMetadata,
  ): Promise<CreatedWebhookResponseDto> {
    return this.commandBus.execute(new RegisterWebhookCommand(body, metadata));
  }
}
