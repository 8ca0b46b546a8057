import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { WebhookRegistry } from '@sensei/infra';
import { InlineWebhooks } from '../shared/inline-webhooks';
import { DeleteWebhookCommand } from './delete-webhook.command';

@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly dispatcher: InlineWebhooks,
  ) {}

  async execute({ webhookId, metadata }: DeleteWebhookCommand): Promise<void> {
    await this.registry.delete(webhookId, metadata);
    this.dispatcher.registrationsChanged();
  }
}
