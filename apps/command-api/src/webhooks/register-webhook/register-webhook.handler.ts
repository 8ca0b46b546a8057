import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookRegistry } from '@sensei/infra';
import { InlineWebhooks } from '../shared/inline-webhooks';
import type { CreatedWebhookResponseDto } from '../shared/webhook.response.dto';
import { webhookView } from '../shared/webhook-view';
import { RegisterWebhookCommand } from './register-webhook.command';

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly dispatcher: InlineWebhooks,
  ) {}

  async execute({ request, metadata }: RegisterWebhookCommand): Promise<CreatedWebhookResponseDto> {
    const { webhook, secret } = await this.registry.register({ ...request, metadata });
    this.dispatcher.registrationsChanged();
    return { ...webhookView(webhook, undefined), secret };
  }
}
