import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookRegistry, WebhookStore } from '@sensei/infra';
import type { WebhookResponseDto } from '../shared/webhook.response.dto';
import { webhookView } from '../shared/webhook-view';
import { GetWebhookQuery, ListWebhooksQuery } from './get-webhooks.query';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly store: WebhookStore,
  ) {}

  async execute({ includeDeleted }: ListWebhooksQuery): Promise<WebhookResponseDto[]> {
    const webhooks = await this.registry.list({ includeDeleted });
    return Promise.all(
      webhooks.map(async (webhook) =>
        webhookView(webhook, await this.store.cursorOf(webhook.webhookId)),
      ),
    );
  }
}

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly store: WebhookStore,
  ) {}

  async execute({ webhookId }: GetWebhookQuery): Promise<WebhookResponseDto> {
    const webhook = await this.registry.require(webhookId);
    return webhookView(webhook, await this.store.cursorOf(webhookId));
  }
}
