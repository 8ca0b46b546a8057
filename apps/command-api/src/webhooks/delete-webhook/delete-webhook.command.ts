import { Command } from '@nestjs/cqrs';
import type { MessageMetadata } from '@sensei/domain';

export class DeleteWebhookCommand extends Command<void> {
  constructor(
    readonly webhookId: string,
    readonly metadata: MessageMetadata,
  ) {
    super();
  }
}
