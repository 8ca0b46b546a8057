import { Command } from '@nestjs/cqrs';
import type { MessageMetadata } from '@sensei/domain';
import type { CreatedWebhookResponseDto } from '../shared/webhook.response.dto';
import type { RegisterWebhookRequestDto } from './register-webhook.request.dto';

export class RegisterWebhookCommand extends Command<CreatedWebhookResponseDto> {
  constructor(
    readonly request: RegisterWebhookRequestDto,
    readonly metadata: MessageMetadata,
  ) {
    super();
  }
}
