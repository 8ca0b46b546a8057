import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookRegistry, WebhookStore } from '@sensei/infra';
import type { DeadLetterPageDto, DeliveryLogPageDto } from '../shared/webhook.response.dto';
import { ListDeadLettersQuery, ListDeliveriesQuery } from './webhook-deliveries.query';

const stripWebhookId = <T extends { webhookId: string }>({ webhookId: _id, ...rest }: T) => rest;

/** The delivery log of one webhook (deleted ones too: their history stays). */
@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler implements IQueryHandler<ListDeliveriesQuery> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly store: WebhookStore,
  ) {}

  async execute({ webhookId, after, limit }: ListDeliveriesQuery): Promise<DeliveryLogPageDto> {
    await this.registry.require(webhookId);
    const page = await this.store.deliveries(webhookId, { after, limit });
    return { ...page, items: page.items.map(stripWebhookId) };
  }
}

@QueryHandler(ListDeadLettersQuery)
export class ListDeadLettersHandler implements IQueryHandler<ListDeadLettersQuery> {
  constructor(
    private readonly registry: WebhookRegistry,
    private readonly store: WebhookStore,
  ) {}

  async execute(query: ListDeadLettersQuery): Promise<DeadLetterPageDto> {
    const { webhookId, after, limit, state } = query;
    await this.registry.require(webhookId);
    const page = await this.store.deadLetters(webhookId, {
      after,
      limit,
      ...(state ? { state } : {}),
    });
    return { ...page, items: page.items.map(stripWebhookId) };
  }
}
