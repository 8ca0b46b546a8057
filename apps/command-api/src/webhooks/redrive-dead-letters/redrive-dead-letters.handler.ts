import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SenseiError } from '@sensei/domain';
import { WebhookRegistry, WebhookStore } from '@sensei/infra';
import { InlineWebhooks } from '../shared/inline-webhooks';
import type { RedriveResponseDto } from '../shared/webhook.response.dto';
import { RedriveDeadLettersCommand } from './redrive-dead-letters.command';

/**
 * Queues dead letters for another round of attempts. They go out before the webhook's next new
 * event, so out of position order with what was delivered meanwhile; receivers dedupe by id.
 */
@CommandHandler(RedriveDeadLettersCommand)
export class RedriveDeadLettersHandler implements ICommandHandler<RedriveDeadLettersCommand> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly store: WebhookStore,
    private readonly dispatcher: InlineWebhooks,
  ) {}

  async execute({ webhookId, position }: RedriveDeadLettersCommand): Promise<RedriveResponseDto> {
    const webhook = await this.registry.require(webhookId);
    if (webhook.status === 'deleted') {
      throw new SenseiError('WEBHOOK.DELETED', `Webhook ${webhookId} is deleted`, { webhookId });
    }
    const positions = await this.store.requestRedrive(webhookId, position);
    if (position !== undefined && positions.length === 0) {
      throw new SenseiError(
        'WEBHOOK.NOT_FOUND',
        `Webhook ${webhookId} has no dead letter at position ${position}`,
        { webhookId, position },
      );
    }
    this.dispatcher.redriveRequested(webhookId);
    return { positions };
  }
}
